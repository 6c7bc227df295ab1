#pragma once
// EPCIS 2.0 SimpleEventQuery (EPCIS 2.0 §8.2.7.1, query-schema.json, the REST binding's GET
// /events parameters): parsing the parameters into an EventQuery, matching a stored event against
// it, and the canonical forms of identifiers and vocabulary values that both the stores' indexes
// and the matcher compare.
//
// The division of work with the stores: Matches() is the single definition of what a query
// means. A store uses the indexable members (event types, times, actions, bizSteps, dispositions,
// locations, eventIDs, MATCH_ identifier conditions...) to narrow candidates with its indexes,
// which must give a superset of the true answer, and then calls Matches() on every candidate. So
// every backend gives the same answers.
//
// Pure functions; thread-safe (the matcher keeps per-thread scratch buffers and a small per-thread
// cache of canonical identifiers).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "epcis/cbv.hpp"
#include "epcis/date_time.hpp"
#include "epcis/event.hpp"

namespace txng::epcis {

// ---------------------------------------------------------------------------------------------
// Canonical forms

// The canonical form of an identifier URI, used for indexing and comparing EPCs, EPC classes,
// parentIDs, readPoint/bizLocation ids and source/destination and bizTransaction values:
// - an EPC URN (urn:epc:id:..., urn:epc:class:lgtin:...) that has a GS1 Digital Link equivalent:
//   that Digital Link on https://id.gs1.org (gs1::EpcUriToDigitalLink, DlEscaping::kEventHash);
// - a GS1 Digital Link URI on any host: the same key and qualifiers on https://id.gs1.org, query
//   string dropped, short GTINs padded to 14 digits, values re-escaped with kEventHash; with a
//   serial (21) after an 01 or 8006 key, the lot (10) and CPV (22) are dropped, as the EPC URN
//   (sgtin, itip) has neither;
// - anything else (other URIs, EPC URNs without a Digital Link form, invalid GS1 syntax):
//   unchanged.
// So `urn:epc:id:sgtin:0614141.107346.2017`, `https://id.gs1.org/01/10614141073464/21/2017`,
// `https://example.com/01/10614141073464/10/L1/21/2017?17=201231` have one canonical form.
std::string CanonicalIdentifier(std::string_view uri);

// The canonical form of a CBV vocabulary value: a standard word of `vocab` in any of its forms
// (bare, URN, Web URI, CURIE) gives its Web URI (cbv::ToWebUri); a CURIE whose prefix `namespaces`
// declares (or a well-known one) is expanded; anything else is unchanged.
std::string CanonicalVocabulary(cbv::Vocab vocab, std::string_view value,
                                const std::map<std::string, std::string>& namespaces);

// Where an identifier stands in an event. Bit flags, so a condition can name several roles.
enum IdRole : std::uint16_t {
    kRoleEpcList = 1u << 0,         // epcList
    kRoleChildEpcs = 1u << 1,       // childEPCs
    kRoleParentId = 1u << 2,        // parentID
    kRoleInputEpcs = 1u << 3,       // inputEPCList
    kRoleOutputEpcs = 1u << 4,      // outputEPCList
    kRoleQuantity = 1u << 5,        // quantityList[].epcClass
    kRoleChildQuantity = 1u << 6,   // childQuantityList[].epcClass
    kRoleInputQuantity = 1u << 7,   // inputQuantityList[].epcClass
    kRoleOutputQuantity = 1u << 8,  // outputQuantityList[].epcClass
};

// One identifier of an event with its role, in canonical form; `quantity` points into the event
// for the quantity roles (nullptr otherwise).
struct EventIdentifier {
    IdRole role = kRoleEpcList;
    std::string canonical;
    const QuantityElement* quantity = nullptr;
};

// Every identifier of `event` in the lists above, in event order (parentID first, then the lists
// in model order). What stores index for MATCH_ queries (and the trace index uses).
std::vector<EventIdentifier> EventIdentifiers(const Event& event);

// A condition on canonical identifiers made from one MATCH_ value.
struct IdPattern {
    enum class Kind {
        kExact,   // equal to `text`
        kPrefix,  // starts with `text`
        kGlob,    // SQLite GLOB syntax over the whole identifier: '*' any run, '?' one character,
                  // '[[]' a literal '['; used for EPC patterns with a wildcard before the last component
    };
    Kind kind = Kind::kExact;
    std::string text;
    bool Matches(std::string_view canonical_identifier) const;
    friend bool operator==(const IdPattern&, const IdPattern&) = default;
};

// The patterns one MATCH_ value stands for (any of them matching is a match):
// - a URI that is not a pattern: {kExact CanonicalIdentifier(value)};
// - a GTIN-level Digital Link (/01/<GTIN> and nothing else) as a class: {kExact it, kPrefix it + "/"},
//   i.e. the GTIN itself and every lot and serial of it;
// - an EPC pattern URI (urn:epc:idpat:...): kExact of its own canonical form (quantity lists name
//   classes by such patterns), plus the canonical identifiers it covers. An sgtin pattern stands
//   for GTINs like a GTIN-level Digital Link, so that MATCH_epcClass finds the lot classes too:
//   `urn:epc:idpat:sgtin:0614141.107346.*` -> {kExact "https://id.gs1.org/01/10614141073464",
//   kPrefix "https://id.gs1.org/01/10614141073464/"},
//   `urn:epc:idpat:sgtin:0614141.*.*` -> {kExact the URN, kGlob "https://id.gs1.org/01/?0614141??????",
//   kGlob "https://id.gs1.org/01/?0614141??????/*"}; an sgln pattern covers the GLN with and without
//   extension (/254/); grai, gdti, sgcn, giai, ginc, cpi patterns become key prefixes; gid, usdod and
//   adi patterns (no Digital Link) become prefixes of the pure-identity URN. A Digital Link does not
//   say how long its company prefix is, so a pattern naming only the company prefix also covers
//   keys of longer company prefixes that start with the same digits.
// Errors (where "value"): `query.epc_pattern` for an idpat URN that breaks the Tag Data Standard,
// `uri.format` for a value that is not an absolute URI.
Result<std::vector<IdPattern>> IdPatternsFor(std::string_view value);

// ---------------------------------------------------------------------------------------------
// The query

// One query parameter as the REST binding gives it: the name and its values. A URL parameter
// `EQ_bizStep=shipping,receiving` arrives as {"EQ_bizStep", {"shipping", "receiving"}}; the caller
// splits at unescaped commas and percent-decodes each value. A JSON query (POST /queries) gives an
// array's items as values and a scalar as one value in its JSON text form (`5`, `true`).
struct QueryParam {
    std::string name;
    std::vector<std::string> values;
};

enum class CompareOp { kEq, kGt, kGe, kLt, kLe, kExists };

// A comparison with a value that may be numeric, a date-time or text (parsed once, here).
struct QueryValue {
    std::string text;
    std::optional<double> number;  // when `text` is a JSON/xsd number
    std::optional<DateTime> time;  // when `text` is an RFC 3339 date-time
    std::optional<bool> boolean;   // when `text` is true/false
};

// A condition on a user extension field (EQ_/GT_/GE_/LT_/LE_/EXISTS_ families).
struct FieldCondition {
    enum class Scope {
        kEvent,                  // top-level extension field of the event
        kEventInner,             // INNER_: nested at any depth inside a top-level extension field
        kIlmd,                   // ILMD_: top-level ILMD field
        kIlmdInner,              // INNER_ILMD_
        kErrorDeclaration,       // ERROR_DECLARATION_
        kErrorDeclarationInner,  // INNER_ERROR_DECLARATION_
        kSensorElement,          // SENSORELEMENT_ (+ INNER_ form)
        kSensorElementInner,
        kSensorMetadata,  // SENSORMETADATA_
        kSensorMetadataInner,
        kSensorReport,  // SENSORREPORT_
        kSensorReportInner,
    };
    Scope scope = Scope::kEvent;
    CompareOp op = CompareOp::kEq;
    // The field: namespace URI and local name. A field of the event matches when its namespace is
    // the same up to one trailing '/', '#' or ':', or when namespace + local name spell the same IRI.
    std::string ns;
    std::string local;
    // EQ_: any of them (numbers compare numerically, date-times as instants, URIs in canonical
    // form); comparisons: exactly one, a number or a date-time; EXISTS_: none. Leaves of arrays
    // are compared one by one; objects never equal a value.
    std::vector<QueryValue> values;
};

// A sensor condition (EQ_type, EQ_deviceID, ..., GE_value_<UOM>, EQ_booleanValue, GE_percRank...).
// All sensor conditions of a query, and its SENSORELEMENT_/SENSORMETADATA_/SENSORREPORT_ field
// conditions, must hold for one and the same sensorReport, read together with its sensorElement's
// sensorMetadata (deviceID, dataProcessingMethod, bizRules and time may be written in either; the
// report's own value wins): EQ_type=Temperature&GT_value_CEL=8 asks for a temperature above 8.
// ..._value_<UOM> forms compare only reports whose uom is <UOM> (no unit conversion).
struct SensorCondition {
    std::string field;  // the sensorReport/sensorMetadata member: "type", "deviceID",
                        // "value", "minValue", "percRank", "startTime", ...
    CompareOp op = CompareOp::kEq;
    std::optional<std::string> uom;  // the <UOM> of ..._value_<UOM> forms
    std::vector<QueryValue> values;  // canonical where the field is a vocabulary (type)
};

// A typed link condition: EQ_bizTransaction_<type>, EQ_source_<type>, EQ_destination_<type>.
struct TypedLinkCondition {
    std::string type;                 // canonical BTT / SDT
    std::vector<std::string> values;  // canonical identifiers
};

struct IdCondition {
    std::uint16_t roles = 0;  // IdRole bits
    std::vector<IdPattern> patterns;
};

// All quantity conditions of a query must hold for one QuantityElement (of any of the four
// quantity lists): GE_quantity=10&LT_quantity=20 asks for an element between 10 and 20.
struct QuantityCondition {
    CompareOp op = CompareOp::kEq;   // not kExists
    double value = 0;                // values.front()
    std::vector<double> values;      // kEq: any of them; comparisons: exactly one
    std::optional<std::string> uom;  // EQ_quantity_<UOM> forms: the element's uom must be this
};

enum class OrderField { kNone, kEventTime, kRecordTime, kExtension };
enum class OrderDirection { kAsc, kDesc };

// A parsed SimpleEventQuery. Empty vectors and absent optionals mean "no condition". All values
// are in canonical form (CanonicalIdentifier / CanonicalVocabulary), so they compare directly with
// the canonical forms of an event's values.
struct EventQuery {
    // eventType: "ObjectEvent", ..., or an extension event type URI (a CURIE expanded with the
    // query's namespaces; Matches() accepts an event whose type is written as that IRI or as a
    // CURIE that expands to it).
    std::vector<std::string> event_types;
    std::optional<DateTime> ge_event_time, lt_event_time;  // GE inclusive, LT exclusive
    std::optional<DateTime> ge_record_time, lt_record_time;
    std::vector<Action> actions;
    std::vector<std::string> biz_steps;
    std::vector<std::string> dispositions;
    std::vector<std::string> persistent_disposition_set;
    std::vector<std::string> persistent_disposition_unset;
    std::vector<std::string> read_points;    // EQ_readPoint
    std::vector<std::string> biz_locations;  // EQ_bizLocation
    // WD_readPoint / WD_bizLocation: the named locations; a store replaces each list by its
    // closure over the master-data hierarchy (the location and all its descendants) before it
    // calls Matches(), which treats them as sets of locations to be equal to.
    std::vector<std::string> wd_read_points;
    std::vector<std::string> wd_biz_locations;
    std::vector<std::string> transformation_ids;
    std::vector<IdCondition> id_conditions;  // MATCH_*, each one must hold
    std::vector<QuantityCondition> quantity_conditions;
    std::vector<std::string> event_ids;  // EQ_eventID
    // EXISTS_errorDeclaration / EXISTS_sensorElementList: only ever true. `false` (or 0) means
    // "regardless" in the REST binding, so ParseEventQuery sets no condition for it; likewise an
    // EXISTS_<field>=false adds no FieldCondition.
    std::optional<bool> exists_error_declaration;
    std::optional<DateTime> ge_error_declaration_time, lt_error_declaration_time;
    std::vector<std::string> error_reasons;
    std::vector<std::string> corrective_event_ids;
    std::vector<TypedLinkCondition> biz_transactions, sources, destinations;
    std::optional<bool> exists_sensor_element_list;
    std::vector<SensorCondition> sensor_conditions;
    std::vector<FieldCondition> field_conditions;

