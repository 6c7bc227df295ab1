#pragma once
// CBV 2.0 vocabularies: the standard words of each vocabulary and the forms a value may be written
// in. A standard value may be written as a bare word (`shipping`), a URN
// (`urn:epcglobal:cbv:bizstep:shipping`), a Web URI (`https://ref.gs1.org/cbv/BizStep-shipping`)
// or a CURIE (`cbv:BizStep-shipping`, `gs1:...` for GS1 Web Vocabulary terms). Any other value
// must be an absolute URI of the user's own.
//
// Pure functions over constant tables; thread-safe.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace txng::epcis::cbv {

enum class Vocab {
    kBizStep,
    kDisposition,
    kBizTransactionType,
    kSourceDestType,
    kErrorReason,
    kMeasurementType,  // sensorReport.type (GS1 Web Vocabulary, gs1:MeasurementType / MT-)
    kSensorAlertType,  // sensorReport.exception
    kComponent,        // sensorReport.component
};

// The standard words of `vocab`, as the JSON schema lists them.
std::span<const std::string_view> Words(Vocab vocab);
bool IsStandardWord(Vocab vocab, std::string_view word);

// Web URI prefix of the vocabulary (`https://ref.gs1.org/cbv/BizStep-`; for measurement types
// `https://gs1.org/voc/MT-`, for alert types `https://gs1.org/voc/SensorAlertType-`, for
// components `https://ref.gs1.org/cbv/Comp-`).
std::string_view WebUriPrefix(Vocab vocab);
// URN prefix of the vocabulary (`urn:epcglobal:cbv:bizstep:`); empty when it has none (sensor
// vocabularies exist only as Web URIs).
std::string_view UrnPrefix(Vocab vocab);

// The standard word `value` denotes, from any of its forms (bare, URN, Web URI with http or https,
// `cbv:`/`gs1:` CURIE when `namespaces` maps or defaults those prefixes); nullopt when `value` is
// not a standard value of `vocab`.
std::optional<std::string> StandardWord(Vocab vocab, std::string_view value,
                                        const std::map<std::string, std::string>* namespaces = nullptr);

// Forms of a standard word.
std::string ToWebUri(Vocab vocab, std::string_view word);
std::string ToUrn(Vocab vocab, std::string_view word);  // Web URI when the vocabulary has no URN form

// Expands a CURIE `prefix:local` when `prefix` is declared in `namespaces` (or is one of the
// well-known `cbv`, `gs1`, `rdfs`, `xsd`, `owl` prefixes); otherwise returns `value` unchanged.
std::string ExpandCurie(std::string_view value, const std::map<std::string, std::string>& namespaces);

}  // namespace txng::epcis::cbv
