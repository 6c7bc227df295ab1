#include "epcis/event_hash.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "epcis/cbv.hpp"
#include "epcis/event_hash_canon.hpp"

namespace txng::epcis {
namespace {

using namespace event_hash_detail;
using cbv::Vocab;

constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

// ---------------------------------------------------------------------------------------------
// Sorted concatenation without a std::string per child: children are serialised one after the
// other into a per-depth scratch buffer, then their spans are sorted and appended. A child that
// itself has sorted children uses the next depth, so buffers never alias.

struct Scratch {
    std::deque<std::string> buffers;  // deque: growing it keeps references to outer levels valid
    std::deque<std::vector<std::pair<std::size_t, std::size_t>>> spans;
    std::size_t depth = 0;
};

Scratch& ThreadScratch() {
    thread_local Scratch scratch;
    return scratch;
}

class SortedChildren {
  public:
    SortedChildren() : scratch_(ThreadScratch()), level_(scratch_.depth++) {
        if (scratch_.buffers.size() <= level_) {
            scratch_.buffers.emplace_back();
            scratch_.spans.emplace_back();
        }
        buffer_ = &scratch_.buffers[level_];
        spans_ = &scratch_.spans[level_];
        buffer_base_ = buffer_->size();
        spans_base_ = spans_->size();
    }
    SortedChildren(const SortedChildren&) = delete;
    SortedChildren& operator=(const SortedChildren&) = delete;
    ~SortedChildren() {
        buffer_->resize(buffer_base_);
        spans_->resize(spans_base_);
        --scratch_.depth;
    }

    // Starts a child; write it into the returned buffer, then call Close().
    std::string& Open() {
        open_ = buffer_->size();
        return *buffer_;
    }
    // Ends the child; an empty one is dropped (the reference skips empty serialisations).
    void Close() {
        if (buffer_->size() > open_) spans_->emplace_back(open_, buffer_->size() - open_);
    }
    // Adds a finished string as a child.
    void Add(std::string_view s) {
        Open().append(s);
        Close();
    }
    bool empty() const { return spans_->size() == spans_base_; }

    // Appends the children to `out` in code point (UTF-8 byte) order.
    void AppendTo(std::string& out) {
        const std::string_view all(*buffer_);
        auto first = spans_->begin() + static_cast<std::ptrdiff_t>(spans_base_);
        std::sort(first, spans_->end(), [&](const auto& a, const auto& b) {
            return all.substr(a.first, a.second) < all.substr(b.first, b.second);
        });
        for (auto it = first; it != spans_->end(); ++it) out.append(all.substr(it->first, it->second));
    }

  private:
    Scratch& scratch_;
    std::size_t level_;
    std::string* buffer_ = nullptr;
    std::vector<std::pair<std::size_t, std::size_t>>* spans_ = nullptr;
    std::size_t buffer_base_ = 0;
    std::size_t spans_base_ = 0;
    std::size_t open_ = 0;
};

// Writes `name` and removes it again if nothing follows it (a structure is written only when some
// of its content is).
class Group {
  public:
    Group(std::string& out, std::string_view name) : out_(out), mark_(out.size()) {
        out.append(name);
        body_ = out.size();
    }
    bool Finish() {
        if (out_.size() != body_) return true;
        out_.resize(mark_);
        return false;
    }

