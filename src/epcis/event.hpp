#pragma once
// The EPCIS 2.0 event model shared by the JSON-LD and XML codecs, validation, the event hash and
// everything above them. One struct holds the fields of all five event types; the codecs and the
// validator enforce which fields each type may carry. Values are kept as written (identifiers,
// vocabulary in bare, CURIE or URI form, timestamps with their offset) so that a document can be
// written back losslessly; normalisation is the job of cbv.hpp, gs1/ and the event hash.
//
// Plain data: no invariants beyond what the codecs and Validate() check; copyable, not
// thread-safe for concurrent mutation.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "epcis/date_time.hpp"

namespace txng::epcis {

// ---------------------------------------------------------------------------------------------
// Namespaces and user extensions

// A namespace declaration: JSON-LD context term (`"example": "https://ns.example.com/epcis/"`) or
// XML `xmlns:example="..."`.
struct NamespaceDecl {
    std::string prefix;
    std::string uri;
    friend bool operator==(const NamespaceDecl&, const NamespaceDecl&) = default;
};

struct ExtensionField;

// The value of a user extension element (or of an ILMD field, or of an extension inside a
// standard structure). JSON gives it a kind; XML gives text or child elements. XML attributes of
// an extension element are kept in `attributes` (JSON has none).
struct ExtensionValue {
    enum class Kind { kString, kNumber, kBoolean, kNull, kObject, kArray };
    Kind kind = Kind::kString;
    // kString: the text; kNumber: the number's lexical form as written (`"5"`, `"26.0"`, `"1e3"`);
    // kBoolean: "true" / "false".
    std::string text;
    // kObject: the members in document order. XML repeated child elements of the same name stay
    // as repeated members here; the JSON writer groups them into an array.
    std::vector<ExtensionField> fields;
    // kArray: the items in order (JSON arrays).
    std::vector<ExtensionValue> items;
    // XML attributes of the element holding this value (namespace URI may be empty).
    std::vector<ExtensionField> attributes;

    friend bool operator==(const ExtensionValue&, const ExtensionValue&) = default;
};

// One named member: `{namespace}local = value`. `prefix` is the prefix the document used, kept for
// writing back; it is not part of the identity. An empty `ns` means an unqualified name (only
// legal inside an extension object in JSON, and for XML attributes).
struct ExtensionField {
    std::string ns;
    std::string prefix;
    std::string name;
    ExtensionValue value;

