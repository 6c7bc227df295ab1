// Encoder of the EPCIS XML binding (EncodeXmlDocument, declared in xml_codec.hpp). Writes text
// directly (no DOM): standard elements in the XSD order of xml_binding.hpp, two-space indentation.
// Extension elements keep the prefix of the model when it is bound to their namespace and get an
// xmlns declaration on the element itself when it is not.

#include <charconv>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "epcis/cbv.hpp"
#include "epcis/xml_binding.hpp"
#include "epcis/xml_codec.hpp"

namespace txng::epcis {
namespace {

using xml::Field;

std::string FormatNumber(double value, bool decimal) {
    char buf[400];
    // Quantities are xsd:decimal (no exponent); sensor values are xsd:double (shortest form).
    auto [end, ec] = decimal ? std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed)
                             : std::to_chars(buf, buf + sizeof(buf), value);
    if (ec != std::errc()) return "0";
    return std::string(buf, end);
}

// A bare standard word (`shipping`, as JSON-LD writes it) has no meaning in XML without a context:
// write its URN (Web URI for vocabularies without URN). Anything else stays as written.
std::string VocabularyValue(cbv::Vocab vocab, const std::string& value) {
    if (value.find(':') == std::string::npos && cbv::IsStandardWord(vocab, value)) return cbv::ToUrn(vocab, value);
    return value;
}

// An XML name without colon (the grammar of prefixes and local names), approximated for non-ASCII:
// every byte >= 0x80 is taken as a name character.
bool IsNcName(std::string_view s) {
    if (s.empty()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        const bool start = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
        const bool other = (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!start && (i == 0 || !other)) return false;
    }
    return true;
}

class Encoder {
  public:
    std::string Run(const Document& doc);

  private:
    struct Binding {
        std::string prefix;
        std::string uri;
    };

    // --- low-level writing
    void Newline() {
        out_ += '\n';
        out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
    }
    void Escape(std::string_view s, bool attribute);
    // Starts `<name`; declarations from here on belong to this tag.
    void StartTag(std::string_view name) {
        tag_mark_ = scope_.size();
        Newline();
        out_ += '<';
        out_ += name;
    }
    void Attribute(std::string_view name, std::string_view value) {
        out_ += ' ';
        out_ += name;
        out_ += "=\"";
        Escape(value, true);
        out_ += '"';
    }
    void EndStartTag() {
        out_ += '>';
        ++depth_;
    }
    void EndTag(std::string_view name) {
        --depth_;
        Newline();
        out_ += "</";
        out_ += name;
        out_ += '>';
    }
    void Leaf(std::string_view name, std::string_view text) {
        StartTag(name);
        out_ += '>';
        Escape(text, false);
        out_ += "</";
        out_ += name;
        out_ += '>';
    }

    // --- namespaces
    const std::string* Bound(std::string_view prefix) const;
    void Declare(std::string_view prefix, std::string_view uri, bool write = true);
    bool DeclaredOnThisTag(std::string_view prefix) const;
    std::string Qualify(std::string_view ns, std::string_view prefix, std::string_view name, bool write = true);
    void DeclareAll(const std::vector<NamespaceDecl>& decls);

    // --- extensions
    void WriteExtension(const ExtensionField& field);
    void WriteExtensionElement(const ExtensionField& field, const ExtensionValue& value);
    void WriteValueAttributes(const ExtensionValue& value);
    void WriteValueContent(std::string_view qname, const ExtensionValue& value);
    void WriteScalarAttributes(const Extensions& extensions);

    // --- events
    void WriteEvent(const Event& event, const std::vector<NamespaceDecl>* inherited);
    void WriteField(const Event& event, Field field);
    void WriteEpcList(std::string_view name, const std::vector<std::string>& epcs, bool present);
    void WriteQuantityList(std::string_view name, const std::vector<QuantityElement>& list, bool present);
    void WriteLocation(std::string_view name, const Location& location);
    void WriteSourceDest(std::string_view list_name, std::string_view item_name, const std::vector<SourceDest>& list,
                         bool present);
    void WriteSensorElement(const SensorElement& element);
    void WriteErrorDeclaration(const ErrorDeclaration& declaration);

