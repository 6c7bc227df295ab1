#pragma once
// CBV 2.0 Event Hash ID (CBV 2.0 §8.9): a name-based identifier of an EPCIS event computed from a
// canonical "pre-hash string", so that every serialisation of one event (JSON-LD or XML, any
// identifier form, time zone, field order, number format) gets the same id.
//
// The canonical form is the one of the reference implementation RalphTro/epcis-event-hash-generator
// (Python, CBV 2.0; its test vectors are in ../shared/conformance/hash), which other EPCIS 2.0
// systems reproduce, so its quirks are reproduced as well:
// - fields in a fixed order (eventType, eventTime, eventTimeZoneOffset, certificationInfo,
//   parentID, the EPC and quantity lists, action, transformationID, bizStep, disposition,
//   persistentDisposition, readPoint, bizLocation, sensorElementList), written `name=value` with
//   list and structure names appearing once, no separators;
// - then, sorted as strings: bizTransactionList, sourceList, destinationList, ilmd, the user
//   extensions (`{namespace}local=value`), and whatever part of a standard structure the fixed
//   order does not cover (a sensorReport's bizRules, extensions inside readPoint or sensor
//   structures whose namespace does not end in '/');
// - recordTime, eventID, errorDeclaration and comments are left out;
// - timestamps in UTC with milliseconds, numbers without trailing zeros, CBV values as Web URIs,
//   EPC URIs and Digital Links of any host as canonical `https://id.gs1.org/...` Digital Links.
// See event_hash_canon.hpp for the value rules.
//
// Pure functions over the event model; thread-safe (per-thread scratch buffers).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "epcis/event.hpp"

namespace txng::epcis {

// The named-information hash algorithms of RFC 6920 the reference offers.
enum class HashAlgorithm {
    kSha256,    // ni:///sha-256;  (the CBV 2.0 default)
    kSha3_256,  // ni:///sha3-256;
    kSha384,    // ni:///sha-384;
    kSha512,    // ni:///sha-512;
};

struct HashOptions {
    // Event-level fields left out of the pre-hash string (a document's `ignoreFields` list, which
    // repositories use for fields they add themselves). Each entry is either the bare name of a
    // standard EPCIS field (`bizStep`, `readPoint`, `ilmd`, ...) or the full IRI of a user
    // extension field: namespace URI followed by the local name
    // (`https://ns.example.com/epcis/captureID`).
    std::vector<std::string> ignore_fields;
    HashAlgorithm algorithm = HashAlgorithm::kSha256;
};

// The options a document asks for: its `ignoreFields` declaration (a member or element with local
// name `ignoreFields` among the document's or its header's extensions: JSON array of CURIEs or
// IRIs, XML element whose children name the fields). Default options when there is none.
HashOptions HashOptionsForDocument(const Document& doc);

// The canonical pre-hash string of CBV 2.0 §8.9 for `event`. `namespaces` (prefix -> URI; pass
// EffectiveNamespaces(doc, event)) expands a CURIE in the type of an extension event; extension
// field names already carry their namespace URI in the model.
std::string EventPreHashString(const Event& event, const std::map<std::string, std::string>& namespaces,
                               const HashOptions& options = {});

// Appends the pre-hash string to `out` (no allocation beyond `out`'s growth).
void AppendEventPreHashString(std::string& out, const Event& event,
                              const std::map<std::string, std::string>& namespaces, const HashOptions& options = {});

// "ni:///sha-256;<64 lower-case hex>?ver=CBV2.0" (other algorithms: see HashAlgorithm).
std::string EventHashId(const Event& event, const std::map<std::string, std::string>& namespaces,
                        const HashOptions& options = {});

// The hash id of a pre-hash string.
std::string HashIdFromPreHashString(std::string_view pre_hash, HashAlgorithm algorithm = HashAlgorithm::kSha256);

}  // namespace txng::epcis