    OrderField order_by = OrderField::kNone;
    std::string order_ns, order_local;  // kExtension: the field
    OrderDirection order_direction = OrderDirection::kDesc;
    std::optional<std::uint64_t> event_count_limit;
    std::optional<std::uint64_t> max_event_count;
};

// Parses the parameters of a SimpleEventQuery. `namespaces` (prefix -> URI) resolves the CURIEs
// of extension field names (`EQ_example:temperature`): the request's GS1-Extensions header and
// the well-known prefixes; a field name may also be a full IRI (`EQ_https://ns.example.com/x#t`),
// split at its last '/' or '#' (a URN at its last ':'). A parameter named twice is an error
// (GE_errorDeclarationTime and the schema's GE_errorDeclaration_Time are one name). Fixed names
// (EQ_bizStep, EQ_type...) and the families without a field IRI (EQ_bizTransaction_<type>,
// EQ_value_<UOM>...) win over extension fields, whose names always hold a ':'.
// EXISTS_ parameters take no value, an empty one, `true`, `1` or `null`; `false` or `0` ask for
// nothing.
// Errors (ErrorCode::kInvalidArgument; Error::where is the parameter name; the EPCIS
// QueryParameterException cases):
//   `query.unknown_parameter`  a name that is no parameter of the standard (also perPage and
//                              nextPageToken, which the REST layer handles before calling this;
//                              a <UOM> that is not 2 to 4 upper-case letters or digits)
//   `query.duplicate_parameter`, `query.value` (a value of the wrong form: time, number,
//   action, a bare word that is no standard CBV word, an unknown word in a CBV namespace...),
//   `uri.format` (a value that must be an absolute URI or CURIE), `query.value_count` (a
//   single-valued parameter given several values, a list given none), `query.prefix` (an
//   undeclared extension prefix), `query.event_count_limit` (eventCountLimit without orderBy, or
//   with maxEventCount), and the errors of IdPatternsFor.
// Master-data attribute parameters (EQ_readPoint_<attr>, EQ_bizLocation_<attr> and their INNER_
// forms, HASATTR_, EQ_ATTR_) give ErrorCode::kNotImplemented, rule `query.not_implemented`.
Result<EventQuery> ParseEventQuery(const std::vector<QueryParam>& params,
                                   const std::map<std::string, std::string>& namespaces);

// True when `event` satisfies every condition of `query` (its record_time and event_id as the
// store set them). `namespaces` (EffectiveNamespaces of the event) expands CURIEs in the event's
// vocabulary values, extension event type and extension field values; identifiers are compared
// by CanonicalIdentifier, without CURIE expansion, as the stores index them. Ignores order_by,
// event_count_limit and max_event_count. Allocates nothing in the common cases (canonical forms
// of identifiers come from a per-thread cache).
bool Matches(const EventQuery& query, const Event& event, const std::map<std::string, std::string>& namespaces);

// The sort key of `event` under `query.order_by` for kExtension: the field's value (number, time
// or text); nullopt when the event has no such field (such events sort last in either direction).
std::optional<QueryValue> OrderValue(const EventQuery& query, const Event& event);

}  // namespace txng::epcis