    // --- documents
    void WriteHeader(const Document& doc, bool master_data_in_header);
    void WriteSbdh(const Document& doc);
    void WriteVocabularyList(const std::vector<Vocabulary>& vocabularies);
    void WriteDocumentExtensions(const Extensions& extensions);

    std::string out_;
    int depth_ = 0;
    std::vector<Binding> scope_;
    std::string root_prefix_;
    std::size_t tag_mark_ = 0;
    int generated_prefixes_ = 0;
};

void Encoder::Escape(std::string_view s, bool attribute) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::string_view replacement;
        switch (c) {
            case '&':
                replacement = "&amp;";
                break;
            case '<':
                replacement = "&lt;";
                break;
            case '>':
                replacement = "&gt;";
                break;
            case '"':
                if (attribute) replacement = "&quot;";
                break;
            case '\t':
                if (attribute) replacement = "&#9;";
                break;
            case '\n':
                if (attribute) replacement = "&#10;";
                break;
            case '\r':
                replacement = "&#13;";
                break;
            default:
                // XML 1.0 cannot carry other control characters at all.
                if (c < 0x20) replacement = "\xEF\xBF\xBD";
                break;
        }
        if (replacement.empty()) continue;
        out_.append(s.substr(start, i - start));
        out_ += replacement;
        start = i + 1;
    }
    out_.append(s.substr(start));
}

const std::string* Encoder::Bound(std::string_view prefix) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
        if (it->prefix == prefix) return &it->uri;
    }
    return nullptr;
}

// Brings prefix -> uri into scope for the start tag being written and, when `write`, writes its
// xmlns attribute (the caller writes it itself otherwise).
void Encoder::Declare(std::string_view prefix, std::string_view uri, bool write) {
    if (write) Attribute("xmlns:" + std::string(prefix), uri);
    scope_.push_back({std::string(prefix), std::string(uri)});
}

bool Encoder::DeclaredOnThisTag(std::string_view prefix) const {
    for (std::size_t i = tag_mark_; i < scope_.size(); ++i) {
        if (scope_[i].prefix == prefix) return true;
    }
    return false;
}

// The name to write for {ns}name in the start tag being written, declaring a prefix there when
// none is bound. `prefix` is the one the model remembers; another one is made up only when it
// cannot be used.
std::string Encoder::Qualify(std::string_view ns, std::string_view prefix, std::string_view name, bool write) {
    if (ns.empty()) return std::string(name);
    if (ns == xml::kNsXml) return "xml:" + std::string(name);
    if (IsNcName(prefix) && prefix != "xml" && prefix != "xmlns") {
        const std::string* bound = Bound(prefix);
        if (bound != nullptr && *bound == ns) return std::string(prefix) + ":" + std::string(name);
        // One start tag cannot declare a prefix twice; an outer declaration may be shadowed.
        if (!DeclaredOnThisTag(prefix)) {
            Declare(prefix, ns, write);
            return std::string(prefix) + ":" + std::string(name);
        }
    }
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
        if (it->uri != ns || it->prefix.empty()) continue;
        const std::string* bound = Bound(it->prefix);
        if (bound != nullptr && *bound == ns) return it->prefix + ":" + std::string(name);
    }
    std::string generated;
    do {
        generated = "ns" + std::to_string(++generated_prefixes_);
    } while (Bound(generated) != nullptr);
    Declare(generated, ns, write);
    return generated + ":" + std::string(name);
}

// Declarations of the document or of an event, each prefix once (the last binding wins).
void Encoder::DeclareAll(const std::vector<NamespaceDecl>& decls) {
    std::vector<const NamespaceDecl*> unique;
    for (const auto& d : decls) {
        // A default namespace would capture the unqualified standard elements.
        if (!IsNcName(d.prefix) || d.prefix == "xml" || d.prefix == "xmlns") continue;
        bool replaced = false;
        for (auto& u : unique) {
            if (u->prefix == d.prefix) {
                u = &d;
                replaced = true;
            }
        }
        if (!replaced) unique.push_back(&d);
    }
    for (const NamespaceDecl* d : unique) Declare(d->prefix, d->uri);
}