  private:
    std::string& out_;
    std::size_t mark_;
    std::size_t body_;
};

// ---------------------------------------------------------------------------------------------
// Leaves

void Leaf(std::string& out, std::string_view key, std::string_view raw) {
    const std::string_view v = Strip(raw);
    if (v.empty()) return;
    out.append(key).push_back('=');
    AppendCanonicalValue(out, v);
}

void Leaf(std::string& out, std::string_view key, const std::optional<std::string>& raw) {
    if (raw) Leaf(out, key, std::string_view(*raw));
}

void VocabLeaf(std::string& out, std::string_view key, Vocab vocab, std::string_view raw) {
    const std::string_view v = Strip(raw);
    if (v.empty()) return;
    out.append(key).push_back('=');
    AppendVocabularyValue(out, vocab, v);
}

void VocabLeaf(std::string& out, std::string_view key, Vocab vocab, const std::optional<std::string>& raw) {
    if (raw) VocabLeaf(out, key, vocab, std::string_view(*raw));
}

void TimeLeaf(std::string& out, std::string_view key, const std::optional<DateTime>& t) {
    if (!t) return;
    out.append(key).push_back('=');
    AppendUtcMillis(out, *t);
}

void NumberLeaf(std::string& out, std::string_view key, const std::optional<double>& v) {
    if (!v) return;
    out.append(key).push_back('=');
    AppendPythonNumber(out, *v);
}

// ---------------------------------------------------------------------------------------------
// User extensions: `{namespace}local`, `=value` when there is text, then the children sorted.

void AppendName(std::string& out, std::string_view ns, std::string_view local) {
    if (!ns.empty()) out.append("{").append(ns).append("}");
    out.append(local);
}

std::string_view TextOf(const ExtensionValue& v) {
    switch (v.kind) {
        case ExtensionValue::Kind::kNull:
        case ExtensionValue::Kind::kArray:
            return {};
        default:
            return v.text;
    }
}

void AppendFieldNodes(SortedChildren& list, const ExtensionField& field);

void AppendNode(std::string& out, std::string_view ns, std::string_view local, const ExtensionValue& v) {
    AppendName(out, ns, local);
    if (const std::string_view text = Strip(TextOf(v)); !text.empty()) {
        out.push_back('=');
        AppendCanonicalValue(out, text);
    }
    const bool has_children = !v.fields.empty() || !v.items.empty() || !v.attributes.empty();
    if (!has_children) return;
    SortedChildren children;
    if (v.kind == ExtensionValue::Kind::kArray) {
        // An array inside an array: its items are nameless children (JSON only).
        for (const auto& item : v.items) {
            AppendNode(children.Open(), {}, {}, item);
            children.Close();
        }
    } else {
        // XML attributes are children like elements; xsi:type and friends only annotate the
        // lexical type, which JSON expresses without them, so they are not content.
        for (const auto& attr : v.attributes) {
            if (attr.ns == kXsiNamespace) continue;
            AppendNode(children.Open(), attr.ns, attr.name, attr.value);
            children.Close();
        }
        for (const auto& f : v.fields) AppendFieldNodes(children, f);
    }
    children.AppendTo(out);
}

// A JSON array value stands for repeated elements of the same name (as in XML).
void AppendFieldNodes(SortedChildren& list, const ExtensionField& field) {
    if (field.value.kind == ExtensionValue::Kind::kArray) {
        for (const auto& item : field.value.items) {
            AppendNode(list.Open(), field.ns, field.name, item);
            list.Close();
        }
        return;
    }
    AppendNode(list.Open(), field.ns, field.name, field.value);
    list.Close();
}

// Children an extension field contributes to its parent (a JSON array one per item).
std::size_t NodeCount(const Extensions& extensions) {
    std::size_t n = 0;
    for (const auto& f : extensions) n += f.value.kind == ExtensionValue::Kind::kArray ? f.value.items.size() : 1;
    return n;
}

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// The reference moves the extensions of a standard structure to the end of that structure only
// when the structure has more than one child, when no child name contains "eventTime" or
// "action", and only for names whose namespace ends in '/'; the others stay behind and are
// written with the leftovers at the end of the event.
bool MayGather(std::size_t child_count, const Extensions& extensions) {
    if (child_count <= 1) return false;
    for (const auto& f : extensions) {
        // The name is `{ns}local`; neither word can straddle a brace.
        for (std::string_view part : {std::string_view(f.ns), std::string_view(f.name)}) {
            if (Contains(part, "eventTime") || Contains(part, "action")) return false;
        }
    }
    return true;
}

bool Gatherable(const ExtensionField& f) { return !f.ns.empty() && f.ns.back() == '/'; }

// Writes the gathered extensions of a structure and adds the others, one string per child, to
// `left` (the structure's leftover children).
void WriteStructureExtensions(std::string& out, const Extensions& extensions, bool gather,
                              std::vector<std::string>& left) {
    if (extensions.empty()) return;
    SortedChildren gathered;
    for (const auto& f : extensions) {
        if (gather && Gatherable(f)) {
            AppendFieldNodes(gathered, f);
            continue;
        }
        if (f.value.kind == ExtensionValue::Kind::kArray) {
            for (const auto& item : f.value.items) AppendNode(left.emplace_back(), f.ns, f.name, item);
        } else {
            AppendNode(left.emplace_back(), f.ns, f.name, f.value);
        }
    }
    gathered.AppendTo(out);
}

// "name" + the sorted leftover children, or nothing.
void AddLeftover(std::vector<std::string>& into, std::string_view name, std::vector<std::string>& children) {
    if (children.empty()) return;
    std::sort(children.begin(), children.end());
    std::string s(name);
    for (const auto& c : children) s.append(c);
    into.push_back(std::move(s));
}

// ---------------------------------------------------------------------------------------------
// Standard structures

void EpcList(std::string& out, std::string_view name, const std::vector<std::string>& epcs) {
    if (epcs.empty()) return;
    SortedChildren list;
    for (const auto& epc : epcs) {
        Leaf(list.Open(), "epc", std::string_view(epc));
        list.Close();
    }
    if (list.empty()) return;
    out.append(name);
    list.AppendTo(out);
}

void QuantityList(std::string& out, std::string_view name, const std::vector<QuantityElement>& elements) {
    if (elements.empty()) return;
    SortedChildren list;
    for (const auto& q : elements) {
        std::string& b = list.Open();
        Group g(b, "quantityElement");
        Leaf(b, "epcClass", std::string_view(q.epc_class));
        NumberLeaf(b, "quantity", q.quantity);
        Leaf(b, "uom", q.uom);
        g.Finish();
        list.Close();
    }
    if (list.empty()) return;
    out.append(name);
    list.AppendTo(out);
}

void WriteLocation(std::string& out, std::string_view name, const Location& loc, std::vector<std::string>& leftovers) {
    const std::size_t children = (Strip(loc.id).empty() ? 0 : 1) + NodeCount(loc.extensions);
    const bool gather = MayGather(children, loc.extensions);
    std::vector<std::string> left;
    Group g(out, name);
    Leaf(out, "id", std::string_view(loc.id));
    WriteStructureExtensions(out, loc.extensions, gather, left);
    g.Finish();
    AddLeftover(leftovers, name, left);
}

void WriteSensorMetadata(std::string& out, const SensorMetadata& m, std::vector<std::string>& leftovers) {
    const std::size_t fields = m.time.has_value() + m.start_time.has_value() + m.end_time.has_value() +
                               m.device_id.has_value() + m.device_metadata.has_value() + m.raw_data.has_value() +
                               m.data_processing_method.has_value() + m.biz_rules.has_value();
    const bool gather = MayGather(fields + NodeCount(m.extensions), m.extensions);
    std::vector<std::string> left;
    Group g(out, "sensorMetadata");
    TimeLeaf(out, "time", m.time);
    TimeLeaf(out, "startTime", m.start_time);
    TimeLeaf(out, "endTime", m.end_time);
    Leaf(out, "deviceID", m.device_id);
    Leaf(out, "deviceMetadata", m.device_metadata);
    Leaf(out, "rawData", m.raw_data);
    Leaf(out, "dataProcessingMethod", m.data_processing_method);
    Leaf(out, "bizRules", m.biz_rules);
    WriteStructureExtensions(out, m.extensions, gather, left);
    g.Finish();
    AddLeftover(leftovers, "sensorMetadata", left);
}

void WriteSensorReport(std::string& out, const SensorReport& r, std::vector<std::string>& leftovers) {
    const std::size_t fields =
        r.type.has_value() + r.exception.has_value() + r.device_id.has_value() + r.device_metadata.has_value() +
        r.raw_data.has_value() + r.data_processing_method.has_value() + r.biz_rules.has_value() + r.time.has_value() +
        r.microorganism.has_value() + r.chemical_substance.has_value() + r.coordinate_reference_system.has_value() +
        r.value.has_value() + r.component.has_value() + r.string_value.has_value() + r.boolean_value.has_value() +
        r.hex_binary_value.has_value() + r.uri_value.has_value() + r.min_value.has_value() + r.max_value.has_value() +
        r.mean_value.has_value() + r.s_dev.has_value() + r.perc_rank.has_value() + r.perc_value.has_value() +
        r.uom.has_value();
    const bool gather = MayGather(fields + NodeCount(r.extensions), r.extensions);
    std::vector<std::string> left;
    Group g(out, "sensorReport");
    VocabLeaf(out, "type", Vocab::kMeasurementType, r.type);
    VocabLeaf(out, "exception", Vocab::kSensorAlertType, r.exception);
    Leaf(out, "deviceID", r.device_id);
    Leaf(out, "deviceMetadata", r.device_metadata);
    Leaf(out, "rawData", r.raw_data);
    Leaf(out, "dataProcessingMethod", r.data_processing_method);
    TimeLeaf(out, "time", r.time);
    Leaf(out, "microorganism", r.microorganism);
    Leaf(out, "chemicalSubstance", r.chemical_substance);
    NumberLeaf(out, "value", r.value);
    VocabLeaf(out, "component", Vocab::kComponent, r.component);
    Leaf(out, "stringValue", r.string_value);
    if (r.boolean_value) out.append(*r.boolean_value ? "booleanValue=true" : "booleanValue=false");
    Leaf(out, "hexBinaryValue", r.hex_binary_value);
    Leaf(out, "uriValue", r.uri_value);
    NumberLeaf(out, "minValue", r.min_value);
    NumberLeaf(out, "maxValue", r.max_value);
    NumberLeaf(out, "meanValue", r.mean_value);
    NumberLeaf(out, "sDev", r.s_dev);
    NumberLeaf(out, "percRank", r.perc_rank);
    NumberLeaf(out, "percValue", r.perc_value);
    Leaf(out, "uom", r.uom);
    Leaf(out, "coordinateReferenceSystem", r.coordinate_reference_system);
    WriteStructureExtensions(out, r.extensions, gather, left);
    g.Finish();
    // bizRules is not in the reference's sensorReport order: it stays behind.
    if (r.biz_rules && !Strip(*r.biz_rules).empty()) {
        std::string s;
        Leaf(s, "bizRules", r.biz_rules);
        left.push_back(std::move(s));
    }
    AddLeftover(leftovers, "sensorReport", left);
}

void WriteSensorElement(std::string& out, const SensorElement& e, std::vector<std::string>& leftovers) {
    const std::size_t children = (e.sensor_metadata ? 1 : 0) + e.sensor_reports.size() + NodeCount(e.extensions);
    const bool gather = MayGather(children, e.extensions);
    std::vector<std::string> left;
    Group g(out, "sensorElement");
    if (e.sensor_metadata) WriteSensorMetadata(out, *e.sensor_metadata, left);
    {
        SortedChildren reports;
        for (const auto& r : e.sensor_reports) {
            WriteSensorReport(reports.Open(), r, left);
            reports.Close();
        }
        reports.AppendTo(out);
    }
    WriteStructureExtensions(out, e.extensions, gather, left);
    g.Finish();
    AddLeftover(leftovers, "sensorElement", left);
}

void WriteSensorElementList(std::string& out, const std::vector<SensorElement>& list,
                            std::vector<std::string>& leftovers) {
    if (list.empty()) return;
    std::vector<std::string> left;
    SortedChildren elements;
    for (const auto& e : list) {
        WriteSensorElement(elements.Open(), e, left);
        elements.Close();
    }
    if (!elements.empty()) {
        out.append("sensorElementList");
        elements.AppendTo(out);
    }
    AddLeftover(leftovers, "sensorElementList", left);
}

// bizTransactionList / sourceList / destinationList: each entry `type=...<value name>=...`, the
// entries sorted.
template <typename Entry, typename TypeOf>
void TypedList(SortedChildren& tail, std::string_view list_name, std::string_view value_name, Vocab vocab,
               const std::vector<Entry>& entries, TypeOf type_of) {
    if (entries.empty()) return;
    std::string& b = tail.Open();
    b.append(list_name);
    {
        SortedChildren items;
        for (const auto& entry : entries) {
            std::string& item = items.Open();
            if (const std::optional<std::string_view> type = type_of(entry)) {
                item.append("type");
                if (const std::string_view t = Strip(*type); !t.empty()) {
                    item.push_back('=');
                    AppendVocabularyValue(item, vocab, t);
                }
            }
            item.append(value_name);
            if (const std::string_view v = Strip(entry.value); !v.empty()) {
                item.push_back('=');
                AppendCanonicalValue(item, v);
            }
            items.Close();
        }
        items.AppendTo(b);
    }
    tail.Close();
}

std::optional<std::string_view> OptionalType(const SourceDest& s) {
    if (s.type.empty()) return std::nullopt;
    return std::string_view(s.type);
}

// ---------------------------------------------------------------------------------------------
// The event

class Writer {
  public:
    Writer(const std::map<std::string, std::string>& namespaces, const HashOptions& options)
        : namespaces_(namespaces), options_(options) {}

