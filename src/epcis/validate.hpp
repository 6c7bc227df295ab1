#pragma once
// Semantic validation of decoded EPCIS 2.0 documents and events.
//
// The decoders (json_codec.hpp, xml_codec.hpp) check structure: syntax, types, required members,
// allowed names, element order, the action enum and date-time syntax. This validator checks, on
// the model, what the EPCIS 2.0 JSON schema requires of the VALUES, so that JSON and XML input
// get the same rules, plus the GS1 rules on identifiers that a GS1 traceability system needs:
//
//   uri.format               a URI-typed value (eventID, EPCs, epcClass, readPoint/bizLocation id,
//                            bizTransaction, source/destination, certificationInfo, sensor URIs,
//                            correctiveEventIDs, transformationID, extension event type, master
//                            data ids, document id and @context URLs) is not an RFC 3986 absolute
//                            URI; also an ilmd member whose name is not a URI or prefixed name
//   cbv.bizStep, cbv.disposition (also persistentDisposition set/unset), cbv.bizTransactionType,
//   cbv.sourceDestType, cbv.errorReason, cbv.measurementType, cbv.sensorAlertType, cbv.component
//                            not a standard word of the vocabulary and not an acceptable URI (see
//                            "Vocabulary values" below)
//   pattern.event_time_zone_offset   not ±hh:mm within -14:00..+14:00
//   pattern.uom              quantity element uom not 2-3 upper-case letters/digits (UN/ECE Rec 20);
//                            a warning for sensor reports, where the schema leaves uom a free string
//   pattern.hex_binary       sensorReport hexBinaryValue not [A-Fa-f0-9]+
//   pattern.schema_version   schemaVersion not digits separated by dots
//   unique_items.epcList, unique_items.inputEPCList, unique_items.outputEPCList,
//   unique_items.persistentDisposition, unique_items.context
//                            a repeated value where the schema says uniqueItems (a warning for
//                            childEPCs and TransactionEvent epcList, which the schema leaves alone)
//   schema.min_items         empty persistentDisposition, sensorElement without sensorReport,
//                            TransactionEvent without bizTransaction
//   schema.one_of_identifiers  the event type's "which identifiers must be present" rule
//   schema.required          action missing on an event type that requires it; AssociationEvent
//                            without parentID
//   schema.unknown_property  action on a TransformationEvent
//   schema.ilmd_action, schema.ilmd_event_type   ilmd outside ObjectEvent ADD / TransformationEvent
//   gs1.epc_uri              an EPC URN (urn:epc:id|class|idpat:) that breaks the EPC Tag Data
//                            Standard (gs1/epc_uri.hpp); checked in every URI field
//   gs1.digital_link         a GS1 Digital Link URI that breaks the Digital Link standard (check
//                            digits, qualifier order...; gs1/digital_link.hpp), checked in the
//                            identifier fields (EPCs, epcClass, parentID, locations, parties,
//                            bizTransaction, deviceID, master data ids), not in fields that point
//                            at documents (rawData, bizRules...). An error on GS1's resolver
//                            (id.gs1.org); a warning on other hosts, where a URL only looks like a
//                            Digital Link (the valid openepcis corpus has such a URL with a broken
//                            GRAI: https://id.example.com/8003/952012200000001004)
// Warnings (the standard states them, the schema does not require them): `consistency.*`
// (recordTime before eventTime, declarationTime before eventTime, startTime after endTime,
// minValue above maxValue, percRank outside 0..100, a count quantity that is not whole, a negative
// quantity, a disposition both set and unset, the same eventID twice in one document, an
// AggregationEvent ADD/DELETE without parentID),
// `gs1.epc_level` (a class or pattern URN in an EPC list, an instance URN as epcClass), and the
// vocabulary warnings below.
//
// Vocabulary values. The schema allows a standard word exactly as listed (bare, case-sensitive) or
// a URI that is not in the reserved CBV URN / old ns.gs1.org namespaces (for measurement and alert
// types: not in the gs1.org/voc Web namespace). So in the JSON binding `urn:epcglobal:cbv:...` is an
// error even for a standard word. The XML binding writes standard values in exactly that URN form
// (and sensor types as gs1.org/voc Web URIs), so with Binding::kXml those forms are accepted when
// they name a standard word; a URN naming no standard word (`urn:epcglobal:cbv:bizstep:transforming`)
// is an error in both bindings. A Web URI or CURIE in GS1's own namespace that names no standard
// term (`cbv:my_own_party`) is accepted by the schema and gets a warning. A bare measurement type
// that is not on the list but looks like a term name (`Molar_concentration`) gets a warning: the
// GS1 Web Vocabulary list grows between releases (see cbv.hpp on EffectiveDoseRate) and the
// openepcis corpus uses such terms.
//
// Error::where is a path in the binding's form: JSON `epcisBody.eventList[1].bizStep`
// (EPCISQueryDocument `epcisBody.queryResults.resultsBody.eventList[1].bizStep`, bare event
// `bizStep`), XML `EPCISDocument/EPCISBody/EventList/ObjectEvent[2]/bizStep` (1-based among the
// EventList children; list items `epcList/epc[1]`, `quantityList/quantityElement[1]/epcClass`,
// attributes `sourceList/source[1]/@type`). Error::detail is one English sentence naming the field
// and the rule; Error::value the offending value.
//
// Pure functions; thread-safe. Valid values are checked without allocating where the GS1 parsers
// allow it; strings are built only for errors and warnings.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "epcis/event.hpp"

namespace txng::epcis {

// The binding a document was read from (or will be written in): it decides the vocabulary forms
// accepted (see above) and the form of the error paths.
enum class Binding { kJson, kXml };

struct ValidationOptions {
    Binding binding = Binding::kJson;
    // Validation stops adding errors (and, separately, warnings) past this many and sets
    // ValidationReport::truncated.
    std::size_t max_errors = 100;
    // JSON binding only: report the URN form of a standard word (`urn:epcglobal:cbv:bizstep:shipping`;
    // for sensor vocabularies the gs1.org/voc Web URI) as a warning instead of an error. The schema
    // refuses these forms, but some producers write them and so does one of GS1's own event-hash
    // test files (hash/equal-gs1/event_with_identical_hash_id_7.json): for imports and hashing
    // rather than capture. URN forms of non-standard words stay errors.
    bool lenient_vocabulary_forms = false;
};

struct ValidationReport {
    std::vector<Error> errors;    // the input breaks a rule: reject it
    std::vector<Error> warnings;  // accepted, but worth telling the sender
    bool truncated = false;       // more errors or warnings were found than max_errors
    bool ok() const { return errors.empty(); }
};

// Validates the document's own members (id, @context URLs, schemaVersion, master data) and every
// event. All errors are collected (up to options.max_errors), not just the first.
ValidationReport ValidateDocument(const Document& doc, const ValidationOptions& options = {});

// Validates one event; appends to `report`. `namespaces` is the effective prefix map for CURIEs
// (EffectiveNamespaces(doc, event)); `where` is the path of the event (empty for a bare event),
// in the binding's form. Does not check eventID uniqueness (a document-level warning).
void ValidateEvent(const Event& event, const std::map<std::string, std::string>& namespaces, std::string_view where,
                   const ValidationOptions& options, ValidationReport& report);

// The path of event `index` (0-based) of `doc` in the binding's form, as ValidateDocument writes
// it: `epcisBody.eventList[3]`, `EPCISDocument/EPCISBody/EventList/ObjectEvent[4]`, "" for a bare
// JSON event. Useful to callers that validate events one by one.
std::string EventPath(const Document& doc, std::size_t index, Binding binding);

}  // namespace txng::epcis