// `wanted`, or `wanted` with a number when `decls` already uses it for a namespace of its own.
std::string FreePrefix(std::string_view wanted, const std::vector<NamespaceDecl>& decls,
                       const std::vector<NamespaceDecl>& more = {}) {
    std::string candidate(wanted);
    for (int n = 1;; ++n) {
        bool taken = false;
        for (const auto* list : {&decls, &more}) {
            for (const auto& d : *list) taken = taken || d.prefix == candidate;
        }
        if (!taken) return candidate;
        candidate = std::string(wanted) + std::to_string(n);
    }
}

// -------------------------------------------------------------------------------------------------
// Extensions

void Encoder::WriteExtension(const ExtensionField& field) { WriteExtensionElement(field, field.value); }

void Encoder::WriteExtensionElement(const ExtensionField& field, const ExtensionValue& value) {
    // A member name XML cannot spell (possible in JSON) cannot be written at all.
    if (!IsNcName(field.name)) return;
    // A JSON array becomes the same element repeated.
    if (value.kind == ExtensionValue::Kind::kArray) {
        for (const auto& item : value.items) WriteExtensionElement(field, item);
        return;
    }
    const std::size_t mark = scope_.size();
    tag_mark_ = mark;
    const std::string qname = Qualify(field.ns, field.prefix, field.name, false);
    StartTag(qname);
    tag_mark_ = mark;
    for (std::size_t i = mark; i < scope_.size(); ++i) Attribute("xmlns:" + scope_[i].prefix, scope_[i].uri);
    WriteValueAttributes(value);
    WriteValueContent(qname, value);
    scope_.resize(mark);
}

void Encoder::WriteValueAttributes(const ExtensionValue& value) {
    for (const auto& a : value.attributes) {
        if (!IsNcName(a.name)) continue;
        const std::string name = Qualify(a.ns, a.prefix, a.name);
        Attribute(name, a.value.text);
    }
    if (value.kind == ExtensionValue::Kind::kNull) Attribute(Qualify(xml::kNsXsi, "xsi", "nil"), "true");
}

// Finishes an element whose start tag (name and attributes) is written.
void Encoder::WriteValueContent(std::string_view qname, const ExtensionValue& value) {
    switch (value.kind) {
        case ExtensionValue::Kind::kNull:
            out_ += "/>";
            return;
        case ExtensionValue::Kind::kObject:
        case ExtensionValue::Kind::kArray:
            if (value.fields.empty() && value.items.empty()) {
                out_ += "/>";
                return;
            }
            EndStartTag();
            for (const auto& f : value.fields) WriteExtension(f);
            EndTag(qname);
            return;
        case ExtensionValue::Kind::kString:
        case ExtensionValue::Kind::kNumber:
        case ExtensionValue::Kind::kBoolean:
            out_ += '>';
            Escape(value.text, false);
            out_ += "</";
            out_ += qname;
            out_ += '>';
            return;
    }
}

// Extensions of sensorMetadata / sensorReport: XML carries them as attributes, so only scalars.
void Encoder::WriteScalarAttributes(const Extensions& extensions) {
    for (const auto& e : extensions) {
        const auto kind = e.value.kind;
        if (kind != ExtensionValue::Kind::kString && kind != ExtensionValue::Kind::kNumber &&
            kind != ExtensionValue::Kind::kBoolean) {
            continue;
        }
        if (!IsNcName(e.name)) continue;
        const std::string name = Qualify(e.ns, e.prefix, e.name);
        Attribute(name, e.value.text);
    }
}

// -------------------------------------------------------------------------------------------------
// Events

void Encoder::WriteEvent(const Event& event, const std::vector<NamespaceDecl>* inherited) {
    const auto sequence = xml::Sequence(event.type);
    if (sequence.empty()) return;  // kExtensionEvent has no XML element
    const std::string_view name = EventTypeName(event.type);
    const std::size_t mark = scope_.size();
    StartTag(name);
    if (inherited != nullptr) {
        // A bare event is the root: it declares everything itself.
        Declare(FreePrefix("xsi", *inherited, event.namespaces), xml::kNsXsi);
        std::vector<NamespaceDecl> all = *inherited;
        all.insert(all.end(), event.namespaces.begin(), event.namespaces.end());
        DeclareAll(all);
    } else {
        DeclareAll(event.namespaces);
    }
    EndStartTag();
    for (Field f : sequence) WriteField(event, f);
    for (const auto& e : event.extensions) WriteExtension(e);
    EndTag(name);
    scope_.resize(mark);
}