    void Write(std::string& out, const Event& e) {
        std::vector<std::string> leftovers;
        out.append("eventType=");
        WriteEventType(out, e);
        out.append("eventTime=");
        AppendUtcMillis(out, e.event_time);
        if (!Skip("eventTimeZoneOffset")) Leaf(out, "eventTimeZoneOffset", std::string_view(e.event_time_zone_offset));
        if (!e.certification_info.empty() && !Skip("certificationInfo")) {
            SortedChildren list;
            for (const auto& c : e.certification_info) {
                Leaf(list.Open(), "certificationInfo", std::string_view(c));
                list.Close();
            }
            list.AppendTo(out);
        }
        if (!Skip("parentID")) Leaf(out, "parentID", e.parent_id);
        if (!Skip("epcList")) EpcList(out, "epcList", e.epc_list);
        if (!Skip("inputEPCList")) EpcList(out, "inputEPCList", e.input_epc_list);
        if (!Skip("childEPCs")) EpcList(out, "childEPCs", e.child_epcs);
        if (!Skip("quantityList")) QuantityList(out, "quantityList", e.quantity_list);
        if (!Skip("childQuantityList")) QuantityList(out, "childQuantityList", e.child_quantity_list);
        if (!Skip("inputQuantityList")) QuantityList(out, "inputQuantityList", e.input_quantity_list);
        if (!Skip("outputEPCList")) EpcList(out, "outputEPCList", e.output_epc_list);
        if (!Skip("outputQuantityList")) QuantityList(out, "outputQuantityList", e.output_quantity_list);
        if (e.action && !Skip("action")) out.append("action=").append(ActionName(*e.action));
        if (!Skip("transformationID")) Leaf(out, "transformationID", e.transformation_id);
        if (!Skip("bizStep")) VocabLeaf(out, "bizStep", Vocab::kBizStep, e.biz_step);
        if (!Skip("disposition")) VocabLeaf(out, "disposition", Vocab::kDisposition, e.disposition);
        if (e.persistent_disposition && !Skip("persistentDisposition")) {
            Group g(out, "persistentDisposition");
            WriteDispositions(out, "set", e.persistent_disposition->set);
            WriteDispositions(out, "unset", e.persistent_disposition->unset);
            g.Finish();
        }
        if (e.read_point && !Skip("readPoint")) WriteLocation(out, "readPoint", *e.read_point, leftovers);
        if (e.biz_location && !Skip("bizLocation")) WriteLocation(out, "bizLocation", *e.biz_location, leftovers);
        if (!Skip("sensorElementList")) WriteSensorElementList(out, e.sensor_element_list, leftovers);
        WriteTail(out, e, leftovers);
    }