    friend bool operator==(const ExtensionField&, const ExtensionField&) = default;
};

using Extensions = std::vector<ExtensionField>;

// ---------------------------------------------------------------------------------------------
// Standard structures

enum class EventType {
    kObjectEvent,
    kAggregationEvent,
    kTransactionEvent,
    kTransformationEvent,
    kAssociationEvent,
    kExtensionEvent,  // a type outside the five, named by a URI (schema `Extended-Event`)
};

enum class Action { kAdd, kObserve, kDelete };

std::string_view EventTypeName(EventType type);  // "ObjectEvent"... ("" for kExtensionEvent)
std::string_view ActionName(Action action);      // "ADD", "OBSERVE", "DELETE"

struct QuantityElement {
    std::string epc_class;           // EPC class URI: urn:epc:class:lgtin:..., idpat, or a DL URI
    std::optional<double> quantity;  // absent means "unknown quantity" of that class
    std::optional<std::string> uom;  // UN/ECE Rec 20 code, 2-3 characters
    friend bool operator==(const QuantityElement&, const QuantityElement&) = default;
};

struct BizTransaction {
    std::optional<std::string> type;  // BTT: bare word (po), CURIE (cbv:BTT-po) or URI
    std::string value;                // the transaction identifier URI
    friend bool operator==(const BizTransaction&, const BizTransaction&) = default;
};

// An element of sourceList or destinationList.
struct SourceDest {
    std::string type;   // SDT: owning_party, possessing_party, location (bare, CURIE or URI)
    std::string value;  // party or location identifier URI
    friend bool operator==(const SourceDest&, const SourceDest&) = default;
};

// readPoint or bizLocation.
struct Location {
    std::string id;
    Extensions extensions;
    friend bool operator==(const Location&, const Location&) = default;
};

struct PersistentDisposition {
    std::vector<std::string> set;
    std::vector<std::string> unset;
    friend bool operator==(const PersistentDisposition&, const PersistentDisposition&) = default;
};

struct ErrorDeclaration {
    DateTime declaration_time;
    std::optional<std::string> reason;  // bare word (did_not_occur, incorrect_data), CURIE or URI
    std::vector<std::string> corrective_event_ids;
    bool has_corrective_event_ids = false;  // the list was present (possibly empty)
    Extensions extensions;
    friend bool operator==(const ErrorDeclaration&, const ErrorDeclaration&) = default;
};

struct SensorMetadata {
    std::optional<DateTime> time;
    std::optional<DateTime> start_time;
    std::optional<DateTime> end_time;
    std::optional<std::string> device_id;
    std::optional<std::string> device_metadata;
    std::optional<std::string> raw_data;
    std::optional<std::string> data_processing_method;
    std::optional<std::string> biz_rules;
    Extensions extensions;
    friend bool operator==(const SensorMetadata&, const SensorMetadata&) = default;
};

struct SensorReport {
    std::optional<std::string> type;       // MeasurementType: bare (Temperature), CURIE (gs1:...) or URI
    std::optional<std::string> exception;  // ALARM_CONDITION / ERROR_CONDITION (bare, CURIE or URI)
    std::optional<std::string> device_id;
    std::optional<std::string> device_metadata;
    std::optional<std::string> raw_data;
    std::optional<std::string> data_processing_method;
    std::optional<std::string> biz_rules;
    std::optional<DateTime> time;
    std::optional<std::string> microorganism;
    std::optional<std::string> chemical_substance;
    std::optional<std::string> coordinate_reference_system;
    std::optional<double> value;
    std::optional<std::string> component;  // bare (x, latitude...), CURIE or URI
    std::optional<std::string> string_value;
    std::optional<bool> boolean_value;
    std::optional<std::string> hex_binary_value;
    std::optional<std::string> uri_value;
    std::optional<double> min_value;
    std::optional<double> max_value;
    std::optional<double> mean_value;
    std::optional<double> s_dev;
    std::optional<double> perc_rank;
    std::optional<double> perc_value;
    std::optional<std::string> uom;
    Extensions extensions;
    friend bool operator==(const SensorReport&, const SensorReport&) = default;
};

struct SensorElement {
    std::optional<SensorMetadata> sensor_metadata;
    std::vector<SensorReport> sensor_reports;
    Extensions extensions;
    friend bool operator==(const SensorElement&, const SensorElement&) = default;
};

// ---------------------------------------------------------------------------------------------
// The event

struct Event {
    EventType type = EventType::kObjectEvent;
    std::string extension_type;  // kExtensionEvent only: the type URI or CURIE as written

    // Namespaces declared on the event itself (a JSON-LD `@context` inside the event, or xmlns
    // attributes on the XML event element), in declaration order. Document-level declarations
    // live in Document::namespaces.
    std::vector<NamespaceDecl> namespaces;

    DateTime event_time;
    std::optional<DateTime> record_time;
    std::string event_time_zone_offset;  // as written, `±hh:mm`; validated by Validate()
    std::optional<std::string> event_id;
    // certificationInfo: the schema allows one URI or an array; `certification_info_is_array`
    // remembers which form was written.
    std::vector<std::string> certification_info;
    bool certification_info_is_array = false;
    std::optional<ErrorDeclaration> error_declaration;

    std::optional<std::string> parent_id;               // Aggregation, Transaction, Association
    std::vector<std::string> epc_list;                  // Object, Transaction
    std::vector<std::string> child_epcs;                // Aggregation, Association
    std::vector<QuantityElement> quantity_list;         // Object, Transaction
    std::vector<QuantityElement> child_quantity_list;   // Aggregation, Association
    std::vector<std::string> input_epc_list;            // Transformation
    std::vector<QuantityElement> input_quantity_list;   // Transformation
    std::vector<std::string> output_epc_list;           // Transformation
    std::vector<QuantityElement> output_quantity_list;  // Transformation
    // Which of the lists above were present in the input (an empty list may be written
    // explicitly: `"epcList": []`). Codecs set and honour these to round-trip exactly.
    struct Present {
        bool epc_list = false;
        bool child_epcs = false;
        bool quantity_list = false;
        bool child_quantity_list = false;
        bool input_epc_list = false;
        bool input_quantity_list = false;
        bool output_epc_list = false;
        bool output_quantity_list = false;
        bool biz_transaction_list = false;
        bool source_list = false;
        bool destination_list = false;
        bool sensor_element_list = false;
        friend bool operator==(const Present&, const Present&) = default;
    } present;