void Encoder::WriteField(const Event& e, Field field) {
    switch (field) {
        case Field::kEventTime:
            Leaf("eventTime", e.event_time.ToString());
            return;
        case Field::kRecordTime:
            if (e.record_time) Leaf("recordTime", e.record_time->ToString());
            return;
        case Field::kEventTimeZoneOffset:
            Leaf("eventTimeZoneOffset", e.event_time_zone_offset);
            return;
        case Field::kEventId:
            if (e.event_id) Leaf("eventID", *e.event_id);
            return;
        case Field::kErrorDeclaration:
            if (e.error_declaration) WriteErrorDeclaration(*e.error_declaration);
            return;
        case Field::kCertificationInfo:
            for (const auto& c : e.certification_info) Leaf("certificationInfo", c);
            return;
        case Field::kParentId:
            if (e.parent_id) Leaf("parentID", *e.parent_id);
            return;
        case Field::kEpcList:
            WriteEpcList("epcList", e.epc_list, e.present.epc_list);
            return;
        case Field::kChildEpcs:
            WriteEpcList("childEPCs", e.child_epcs, e.present.child_epcs);
            return;
        case Field::kInputEpcList:
            WriteEpcList("inputEPCList", e.input_epc_list, e.present.input_epc_list);
            return;
        case Field::kOutputEpcList:
            WriteEpcList("outputEPCList", e.output_epc_list, e.present.output_epc_list);
            return;
        case Field::kQuantityList:
            WriteQuantityList("quantityList", e.quantity_list, e.present.quantity_list);
            return;
        case Field::kChildQuantityList:
            WriteQuantityList("childQuantityList", e.child_quantity_list, e.present.child_quantity_list);
            return;
        case Field::kInputQuantityList:
            WriteQuantityList("inputQuantityList", e.input_quantity_list, e.present.input_quantity_list);
            return;
        case Field::kOutputQuantityList:
            WriteQuantityList("outputQuantityList", e.output_quantity_list, e.present.output_quantity_list);
            return;
        case Field::kTransformationId:
            if (e.transformation_id) Leaf("transformationID", *e.transformation_id);
            return;
        case Field::kAction:
            if (e.action) Leaf("action", ActionName(*e.action));
            return;
        case Field::kBizStep:
            if (e.biz_step) Leaf("bizStep", VocabularyValue(cbv::Vocab::kBizStep, *e.biz_step));
            return;
        case Field::kDisposition:
            if (e.disposition) Leaf("disposition", VocabularyValue(cbv::Vocab::kDisposition, *e.disposition));
            return;
        case Field::kReadPoint:
            if (e.read_point) WriteLocation("readPoint", *e.read_point);
            return;
        case Field::kBizLocation:
            if (e.biz_location) WriteLocation("bizLocation", *e.biz_location);
            return;
        case Field::kBizTransactionList:
            if (!e.present.biz_transaction_list && e.biz_transaction_list.empty()) return;
            if (e.biz_transaction_list.empty()) {
                StartTag("bizTransactionList");
                out_ += "/>";
                return;
            }
            StartTag("bizTransactionList");
            EndStartTag();
            for (const auto& bt : e.biz_transaction_list) {
                StartTag("bizTransaction");
                if (bt.type) Attribute("type", VocabularyValue(cbv::Vocab::kBizTransactionType, *bt.type));
                out_ += '>';
                Escape(bt.value, false);
                out_ += "</bizTransaction>";
            }
            EndTag("bizTransactionList");
            return;
        case Field::kSourceList:
            WriteSourceDest("sourceList", "source", e.source_list, e.present.source_list);
            return;
        case Field::kDestinationList:
            WriteSourceDest("destinationList", "destination", e.destination_list, e.present.destination_list);
            return;
        case Field::kSensorElementList:
            if (!e.present.sensor_element_list && e.sensor_element_list.empty()) return;
            StartTag("sensorElementList");
            if (e.sensor_element_list.empty()) {
                out_ += "/>";
                return;
            }
            EndStartTag();
            for (const auto& s : e.sensor_element_list) WriteSensorElement(s);
            EndTag("sensorElementList");
            return;
        case Field::kPersistentDisposition: {
            if (!e.persistent_disposition) return;
            const auto& pd = *e.persistent_disposition;
            StartTag("persistentDisposition");
            if (pd.set.empty() && pd.unset.empty()) {
                out_ += "/>";
                return;
            }
            EndStartTag();
            for (const auto& v : pd.unset) Leaf("unset", VocabularyValue(cbv::Vocab::kDisposition, v));
            for (const auto& v : pd.set) Leaf("set", VocabularyValue(cbv::Vocab::kDisposition, v));
            EndTag("persistentDisposition");
            return;
        }
        case Field::kIlmd:
            if (!e.ilmd) return;
            StartTag("ilmd");
            if (e.ilmd->empty()) {
                out_ += "/>";
                return;
            }
            EndStartTag();
            for (const auto& f : *e.ilmd) WriteExtension(f);
            EndTag("ilmd");
            return;
        case Field::kCount:
            return;
    }
}