  private:
    static void WriteDispositions(std::string& out, std::string_view key, const std::vector<std::string>& values) {
        SortedChildren list;
        for (const auto& v : values) {
            VocabLeaf(list.Open(), key, Vocab::kDisposition, std::string_view(v));
            list.Close();
        }
        list.AppendTo(out);
    }

    // An ignored standard field, by its bare name.
    bool Skip(std::string_view name) const {
        if (options_.ignore_fields.empty()) return false;
        return std::find(options_.ignore_fields.begin(), options_.ignore_fields.end(), name) !=
               options_.ignore_fields.end();
    }

    // An ignored extension field, by namespace URI + local name.
    bool SkipExtension(const ExtensionField& f) const {
        for (const auto& i : options_.ignore_fields) {
            if (i.size() == f.ns.size() + f.name.size() && i.compare(0, f.ns.size(), f.ns) == 0 &&
                i.compare(f.ns.size(), f.name.size(), f.name) == 0)
                return true;
        }
        return false;
    }

    void WriteEventType(std::string& out, const Event& e) const {
        if (e.type != EventType::kExtensionEvent) {
            out.append(EventTypeName(e.type));
            return;
        }
        // An extension event type written as a CURIE: `{namespace}local`, as an XML element name.
        const std::string_view t = Strip(e.extension_type);
        const std::size_t colon = t.find(':');
        if (colon != std::string_view::npos && t.substr(colon + 1, 2) != "//") {
            if (auto it = namespaces_.find(std::string(t.substr(0, colon))); it != namespaces_.end()) {
                AppendName(out, it->second, t.substr(colon + 1));
                return;
            }
        }
        out.append(t);
    }