    std::optional<Action> action;                  // required for all but Transformation (which has none)
    std::optional<std::string> transformation_id;  // Transformation
    std::optional<std::string> biz_step;
    std::optional<std::string> disposition;
    std::optional<PersistentDisposition> persistent_disposition;
    std::optional<Location> read_point;
    std::optional<Location> biz_location;
    std::vector<BizTransaction> biz_transaction_list;
    std::vector<SourceDest> source_list;
    std::vector<SourceDest> destination_list;
    std::vector<SensorElement> sensor_element_list;
    // ILMD (Object ADD, Transformation): fields are namespaced like extensions.
    std::optional<Extensions> ilmd;

    // User extension fields at event level, in document order.
    Extensions extensions;
    // Free-text comments (JSON `rdfs:comment`, XML comments are not kept). Excluded from the hash.
    std::vector<std::string> comments;

    friend bool operator==(const Event&, const Event&) = default;
};

// ---------------------------------------------------------------------------------------------
// Master data (EPCISMasterDataDocument, or epcisHeader.epcisMasterData)

struct VocabularyAttribute {
    std::string id;        // attribute name URI (e.g. urn:epcglobal:cbv:mda#name)
    ExtensionValue value;  // text, or structured content (XML child elements / JSON object)
    friend bool operator==(const VocabularyAttribute&, const VocabularyAttribute&) = default;
};

struct VocabularyElement {
    std::string id;  // the element's identifier (a GLN-based SGLN URI, a GTIN class...)
    std::vector<VocabularyAttribute> attributes;
    std::vector<std::string> children;  // ids of child elements (location hierarchy)
    friend bool operator==(const VocabularyElement&, const VocabularyElement&) = default;
};

struct Vocabulary {
    std::string type;  // urn:epcglobal:epcis:vtype:BusinessLocation, ...:ReadPoint, ...:EPCClass
    std::vector<VocabularyElement> elements;
    friend bool operator==(const Vocabulary&, const Vocabulary&) = default;
};

// ---------------------------------------------------------------------------------------------
// Documents

enum class DocumentKind {
    kEpcisDocument,
    kEpcisQueryDocument,
    kEpcisMasterDataDocument,
    kBareEvent,  // a single event object/element with no document around it
};

std::string_view DocumentKindName(DocumentKind kind);  // "EPCISDocument", ... , "" for kBareEvent

struct Document {
    DocumentKind kind = DocumentKind::kEpcisDocument;

    // JSON-LD `@context` entries that are plain URLs (the EPCIS context URL first, as written).
    std::vector<std::string> context_urls;
    // Namespace declarations of the document (JSON-LD context terms or XML xmlns attributes on the
    // root), in declaration order; the EPCIS context's own terms are not listed.
    std::vector<NamespaceDecl> namespaces;

    std::optional<std::string> id;  // JSON `id` of the document
    std::string schema_version;     // "2.0"
    std::optional<DateTime> creation_date;
    // JSON-only document members of the standard (the XML binding carries them in the SBDH).
    std::optional<std::string> instance_identifier;
    std::optional<std::string> sender;
    std::optional<std::string> receiver;
    // epcisHeader: master data and any extension members of the header.
    std::vector<Vocabulary> master_data;
    bool has_header = false;
    Extensions header_extensions;
    // EPCISQueryDocument only.
    std::optional<std::string> subscription_id;
    std::optional<std::string> query_name;
    // Extension attributes/members on the document itself (XML root attributes other than
    // schemaVersion/creationDate/xmlns, JSON members outside the standard ones).
    Extensions extensions;

    std::vector<Event> events;

    friend bool operator==(const Document&, const Document&) = default;
};

// The effective namespace map for `event` inside `doc`: document declarations overridden by the
// event's own. Keys are prefixes.
std::map<std::string, std::string> EffectiveNamespaces(const Document& doc, const Event& event);

// Limits applied by every decoder. Input beyond them is rejected with ErrorCode::kTooLarge and a
// rule naming the limit, never parsed into unbounded memory.
struct DecodeLimits {
    std::size_t max_document_bytes = 64u << 20;  // 64 MiB
    std::size_t max_events = 100'000;
    std::size_t max_depth = 64;               // nesting of JSON values / XML elements
    std::size_t max_string_bytes = 1u << 20;  // one string or text node
};

}  // namespace txng::epcis