void Encoder::WriteEpcList(std::string_view name, const std::vector<std::string>& epcs, bool present) {
    if (!present && epcs.empty()) return;
    StartTag(name);
    if (epcs.empty()) {
        out_ += "/>";
        return;
    }
    EndStartTag();
    for (const auto& epc : epcs) Leaf("epc", epc);
    EndTag(name);
}

void Encoder::WriteQuantityList(std::string_view name, const std::vector<QuantityElement>& list, bool present) {
    if (!present && list.empty()) return;
    StartTag(name);
    if (list.empty()) {
        out_ += "/>";
        return;
    }
    EndStartTag();
    for (const auto& q : list) {
        StartTag("quantityElement");
        EndStartTag();
        Leaf("epcClass", q.epc_class);
        if (q.quantity) {
            Leaf("quantity", FormatNumber(*q.quantity, true));
        } else if (q.uom) {
            // uom needs a quantity before it in the XSD; nil says "unknown".
            StartTag("quantity");
            Attribute(Qualify(xml::kNsXsi, "xsi", "nil"), "true");
            out_ += "/>";
        }
        if (q.uom) Leaf("uom", *q.uom);
        EndTag("quantityElement");
    }
    EndTag(name);
}

void Encoder::WriteLocation(std::string_view name, const Location& location) {
    StartTag(name);
    EndStartTag();
    Leaf("id", location.id);
    for (const auto& e : location.extensions) WriteExtension(e);
    EndTag(name);
}

void Encoder::WriteSourceDest(std::string_view list_name, std::string_view item_name,
                              const std::vector<SourceDest>& list, bool present) {
    if (!present && list.empty()) return;
    StartTag(list_name);
    if (list.empty()) {
        out_ += "/>";
        return;
    }
    EndStartTag();
    for (const auto& sd : list) {
        StartTag(item_name);
        Attribute("type", VocabularyValue(cbv::Vocab::kSourceDestType, sd.type));
        out_ += '>';
        Escape(sd.value, false);
        out_ += "</";
        out_ += item_name;
        out_ += '>';
    }
    EndTag(list_name);
}