    void WriteTail(std::string& out, const Event& e, std::vector<std::string>& leftovers) const {
        SortedChildren tail;
        if (!Skip("bizTransactionList")) {
            TypedList(tail, "bizTransactionList", "bizTransaction", Vocab::kBizTransactionType, e.biz_transaction_list,
                      [](const BizTransaction& t) -> std::optional<std::string_view> { return t.type; });
        }
        if (!Skip("sourceList")) {
            TypedList(tail, "sourceList", "source", Vocab::kSourceDestType, e.source_list,
                      [](const SourceDest& s) { return OptionalType(s); });
        }
        if (!Skip("destinationList")) {
            TypedList(tail, "destinationList", "destination", Vocab::kSourceDestType, e.destination_list,
                      [](const SourceDest& s) { return OptionalType(s); });
        }
        if (e.ilmd && !Skip("ilmd")) {
            std::string& b = tail.Open();
            b.append("ilmd");
            {
                SortedChildren fields;
                for (const auto& f : *e.ilmd) AppendFieldNodes(fields, f);
                fields.AppendTo(b);
            }
            tail.Close();
        }
        for (const auto& l : leftovers) tail.Add(l);
        for (const auto& f : e.extensions) {
            if (!options_.ignore_fields.empty() && SkipExtension(f)) continue;
            AppendFieldNodes(tail, f);
        }
        tail.AppendTo(out);
    }