void Encoder::WriteSensorElement(const SensorElement& element) {
    StartTag("sensorElement");
    EndStartTag();
    if (element.sensor_metadata) {
        const auto& m = *element.sensor_metadata;
        const std::size_t mark = scope_.size();
        StartTag("sensorMetadata");
        if (m.time) Attribute("time", m.time->ToString());
        if (m.start_time) Attribute("startTime", m.start_time->ToString());
        if (m.end_time) Attribute("endTime", m.end_time->ToString());
        if (m.device_id) Attribute("deviceID", *m.device_id);
        if (m.device_metadata) Attribute("deviceMetadata", *m.device_metadata);
        if (m.raw_data) Attribute("rawData", *m.raw_data);
        if (m.data_processing_method) Attribute("dataProcessingMethod", *m.data_processing_method);
        if (m.biz_rules) Attribute("bizRules", *m.biz_rules);
        WriteScalarAttributes(m.extensions);
        out_ += "/>";
        scope_.resize(mark);
    }
    for (const auto& r : element.sensor_reports) {
        const std::size_t mark = scope_.size();
        StartTag("sensorReport");
        if (r.type) Attribute("type", VocabularyValue(cbv::Vocab::kMeasurementType, *r.type));
        if (r.exception) Attribute("exception", VocabularyValue(cbv::Vocab::kSensorAlertType, *r.exception));
        if (r.device_id) Attribute("deviceID", *r.device_id);
        if (r.device_metadata) Attribute("deviceMetadata", *r.device_metadata);
        if (r.raw_data) Attribute("rawData", *r.raw_data);
        if (r.data_processing_method) Attribute("dataProcessingMethod", *r.data_processing_method);
        if (r.biz_rules) Attribute("bizRules", *r.biz_rules);
        if (r.time) Attribute("time", r.time->ToString());
        if (r.microorganism) Attribute("microorganism", *r.microorganism);
        if (r.chemical_substance) Attribute("chemicalSubstance", *r.chemical_substance);
        if (r.coordinate_reference_system) Attribute("coordinateReferenceSystem", *r.coordinate_reference_system);
        if (r.value) Attribute("value", FormatNumber(*r.value, false));
        if (r.component) Attribute("component", VocabularyValue(cbv::Vocab::kComponent, *r.component));
        if (r.string_value) Attribute("stringValue", *r.string_value);
        if (r.boolean_value) Attribute("booleanValue", *r.boolean_value ? "true" : "false");
        if (r.hex_binary_value) Attribute("hexBinaryValue", *r.hex_binary_value);
        if (r.uri_value) Attribute("uriValue", *r.uri_value);
        if (r.min_value) Attribute("minValue", FormatNumber(*r.min_value, false));
        if (r.max_value) Attribute("maxValue", FormatNumber(*r.max_value, false));
        if (r.mean_value) Attribute("meanValue", FormatNumber(*r.mean_value, false));
        if (r.s_dev) Attribute("sDev", FormatNumber(*r.s_dev, false));
        if (r.perc_rank) Attribute("percRank", FormatNumber(*r.perc_rank, false));
        if (r.perc_value) Attribute("percValue", FormatNumber(*r.perc_value, false));
        if (r.uom) Attribute("uom", *r.uom);
        WriteScalarAttributes(r.extensions);
        out_ += "/>";
        scope_.resize(mark);
    }
    for (const auto& e : element.extensions) WriteExtension(e);
    EndTag("sensorElement");
}

void Encoder::WriteErrorDeclaration(const ErrorDeclaration& d) {
    StartTag("errorDeclaration");
    EndStartTag();
    Leaf("declarationTime", d.declaration_time.ToString());
    if (d.reason) Leaf("reason", VocabularyValue(cbv::Vocab::kErrorReason, *d.reason));
    if (d.has_corrective_event_ids || !d.corrective_event_ids.empty()) {
        StartTag("correctiveEventIDs");
        if (d.corrective_event_ids.empty()) {
            out_ += "/>";
        } else {
            EndStartTag();
            for (const auto& id : d.corrective_event_ids) Leaf("correctiveEventID", id);
            EndTag("correctiveEventIDs");
        }
    }
    for (const auto& e : d.extensions) WriteExtension(e);
    EndTag("errorDeclaration");
}

// -------------------------------------------------------------------------------------------------
// Documents

void Encoder::WriteSbdh(const Document& doc) {
    if (!doc.sender && !doc.receiver && !doc.instance_identifier) return;
    const std::size_t mark = scope_.size();
    StartTag("sbdh:StandardBusinessDocumentHeader");
    Declare("sbdh", xml::kNsSbdh);
    EndStartTag();
    Leaf("sbdh:HeaderVersion", "1.0");
    if (doc.sender) {
        StartTag("sbdh:Sender");
        EndStartTag();
        Leaf("sbdh:Identifier", *doc.sender);
        EndTag("sbdh:Sender");
    }
    if (doc.receiver) {
        StartTag("sbdh:Receiver");
        EndStartTag();
        Leaf("sbdh:Identifier", *doc.receiver);
        EndTag("sbdh:Receiver");
    }
    StartTag("sbdh:DocumentIdentification");
    EndStartTag();
    Leaf("sbdh:Standard", "EPCglobal");
    Leaf("sbdh:TypeVersion", "2.0");
    if (doc.instance_identifier) Leaf("sbdh:InstanceIdentifier", *doc.instance_identifier);
    Leaf("sbdh:Type", doc.kind == DocumentKind::kEpcisMasterDataDocument ? "MasterData" : "Events");
    if (doc.creation_date) Leaf("sbdh:CreationDateAndTime", doc.creation_date->ToString());
    EndTag("sbdh:DocumentIdentification");
    EndTag("sbdh:StandardBusinessDocumentHeader");
    scope_.resize(mark);
}

void Encoder::WriteHeader(const Document& doc, bool master_data_in_header) {
    const bool has_master_data = master_data_in_header && !doc.master_data.empty();
    const bool has_sbdh = doc.sender || doc.receiver || doc.instance_identifier;
    if (!doc.has_header && !has_master_data && !has_sbdh && doc.header_extensions.empty()) return;
    StartTag("EPCISHeader");
    if (!has_master_data && !has_sbdh && doc.header_extensions.empty()) {
        out_ += "/>";
        return;
    }
    EndStartTag();
    WriteSbdh(doc);
    if (has_master_data) {
        StartTag("extension");
        EndStartTag();
        StartTag("EPCISMasterData");
        EndStartTag();
        WriteVocabularyList(doc.master_data);
        EndTag("EPCISMasterData");
        EndTag("extension");
    }
    for (const auto& e : doc.header_extensions) WriteExtension(e);
    EndTag("EPCISHeader");
}

void Encoder::WriteVocabularyList(const std::vector<Vocabulary>& vocabularies) {
    StartTag("VocabularyList");
    if (vocabularies.empty()) {
        out_ += "/>";
        return;
    }
    EndStartTag();
    for (const auto& v : vocabularies) {
        StartTag("Vocabulary");
        Attribute("type", v.type);
        if (v.elements.empty()) {
            out_ += "/>";
            continue;
        }
        EndStartTag();
        StartTag("VocabularyElementList");
        EndStartTag();
        for (const auto& element : v.elements) {
            StartTag("VocabularyElement");
            Attribute("id", element.id);
            if (element.attributes.empty() && element.children.empty()) {
                out_ += "/>";
                continue;
            }
            EndStartTag();
            for (const auto& a : element.attributes) {
                // A JSON array value is the attribute repeated, as XML master data writes lists.
                const bool array = a.value.kind == ExtensionValue::Kind::kArray;
                const std::size_t count = array ? a.value.items.size() : 1;
                for (std::size_t i = 0; i < count; ++i) {
                    const ExtensionValue& value = array ? a.value.items[i] : a.value;
                    const std::size_t mark = scope_.size();
                    StartTag("attribute");
                    Attribute("id", a.id);
                    WriteValueAttributes(value);
                    WriteValueContent("attribute", value);
                    scope_.resize(mark);
                }
            }
            if (!element.children.empty()) {
                StartTag("children");
                EndStartTag();
                for (const auto& id : element.children) Leaf("id", id);
                EndTag("children");
            }
            EndTag("VocabularyElement");
        }
        EndTag("VocabularyElementList");
        EndTag("Vocabulary");
    }
    EndTag("VocabularyList");
}

// Document-level extensions after the body; unqualified scalar ones came from root attributes
// (an unqualified element would not be an extension) and go back there, see Run.
void Encoder::WriteDocumentExtensions(const Extensions& extensions) {
    for (const auto& e : extensions) {
        if (e.ns.empty()) continue;
        WriteExtension(e);
    }
}