    const std::map<std::string, std::string>& namespaces_;
    const HashOptions& options_;
};

// ---------------------------------------------------------------------------------------------
// ignoreFields

void AddIgnored(HashOptions& options, const ExtensionValue& v, const std::map<std::string, std::string>& namespaces) {
    switch (v.kind) {
        case ExtensionValue::Kind::kArray:
            for (const auto& item : v.items) AddIgnored(options, item, namespaces);
            return;
        case ExtensionValue::Kind::kObject:
            // XML: the children of the ignoreFields element name the fields.
            for (const auto& f : v.fields) options.ignore_fields.push_back(f.ns + f.name);
            return;
        case ExtensionValue::Kind::kString: {
            const std::string_view s = Strip(v.text);
            const std::size_t colon = s.find(':');
            if (colon != std::string_view::npos && s.substr(colon + 1, 2) != "//") {
                if (auto it = namespaces.find(std::string(s.substr(0, colon))); it != namespaces.end()) {
                    options.ignore_fields.push_back(it->second + std::string(s.substr(colon + 1)));
                    return;
                }
            }
            if (!s.empty()) options.ignore_fields.emplace_back(s);
            return;
        }
        default:
            return;
    }
}

const char* DigestName(HashAlgorithm a) {
    switch (a) {
        case HashAlgorithm::kSha3_256:
            return "sha3-256";
        case HashAlgorithm::kSha384:
            return "sha-384";
        case HashAlgorithm::kSha512:
            return "sha-512";
        case HashAlgorithm::kSha256:
            break;
    }
    return "sha-256";
}

const char* OpenSslName(HashAlgorithm a) {
    switch (a) {
        case HashAlgorithm::kSha3_256:
            return "SHA3-256";
        case HashAlgorithm::kSha384:
            return "SHA384";
        case HashAlgorithm::kSha512:
            return "SHA512";
        case HashAlgorithm::kSha256:
            break;
    }
    return "SHA256";
}

// Fetched once: OpenSSL 3's implicit fetch behind EVP_sha256() costs as much as hashing a short
// pre-hash string.
const EVP_MD* Digest(HashAlgorithm a) {
    struct Fetched {
        std::array<EVP_MD*, 4> md{};
        Fetched() {
            for (std::size_t i = 0; i < md.size(); ++i) {
                md[i] = EVP_MD_fetch(nullptr, OpenSslName(static_cast<HashAlgorithm>(i)), nullptr);
            }
        }
        ~Fetched() {
            for (EVP_MD* m : md) EVP_MD_free(m);
        }
    };
    static const Fetched fetched;
    return fetched.md[static_cast<std::size_t>(a)];
}

}  // namespace

HashOptions HashOptionsForDocument(const Document& doc) {
    HashOptions options;
    std::map<std::string, std::string> namespaces;
    for (const auto& ns : doc.namespaces) namespaces[ns.prefix] = ns.uri;
    for (const Extensions* exts : {&doc.extensions, &doc.header_extensions}) {
        for (const auto& f : *exts) {
            if (f.name == "ignoreFields") AddIgnored(options, f.value, namespaces);
        }
    }
    return options;
}

void AppendEventPreHashString(std::string& out, const Event& event,
                              const std::map<std::string, std::string>& namespaces, const HashOptions& options) {
    Writer(namespaces, options).Write(out, event);
}

std::string EventPreHashString(const Event& event, const std::map<std::string, std::string>& namespaces,
                               const HashOptions& options) {
    std::string out;
    out.reserve(512);
    AppendEventPreHashString(out, event, namespaces, options);
    return out;
}

std::string HashIdFromPreHashString(std::string_view pre_hash, HashAlgorithm algorithm) {
    struct Context {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        ~Context() { EVP_MD_CTX_free(ctx); }
    };
    thread_local Context context;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    const EVP_MD* digest = Digest(algorithm);
    if (context.ctx == nullptr || digest == nullptr || EVP_DigestInit_ex2(context.ctx, digest, nullptr) != 1 ||
        EVP_DigestUpdate(context.ctx, pre_hash.data(), pre_hash.size()) != 1 ||
        EVP_DigestFinal_ex(context.ctx, md, &md_len) != 1) {
        throw std::runtime_error("OpenSSL digest failed");  // broken infrastructure, not bad input
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    id.reserve(32 + 2 * md_len);
    id.append("ni:///").append(DigestName(algorithm)).push_back(';');
    for (unsigned int i = 0; i < md_len; ++i) {
        id.push_back(kHex[md[i] >> 4]);
        id.push_back(kHex[md[i] & 0x0f]);
    }
    id.append("?ver=CBV2.0");
    return id;
}

std::string EventHashId(const Event& event, const std::map<std::string, std::string>& namespaces,
                        const HashOptions& options) {
    thread_local std::string pre_hash;
    pre_hash.clear();
    AppendEventPreHashString(pre_hash, event, namespaces, options);
    return HashIdFromPreHashString(pre_hash, options.algorithm);
}

}  // namespace txng::epcis