std::string Encoder::Run(const Document& doc) {
    out_.reserve(1024 + doc.events.size() * 1536);
    out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    if (doc.kind == DocumentKind::kBareEvent && doc.events.size() == 1 &&
        !xml::Sequence(doc.events.front().type).empty()) {
        WriteEvent(doc.events.front(), &doc.namespaces);
        out_ += '\n';
        return std::move(out_);
    }

    std::string_view local;
    std::string_view wanted_prefix;
    std::string_view uri;
    switch (doc.kind) {
        case DocumentKind::kEpcisQueryDocument:
            local = "EPCISQueryDocument";
            wanted_prefix = "epcisq";
            uri = xml::kNsQuery2;
            break;
        case DocumentKind::kEpcisMasterDataDocument:
            local = "EPCISMasterDataDocument";
            wanted_prefix = "epcismd";
            uri = xml::kNsMasterData2;
            break;
        default:
            local = "EPCISDocument";
            wanted_prefix = "epcis";
            uri = xml::kNsEpcis2;
            break;
    }
    // The document's own declarations keep their prefixes; the binding's give way if need be.
    root_prefix_ = FreePrefix(wanted_prefix, doc.namespaces);
    const std::string root = root_prefix_ + ":" + std::string(local);
    StartTag(root);
    Declare(root_prefix_, uri);
    Declare(FreePrefix("xsi", doc.namespaces), xml::kNsXsi);
    DeclareAll(doc.namespaces);
    Attribute("schemaVersion", doc.schema_version.empty() ? std::string_view("2.0") : doc.schema_version);
    if (doc.creation_date) Attribute("creationDate", doc.creation_date->ToString());
    for (const auto& e : doc.extensions) {
        const auto kind = e.value.kind;
        if (e.ns.empty() && IsNcName(e.name) &&
            (kind == ExtensionValue::Kind::kString || kind == ExtensionValue::Kind::kNumber ||
             kind == ExtensionValue::Kind::kBoolean)) {
            Attribute(e.name, e.value.text);
        }
    }
    EndStartTag();

    switch (doc.kind) {
        case DocumentKind::kEpcisMasterDataDocument:
            WriteHeader(doc, false);
            StartTag("EPCISBody");
            EndStartTag();
            WriteVocabularyList(doc.master_data);
            EndTag("EPCISBody");
            break;
        case DocumentKind::kEpcisQueryDocument: {
            // Master data goes in the results when there is no header to hold it.
            const bool vocabulary_results = !doc.has_header && doc.events.empty() && !doc.master_data.empty();
            WriteHeader(doc, !vocabulary_results);
            StartTag("EPCISBody");
            EndStartTag();
            StartTag(root_prefix_ + ":QueryResults");
            EndStartTag();
            if (doc.query_name) Leaf("queryName", *doc.query_name);
            if (doc.subscription_id) Leaf("subscriptionID", *doc.subscription_id);
            StartTag("resultsBody");
            EndStartTag();
            if (vocabulary_results) {
                WriteVocabularyList(doc.master_data);
            } else {
                StartTag("EventList");
                if (doc.events.empty()) {
                    out_ += "/>";
                } else {
                    EndStartTag();
                    for (const auto& e : doc.events) WriteEvent(e, nullptr);
                    EndTag("EventList");
                }
            }
            EndTag("resultsBody");
            EndTag(root_prefix_ + ":QueryResults");
            EndTag("EPCISBody");
            break;
        }
        default:
            WriteHeader(doc, true);
            StartTag("EPCISBody");
            EndStartTag();
            StartTag("EventList");
            if (doc.events.empty()) {
                out_ += "/>";
            } else {
                EndStartTag();
                for (const auto& e : doc.events) WriteEvent(e, nullptr);
                EndTag("EventList");
            }
            EndTag("EPCISBody");
            break;
    }
    WriteDocumentExtensions(doc.extensions);
    EndTag(root);
    out_ += '\n';
    return std::move(out_);
}

}  // namespace

std::string EncodeXmlDocument(const Document& doc) {
    Encoder encoder;
    return encoder.Run(doc);
}

}  // namespace txng::epcis
