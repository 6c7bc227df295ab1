#include "epcis/query.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>
#include <type_traits>
#include <utility>

#include "epcis/event_hash_canon.hpp"
#include "epcis/uri.hpp"
#include "gs1/digital_link.hpp"
#include "gs1/epc_uri.hpp"

namespace txng::epcis {
namespace {

using Namespaces = std::map<std::string, std::string>;
using Kind = IdPattern::Kind;
using Scope = FieldCondition::Scope;

constexpr std::string_view kEpcUrnPrefix = "urn:epc:";
constexpr std::string_view kPatternPrefix = "urn:epc:idpat:";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperOrDigit(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }

// ---------------------------------------------------------------------------------------------
// Numbers, times and booleans in values

// A JSON number or xsd:decimal/double lexical form: [+-] digits [. digits] [e [+-] digits], with
// ".5" and "5." allowed. No inf/nan, no hex, no surrounding blanks.
std::optional<double> ParseNumber(std::string_view s) {
    if (s.empty() || s.size() > 64) return std::nullopt;
    std::size_t i = 0;
    if (s[i] == '+' || s[i] == '-') ++i;
    std::size_t digits = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        std::size_t exp_digits = 0;
        while (i < s.size() && IsDigit(s[i])) ++i, ++exp_digits;
        if (exp_digits == 0) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    // from_chars takes no leading '+'.
    const std::string_view body = s[0] == '+' ? s.substr(1) : s;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
    if (ec != std::errc() || ptr != body.data() + body.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// Cheap shape test before DateTime::Parse, whose failure path builds an Error.
bool LooksLikeDateTime(std::string_view s) {
    return s.size() >= 20 && IsDigit(s[0]) && IsDigit(s[3]) && s[4] == '-' && s[7] == '-' &&
           (s[10] == 'T' || s[10] == 't') && s[13] == ':';
}

std::optional<DateTime> ParseTime(std::string_view s) {
    if (!LooksLikeDateTime(s)) return std::nullopt;
    auto t = DateTime::Parse(s);
    if (!t) return std::nullopt;
    return *t;
}

std::string_view TrimBlanks(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

QueryValue MakeValue(std::string text) {
    QueryValue v;
    v.number = ParseNumber(text);
    if (!v.number) v.time = ParseTime(text);
    if (text == "true") v.boolean = true;
    if (text == "false") v.boolean = false;
    v.text = std::move(text);
    return v;
}

template <typename T>
bool Compare(const T& a, CompareOp op, const T& b) {
    switch (op) {
        case CompareOp::kEq:
            return a == b;
        case CompareOp::kGt:
            return a > b;
        case CompareOp::kGe:
            return a >= b;
        case CompareOp::kLt:
            return a < b;
        case CompareOp::kLe:
            return a <= b;
        case CompareOp::kExists:
            return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// Canonical forms on the matching path

// CanonicalIdentifier through a small per-thread cache: events repeat the same locations,
// parties and EPCs, and the GS1 conversions allocate. The view stays valid until the next call
// on this thread, so callers compare it at once and never hold two.
std::string_view CanonicalIdView(std::string_view uri) {
    // Only EPC URNs and lower-case http(s) URIs can change.
    if (!uri.starts_with(kEpcUrnPrefix) && !uri.starts_with("http")) return uri;
    struct Entry {
        std::string raw;
        std::string canonical;
        bool used = false;
    };
    constexpr std::size_t kSlots = 1024;
    thread_local std::vector<Entry> cache(kSlots);
    Entry& e = cache[std::hash<std::string_view>{}(uri) & (kSlots - 1)];
    if (e.used && e.raw == uri) return e.canonical;
    e.raw.assign(uri);
    e.canonical = CanonicalIdentifier(uri);
    e.used = true;
    return e.canonical;
}

// The canonical vocabulary value of `value` (CanonicalVocabulary): `value` itself when it already
// is canonical, else written into `scratch`. Only URN, CURIE and GS1-hosted forms take the slow,
// allocating path.
std::string_view CanonicalVocabView(cbv::Vocab vocab, std::string_view value, const Namespaces& namespaces,
                                    std::string& scratch) {
    const std::string_view prefix = cbv::WebUriPrefix(vocab);
    if (value.find(':') == std::string_view::npos) {
        if (!cbv::IsStandardWord(vocab, value)) return value;
        scratch.assign(prefix).append(value);
        return scratch;
    }
    if (value.starts_with(prefix) && cbv::IsStandardWord(vocab, value.substr(prefix.size()))) return value;
    // The URN form (the XML binding's usual one) and cbv:/gs1: CURIEs of standard words.
    if (const std::string_view urn = cbv::UrnPrefix(vocab); !urn.empty() && value.starts_with(urn)) {
        const std::string_view word = value.substr(urn.size());
        if (cbv::IsStandardWord(vocab, word)) {
            scratch.assign(prefix).append(word);
            return scratch;
        }
    }
    if (value.starts_with("gs1:") || value.starts_with("cbv:")) {
        const bool gs1 = value[0] == 'g';
        const std::string_view well_known = gs1 ? "https://gs1.org/voc/" : "https://ref.gs1.org/cbv/";
        const auto it = namespaces.find(gs1 ? "gs1" : "cbv");
        if (it == namespaces.end() || it->second == well_known) {
            scratch.assign(well_known).append(value.substr(4));
            if (std::string_view(scratch).starts_with(prefix) &&
                cbv::IsStandardWord(vocab, std::string_view(scratch).substr(prefix.size()))) {
                return scratch;
            }
        }
    }
    const bool custom_web_uri =
        value.find("://") != std::string_view::npos && value.find("gs1.org/") == std::string_view::npos;
    const bool custom_urn = value.starts_with("urn:") && !value.starts_with("urn:epcglobal:cbv:");
    if (custom_web_uri || custom_urn) return value;
    scratch = CanonicalVocabulary(vocab, value, namespaces);
    return scratch;
}

// A URI-like leaf value of an extension field: CURIEs expanded, GS1 identifiers canonical (the
// form Parser::CanonicalUri gives EQ_ values). Identifier fields of the standard (locations,
// EPCs, parties, devices) are not CURIE-expanded: the stores index CanonicalIdentifier of them.
// Returns a view valid until the next call.
std::string_view CanonicalUriView(std::string_view value, const Namespaces& namespaces, std::string& scratch) {
    if (const auto colon = value.find(':'); colon != std::string_view::npos && colon > 0 &&
                                            value.substr(colon + 1, 2) != "//" && !value.starts_with("urn:")) {
        scratch = cbv::ExpandCurie(value, namespaces);
        return CanonicalIdView(scratch);
    }
    return CanonicalIdView(value);
}

bool Contains(const std::vector<std::string>& values, std::string_view v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

// ---------------------------------------------------------------------------------------------
// GLOB (SQLite syntax)

// Matches the character class starting at p[i] == '['; sets `next` past its ']' and returns
// whether `c` is in it. Returns false with next = npos when the class is not closed.
bool MatchClass(std::string_view p, std::size_t i, char c, std::size_t& next) {
    std::size_t j = i + 1;
    bool negate = false;
    if (j < p.size() && p[j] == '^') {
        negate = true;
        ++j;
    }
    bool found = false;
    bool first = true;
    while (j < p.size() && (first || p[j] != ']')) {
        first = false;
        if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
            if (c >= p[j] && c <= p[j + 2]) found = true;
            j += 3;
        } else {
            if (c == p[j]) found = true;
            ++j;
        }
    }
    if (j >= p.size()) {
        next = std::string_view::npos;
        return false;
    }
    next = j + 1;
    return found != negate;
}

bool GlobMatch(std::string_view p, std::string_view s) {
    std::size_t pi = 0, si = 0;
    std::size_t star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size()) {
            const char c = p[pi];
            if (c == '*') {
                star = pi++;
                mark = si;
                continue;
            }
            if (c == '?') {
                ++pi;
                ++si;
                continue;
            }
            if (c == '[') {
                std::size_t next = 0;
                if (MatchClass(p, pi, s[si], next)) {
                    pi = next;
                    ++si;
                    continue;
                }
            } else if (c == s[si]) {
                ++pi;
                ++si;
                continue;
            }
        }
        if (star == std::string_view::npos) return false;
        pi = star + 1;
        si = ++mark;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

// ---------------------------------------------------------------------------------------------
// Extension fields

bool SameNamespace(std::string_view a, std::string_view b) {
    if (a == b) return true;
    // `https://ns.example.com/epcis` and `.../epcis/` (or `urn:epcglobal:cbv:mda` and `...mda:`)
    // are declared both ways in the wild, and documents keep whichever they wrote.
    auto trim = [](std::string_view s) {
        if (!s.empty() && (s.back() == '/' || s.back() == '#' || s.back() == ':')) s.remove_suffix(1);
        return s;
    };
    return trim(a) == trim(b);
}

// a1 + a2 == b1 + b2, without building either.
bool ConcatEquals(std::string_view a1, std::string_view a2, std::string_view b1, std::string_view b2) {
    if (a1.size() + a2.size() != b1.size() + b2.size()) return false;
    auto at = [](std::string_view x, std::string_view y, std::size_t i) {
        return i < x.size() ? x[i] : y[i - x.size()];
    };
    const std::size_t n = a1.size() + a2.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (at(a1, a2, i) != at(b1, b2, i)) return false;
    }
    return true;
}

bool NameMatches(const ExtensionField& f, std::string_view ns, std::string_view local) {
    if (f.name == local) return SameNamespace(f.ns, ns);
    // The same IRI split at another place (a full-IRI name read by the JSON codec).
    return !f.ns.empty() && ConcatEquals(f.ns, f.name, ns, local);
}

// Applies `f` to the leaf texts of `v` (an array's items, recursively); true when one gives true.
template <typename F>
bool AnyLeaf(const ExtensionValue& v, const F& f) {
    switch (v.kind) {
        case ExtensionValue::Kind::kString:
        case ExtensionValue::Kind::kNumber:
        case ExtensionValue::Kind::kBoolean:
            return f(std::string_view(v.text));
        case ExtensionValue::Kind::kArray:
            for (const auto& item : v.items) {
                if (AnyLeaf(item, f)) return true;
            }
            return false;
        case ExtensionValue::Kind::kNull:
        case ExtensionValue::Kind::kObject:
            return false;
    }
    return false;
}

bool LeafEquals(std::string_view text, const QueryValue& q, const Namespaces& namespaces) {
    if (text == q.text) return true;
    if (q.number) {
        const auto n = ParseNumber(TrimBlanks(text));
        return n && *n == *q.number;
    }
    if (q.time) {
        const auto t = ParseTime(TrimBlanks(text));
        return t && *t == *q.time;
    }
    if (q.boolean) return TrimBlanks(text) == q.text;
    if (text.find(':') != std::string_view::npos) {
        thread_local std::string scratch;
        return CanonicalUriView(TrimBlanks(text), namespaces, scratch) == q.text;
    }
    return false;
}

bool LeafCompares(std::string_view text, CompareOp op, const QueryValue& q) {
    if (q.number) {
        const auto n = ParseNumber(TrimBlanks(text));
        return n && Compare(*n, op, *q.number);
    }
    if (q.time) {
        const auto t = ParseTime(TrimBlanks(text));
        return t && Compare(*t, op, *q.time);
    }
    return false;
}

bool ValueHolds(const FieldCondition& c, const ExtensionValue& v, const Namespaces& namespaces) {
    if (c.op == CompareOp::kExists) return v.kind != ExtensionValue::Kind::kNull;
    if (c.op == CompareOp::kEq) {
        return AnyLeaf(v, [&](std::string_view text) {
            for (const auto& q : c.values) {
                if (LeafEquals(text, q, namespaces)) return true;
            }
            return false;
        });
    }
    if (c.values.empty()) return false;
    return AnyLeaf(v, [&](std::string_view text) { return LeafCompares(text, c.op, c.values.front()); });
}

bool NestedHolds(const FieldCondition& c, const ExtensionValue& v, const Namespaces& namespaces) {
    // XML attributes of an extension element are nested in it like its child elements.
    for (const auto& a : v.attributes) {
        if (NameMatches(a, c.ns, c.local) && ValueHolds(c, a.value, namespaces)) return true;
    }
    if (v.kind == ExtensionValue::Kind::kObject) {
        for (const auto& f : v.fields) {
            if (NameMatches(f, c.ns, c.local) && ValueHolds(c, f.value, namespaces)) return true;
            if (NestedHolds(c, f.value, namespaces)) return true;
        }
    } else if (v.kind == ExtensionValue::Kind::kArray) {
        for (const auto& item : v.items) {
            if (NestedHolds(c, item, namespaces)) return true;
        }
    }
    return false;
}

// `c` holds on the fields `top` (inner: on the fields nested at any depth inside them).
bool FieldHolds(const FieldCondition& c, const Extensions& top, bool inner, const Namespaces& namespaces) {
    for (const auto& f : top) {
        if (inner) {
            if (NestedHolds(c, f.value, namespaces)) return true;
        } else if (NameMatches(f, c.ns, c.local) && ValueHolds(c, f.value, namespaces)) {
            return true;
        }
    }
    return false;
}

bool IsSensorScope(Scope s) {
    switch (s) {
        case Scope::kSensorElement:
        case Scope::kSensorElementInner:
        case Scope::kSensorMetadata:
        case Scope::kSensorMetadataInner:
        case Scope::kSensorReport:
        case Scope::kSensorReportInner:
            return true;
        default:
            return false;
    }
}

// ---------------------------------------------------------------------------------------------
// Sensor conditions
//
// Every sensor condition of a query (EQ_type, EQ_deviceID, GT_value_CEL, GE_time, EQ_SENSORREPORT_
// fields...) must hold for one and the same sensorReport, read together with the sensorMetadata
// of its sensorElement (deviceID, dataProcessingMethod, bizRules and time may be written in
// either; the report's own value wins). The REST binding describes each parameter on its own
// (openapi.yaml, EQ_type: "events that (a) accommodate one or more sensorElement fields; and where
// (b) the type attribute in one of these sensorElement fields is equal to one of the values");
// it says nothing of how they combine, and read one by one EQ_type=Temperature&GT_value_CEL=8
// would match an event whose temperature is fine but whose other CEL report exceeds 8. Whoever
// asks that means one reading, so txng ties the conditions to one report. SENSORELEMENT_ and
// SENSORMETADATA_ conditions bind to that report's element. A sensorElement without reports is
// tried as one report with no fields (for conditions on its metadata alone).

std::optional<double> ReportMeasure(const SensorReport& r, std::string_view field) {
    if (field == "value") return r.value;
    if (field == "minValue") return r.min_value;
    if (field == "maxValue") return r.max_value;
    if (field == "meanValue") return r.mean_value;
    if (field == "sDev") return r.s_dev;
    if (field == "percValue") return r.perc_value;
    if (field == "percRank") return r.perc_rank;
    return std::nullopt;
}

bool IsUriSensorField(std::string_view f) {
    return f == "deviceID" || f == "dataProcessingMethod" || f == "bizRules" || f == "microorganism" ||
           f == "chemicalSubstance" || f == "uriValue";
}

// The URI-valued member `field` of report `r`, or of its element's sensorMetadata for the members
// both may carry; nullptr when neither has it.
const std::optional<std::string>* SensorUriField(const SensorElement& el, const SensorReport* r,
                                                 std::string_view field) {
    const SensorMetadata* m = el.sensor_metadata ? &*el.sensor_metadata : nullptr;
    auto pick = [&](const std::optional<std::string>* own,
                    const std::optional<std::string>* meta) -> const std::optional<std::string>* {
        if (own != nullptr && own->has_value()) return own;
        return meta;
    };
    if (field == "deviceID") return pick(r ? &r->device_id : nullptr, m ? &m->device_id : nullptr);
    if (field == "dataProcessingMethod") {
        return pick(r ? &r->data_processing_method : nullptr, m ? &m->data_processing_method : nullptr);
    }
    if (field == "bizRules") return pick(r ? &r->biz_rules : nullptr, m ? &m->biz_rules : nullptr);
    if (r == nullptr) return nullptr;
    if (field == "microorganism") return &r->microorganism;
    if (field == "chemicalSubstance") return &r->chemical_substance;
    if (field == "uriValue") return &r->uri_value;
    return nullptr;
}

bool HexEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool SensorConditionHolds(const SensorCondition& c, const SensorElement& el, const SensorReport* r,
                          const Namespaces& namespaces) {
    thread_local std::string scratch;
    const std::string& f = c.field;
    auto any_text = [&](std::string_view v) {
        for (const auto& q : c.values) {
            if (q.text == v) return true;
        }
        return false;
    };
    if (f == "type") {
        if (r == nullptr || !r->type) return false;
        return any_text(CanonicalVocabView(cbv::Vocab::kMeasurementType, *r->type, namespaces, scratch));
    }
    if (IsUriSensorField(f)) {
        const auto* uri = SensorUriField(el, r, f);
        if (uri == nullptr || !uri->has_value()) return false;
        return any_text(CanonicalIdView(**uri));
    }
    if (f == "stringValue") return r != nullptr && r->string_value && any_text(*r->string_value);
    if (f == "hexBinaryValue") {
        if (r == nullptr || !r->hex_binary_value) return false;
        for (const auto& q : c.values) {
            if (HexEquals(q.text, *r->hex_binary_value)) return true;
        }
        return false;
    }
    if (f == "booleanValue") {
        return r != nullptr && r->boolean_value && !c.values.empty() && c.values.front().boolean &&
               *r->boolean_value == *c.values.front().boolean;
    }
    if (f == "time" || f == "startTime" || f == "endTime") {
        const SensorMetadata* m = el.sensor_metadata ? &*el.sensor_metadata : nullptr;
        std::optional<DateTime> t;
        if (f == "time") {
            t = (r != nullptr && r->time) ? r->time : (m != nullptr ? m->time : std::nullopt);
        } else if (m != nullptr) {
            t = f == "startTime" ? m->start_time : m->end_time;
        }
        if (!t) return false;
        for (const auto& q : c.values) {
            if (q.time && Compare(*t, c.op, *q.time)) return true;
        }
        return false;
    }
    if (r == nullptr) return false;
    const auto measure = ReportMeasure(*r, f);
    if (!measure) return false;
    if (c.uom && r->uom != c.uom) return false;
    for (const auto& q : c.values) {
        if (q.number && Compare(*measure, c.op, *q.number)) return true;
        if (c.op != CompareOp::kEq) break;
    }
    return false;
}

bool SensorScopeHolds(const FieldCondition& c, const SensorElement& el, const SensorReport* r,
                      const Namespaces& namespaces) {
    switch (c.scope) {
        case Scope::kSensorElement:
        case Scope::kSensorElementInner:
            return FieldHolds(c, el.extensions, c.scope == Scope::kSensorElementInner, namespaces);
        case Scope::kSensorMetadata:
        case Scope::kSensorMetadataInner:
            return el.sensor_metadata &&
                   FieldHolds(c, el.sensor_metadata->extensions, c.scope == Scope::kSensorMetadataInner, namespaces);
        case Scope::kSensorReport:
        case Scope::kSensorReportInner:
            return r != nullptr && FieldHolds(c, r->extensions, c.scope == Scope::kSensorReportInner, namespaces);
        default:
            return true;
    }
}

bool SensorReportHolds(const EventQuery& q, const SensorElement& el, const SensorReport* r,
                       const Namespaces& namespaces) {
    for (const auto& c : q.sensor_conditions) {
        if (!SensorConditionHolds(c, el, r, namespaces)) return false;
    }
    for (const auto& c : q.field_conditions) {
        if (IsSensorScope(c.scope) && !SensorScopeHolds(c, el, r, namespaces)) return false;
    }
    return true;
}

bool SensorsMatch(const EventQuery& q, const Event& e, const Namespaces& namespaces, bool has_sensor_fields) {
    if (q.exists_sensor_element_list.value_or(false) && e.sensor_element_list.empty()) return false;
    if (q.sensor_conditions.empty() && !has_sensor_fields) return true;
    for (const auto& el : e.sensor_element_list) {
        if (el.sensor_reports.empty()) {
            if (SensorReportHolds(q, el, nullptr, namespaces)) return true;
            continue;
        }
        for (const auto& r : el.sensor_reports) {
            if (SensorReportHolds(q, el, &r, namespaces)) return true;
        }
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// Identifiers and quantities

template <typename F>
void ForEachIdentifier(const Event& e, std::uint16_t roles, const F& f) {
    auto list = [&](IdRole role, const std::vector<std::string>& ids) {
        if ((roles & role) == 0) return false;
        for (const auto& id : ids) {
            if (f(role, std::string_view(id), static_cast<const QuantityElement*>(nullptr))) return true;
        }
        return false;
    };
    auto quantities = [&](IdRole role, const std::vector<QuantityElement>& qs) {
        if ((roles & role) == 0) return false;
        for (const auto& qe : qs) {
            if (f(role, std::string_view(qe.epc_class), &qe)) return true;
        }
        return false;
    };
    if ((roles & kRoleParentId) != 0 && e.parent_id) {
        if (f(kRoleParentId, std::string_view(*e.parent_id), static_cast<const QuantityElement*>(nullptr))) return;
    }
    if (list(kRoleEpcList, e.epc_list) || list(kRoleChildEpcs, e.child_epcs) ||
        quantities(kRoleQuantity, e.quantity_list) || quantities(kRoleChildQuantity, e.child_quantity_list) ||
        list(kRoleInputEpcs, e.input_epc_list) || quantities(kRoleInputQuantity, e.input_quantity_list) ||
        list(kRoleOutputEpcs, e.output_epc_list) || quantities(kRoleOutputQuantity, e.output_quantity_list)) {
        return;
    }
}

bool IdConditionHolds(const IdCondition& c, const Event& e) {
    bool found = false;
    ForEachIdentifier(e, c.roles, [&](IdRole, std::string_view id, const QuantityElement*) {
        const std::string_view canonical = CanonicalIdView(id);
        for (const auto& p : c.patterns) {
            if (p.Matches(canonical)) {
                found = true;
                return true;
            }
        }
        return false;
    });
    return found;
}

bool QuantityHolds(const QuantityCondition& c, const QuantityElement& qe) {
    if (!qe.quantity) return false;
    if (c.uom && qe.uom != c.uom) return false;
    if (c.op == CompareOp::kEq && !c.values.empty()) {
        return std::find(c.values.begin(), c.values.end(), *qe.quantity) != c.values.end();
    }
    return Compare(*qe.quantity, c.op, c.value);
}

// Quantity conditions hold together for one QuantityElement: GE_quantity=10&LT_quantity=20 asks
// for an element between 10 and 20, not for one element above 10 and another below 20.
bool QuantitiesMatch(const EventQuery& q, const Event& e) {
    if (q.quantity_conditions.empty()) return true;
    for (const auto* list :
         {&e.quantity_list, &e.child_quantity_list, &e.input_quantity_list, &e.output_quantity_list}) {
        for (const auto& qe : *list) {
            const bool all = std::all_of(q.quantity_conditions.begin(), q.quantity_conditions.end(),
                                         [&](const QuantityCondition& c) { return QuantityHolds(c, qe); });
            if (all) return true;
        }
    }
    return false;
}

bool TypedLinksMatch(const std::vector<TypedLinkCondition>& conditions, cbv::Vocab vocab, const auto& list,
                     const Namespaces& namespaces) {
    thread_local std::string scratch;
    for (const auto& c : conditions) {
        bool found = false;
        for (const auto& link : list) {
            std::string_view type;
            std::string_view value;
            if constexpr (std::is_same_v<std::decay_t<decltype(link)>, BizTransaction>) {
                if (!link.type) continue;
                type = *link.type;
                value = link.value;
            } else {
                type = link.type;
                value = link.value;
            }
            if (CanonicalVocabView(vocab, type, namespaces, scratch) != c.type) continue;
            if (Contains(c.values, CanonicalIdView(value))) {
                found = true;
                break;
            }
        }
        if (!found) return false;
    }
    return true;
}

bool VocabMatches(const std::vector<std::string>& wanted, cbv::Vocab vocab, const std::optional<std::string>& value,
                  const Namespaces& namespaces) {
    if (wanted.empty()) return true;
    if (!value) return false;
    thread_local std::string scratch;
    return Contains(wanted, CanonicalVocabView(vocab, *value, namespaces, scratch));
}

bool LocationMatches(const std::vector<std::string>& wanted, const std::optional<Location>& location) {
    if (wanted.empty()) return true;
    return location && Contains(wanted, CanonicalIdView(location->id));
}

bool AnyVocabIn(const std::vector<std::string>& wanted, cbv::Vocab vocab, const std::vector<std::string>& values,
                const Namespaces& namespaces) {
    thread_local std::string scratch;
    for (const auto& v : values) {
        if (Contains(wanted, CanonicalVocabView(vocab, v, namespaces, scratch))) return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// Fast paths of CanonicalIdentifier

// EPC URNs that the event hash's normaliser converts exactly as gs1::EpcUriToDigitalLink does:
// these schemes, no escapes (the normaliser keeps %XX as written where the TDS conversion decodes
// and re-encodes).
bool FastUrnCandidate(std::string_view uri) {
    if (uri.find('%') != std::string_view::npos) return false;
    if (uri.starts_with("urn:epc:class:lgtin:")) return true;
    if (!uri.starts_with("urn:epc:id:")) return false;
    const std::string_view rest = uri.substr(11);
    for (std::string_view scheme : {"sgtin:", "sscc:", "sgln:", "grai:", "giai:", "pgln:", "gsrn:", "gsrnp:"}) {
        if (rest.starts_with(scheme)) return true;
    }
    return false;
}

bool IsDigits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit); }

// True when `uri` is a Digital Link that CanonicalIdentifier would leave as it is whether or not
// its GS1 content is valid: the canonical host, numeric AIs with the primary key first and only
// qualifiers after it, a 14-digit GTIN, no serial beside a lot or CPV, values of characters that
// the kEventHash escaping leaves literal, no query, no trailing slash. Valid, it normalises to
// itself; invalid, it stays unchanged: either way the answer is `uri`, without parsing.
bool LooksCanonicalDigitalLink(std::string_view uri) {
    constexpr std::string_view kBase = "https://id.gs1.org/";
    if (!uri.starts_with(kBase)) return false;
    std::string_view path = uri.substr(kBase.size());
    for (char c : path) {
        const bool literal = IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' ||
                             c == '_' || c == '~' || c == '\'' || c == ';' || c == '=' || c == '/';
        if (!literal) return false;
    }
    static constexpr std::array<std::string_view, 14> kKeys = {"00",  "01",   "253",  "255",  "401",  "402",  "414",
                                                               "417", "8003", "8004", "8006", "8010", "8017", "8018"};
    static constexpr std::array<std::string_view, 6> kQualifiers = {"10", "21", "22", "235", "254", "8011"};
    std::string_view key;
    std::size_t pairs = 0;
    bool serial = false;
    while (!path.empty()) {
        const auto a = path.find('/');
        if (a == std::string_view::npos || a == 0) return false;
        const std::string_view ai = path.substr(0, a);
        path.remove_prefix(a + 1);
        const auto b = path.find('/');
        const std::string_view value = path.substr(0, b);
        if (value.empty() || !IsDigits(ai)) return false;
        path = b == std::string_view::npos ? std::string_view{} : path.substr(b + 1);
        if (b != std::string_view::npos && path.empty()) return false;  // trailing slash
        if (pairs == 0) {
            if (std::find(kKeys.begin(), kKeys.end(), ai) == kKeys.end()) return false;
            if (ai == "01" && value.size() != 14) return false;
            key = ai;
        } else if (std::find(kQualifiers.begin(), kQualifiers.end(), ai) == kQualifiers.end()) {
            return false;
        }
        serial = serial || ai == "21";
        ++pairs;
    }
    if (pairs == 0) return false;
    return !(serial && (key == "01" || key == "8006") && pairs > 2);
}

// ---------------------------------------------------------------------------------------------
// Parsing

Error ParamError(std::string_view param, std::string rule, std::string detail, std::string_view value = {}) {
    return InvalidArgument(std::string(param), std::move(rule), std::move(detail), value);
}

bool IsGtinLevelDigitalLink(std::string_view canonical) {
    constexpr std::string_view kGtinBase = "https://id.gs1.org/01/";
    if (!canonical.starts_with(kGtinBase) || canonical.size() != kGtinBase.size() + 14) return false;
    return std::all_of(canonical.begin() + static_cast<std::ptrdiff_t>(kGtinBase.size()), canonical.end(), IsDigit);
}

std::string Wildcards(std::size_t n) { return std::string(n, '?'); }

std::string Joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out.append(out.empty() ? "" : ",").append(v);
    return out;
}

struct Resolved {
    std::string ns;
    std::string local;
};

// An extension field name: a CURIE whose prefix `namespaces` declares (or a well-known one), or a
// full IRI split at its last '/' or '#' (a URN at its last ':').
Result<Resolved> ResolveFieldName(std::string_view name, const Namespaces& namespaces, std::string_view param) {
    const auto colon = name.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == name.size()) {
        return ParamError(param, "query.value", "An extension field is named by a CURIE (prefix:name) or a full IRI.",
                          name);
    }
    const std::string_view prefix = name.substr(0, colon);
    const std::string_view local = name.substr(colon + 1);
    if (local.starts_with("//") || prefix == "urn") {
        // Past the scheme (and the authority's "//"), at the last '/' or '#' (a URN also at ':').
        const std::size_t cut = name.find_last_of(prefix == "urn" ? ":/#" : "/#");
        const std::size_t min_cut = prefix == "urn" ? colon : colon + 2;
        if (cut == std::string_view::npos || cut <= min_cut || cut + 1 >= name.size()) {
            return ParamError(param, "query.value", "The extension field IRI has no local name after its last / or #.",
                              name);
        }
        if (!IsAbsoluteUri(name)) {
            return ParamError(param, "uri.format", "The extension field name is not a valid IRI.", name);
        }
        return Resolved{std::string(name.substr(0, cut + 1)), std::string(name.substr(cut + 1))};
    }
    if (auto it = namespaces.find(std::string(prefix)); it != namespaces.end()) {
        return Resolved{it->second, std::string(local)};
    }
    const std::string expanded = cbv::ExpandCurie(name, {});
    if (expanded != name) return Resolved{expanded.substr(0, expanded.size() - local.size()), std::string(local)};
    return ParamError(param, "query.prefix",
                      "The prefix '" + std::string(prefix) +
                          "' is not declared; declare it in the GS1-Extensions header (prefix=namespaceURI) or use "
                          "the full IRI.",
                      name);
}

// Reads the parameters into an EventQuery: one method per kind of value, errors naming the
// parameter.
class Parser {
  public:
    explicit Parser(const Namespaces& namespaces) : ns_(namespaces) {}

    Result<EventQuery> Run(const std::vector<QueryParam>& params);

  private:
    Result<void> One(const QueryParam& p);
    Result<void> Family(const QueryParam& p, bool& handled);
    Result<void> Extension(const QueryParam& p, bool& handled);

    Result<const std::string*> Single(const QueryParam& p) const {
        if (p.values.size() != 1) {
            return ParamError(p.name, "query.value_count",
                              "This parameter takes exactly one value, not " + std::to_string(p.values.size()) + ".",
                              Joined(p.values));
        }
        return &p.values.front();
    }
    Result<void> AtLeastOne(const QueryParam& p) const {
        if (p.values.empty()) {
            return ParamError(p.name, "query.value_count", "This parameter needs at least one value.");
        }
        return {};
    }
    Result<DateTime> Time(const QueryParam& p) const {
        auto v = Single(p);
        if (!v) return v.error();
        auto t = DateTime::Parse(**v);
        if (!t) {
            return ParamError(p.name, "query.value",
                              "The value must be an RFC 3339 date-time such as 2022-06-30T00:15:47.000-05:00.", **v);
        }
        return *t;
    }
    Result<double> Number(const QueryParam& p, const std::string& text) const {
        const auto n = ParseNumber(text);
        if (!n) return ParamError(p.name, "query.value", "The value must be a number.", text);
        return *n;
    }
    // EXISTS_ parameters: no value, an empty one, null, true or 1 ask for the field; false or 0
    // ask for nothing (the REST binding: "if omitted, or false, regardless").
    Result<bool> Exists(const QueryParam& p) const {
        if (p.values.empty()) return true;
        if (p.values.size() > 1) {
            return ParamError(p.name, "query.value_count", "This parameter takes at most one value.", Joined(p.values));
        }
        const std::string& v = p.values.front();
        if (v.empty() || v == "true" || v == "1" || v == "null") return true;
        if (v == "false" || v == "0") return false;
        return ParamError(p.name, "query.value", "The value must be true or false (or be left empty).", v);
    }
    Result<std::vector<std::string>> Uris(const QueryParam& p, bool canonical) const {
        if (auto ok = AtLeastOne(p); !ok) return ok.error();
        std::vector<std::string> out;
        out.reserve(p.values.size());
        for (const auto& v : p.values) {
            if (!IsAbsoluteUri(v)) return ParamError(p.name, "uri.format", "The value must be an absolute URI.", v);
            out.push_back(canonical ? CanonicalIdentifier(v) : v);
        }
        return out;
    }
    std::string CanonicalUri(std::string_view v) const {
        std::string expanded = v.starts_with("urn:") ? std::string(v) : cbv::ExpandCurie(v, ns_);
        return CanonicalIdentifier(expanded);
    }
    Result<std::string> Vocab(const QueryParam& p, cbv::Vocab vocab, const std::string& v) const;
    Result<std::vector<std::string>> Vocabs(const QueryParam& p, cbv::Vocab vocab) const {
        if (auto ok = AtLeastOne(p); !ok) return ok.error();
        std::vector<std::string> out;
        for (const auto& v : p.values) {
            auto c = Vocab(p, vocab, v);
            if (!c) return c.error();
            out.push_back(std::move(*c));
        }
        return out;
    }
    Result<std::uint64_t> Count(const QueryParam& p) const {
        auto v = Single(p);
        if (!v) return v.error();
        const std::string& s = **v;
        std::uint64_t n = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
            return ParamError(p.name, "query.value", "The value must be a non-negative integer.", s);
        }
        return n;
    }
    Result<void> Ids(const QueryParam& p, std::uint16_t roles) {
        if (auto ok = AtLeastOne(p); !ok) return ok.error();
        IdCondition c;
        c.roles = roles;
        for (const auto& v : p.values) {
            auto patterns = IdPatternsFor(v);
            if (!patterns) {
                Error e = patterns.error();
                e.where = p.name;
                return e;
            }
            for (auto& pat : *patterns) {
                if (std::find(c.patterns.begin(), c.patterns.end(), pat) == c.patterns.end()) {
                    c.patterns.push_back(std::move(pat));
                }
            }
        }
        q_.id_conditions.push_back(std::move(c));
        return {};
    }
    Result<void> Quantity(const QueryParam& p, CompareOp op, std::optional<std::string> uom) {
        QuantityCondition c;
        c.op = op;
        c.uom = std::move(uom);
        if (op == CompareOp::kEq) {
            if (auto ok = AtLeastOne(p); !ok) return ok.error();
            for (const auto& v : p.values) {
                auto n = Number(p, v);
                if (!n) return n.error();
                c.values.push_back(*n);
            }
        } else {
            auto v = Single(p);
            if (!v) return v.error();
            auto n = Number(p, **v);
            if (!n) return n.error();
            c.values.push_back(*n);
        }
        c.value = c.values.front();
        q_.quantity_conditions.push_back(std::move(c));
        return {};
    }
    Result<void> SensorTime(const QueryParam& p, std::string field, CompareOp op) {
        auto t = Time(p);
        if (!t) return t.error();
        SensorCondition c;
        c.field = std::move(field);
        c.op = op;
        c.values.push_back(MakeValue(p.values.front()));
        q_.sensor_conditions.push_back(std::move(c));
        return {};
    }
    Result<void> SensorMeasure(const QueryParam& p, std::string field, CompareOp op, std::optional<std::string> uom) {
        SensorCondition c;
        c.field = std::move(field);
        c.op = op;
        c.uom = std::move(uom);
        if (op == CompareOp::kEq) {
            if (auto ok = AtLeastOne(p); !ok) return ok.error();
        } else if (auto v = Single(p); !v) {
            return v.error();
        }
        for (const auto& v : p.values) {
            if (!ParseNumber(v)) return ParamError(p.name, "query.value", "The value must be a number.", v);
            c.values.push_back(MakeValue(v));
        }
        q_.sensor_conditions.push_back(std::move(c));
        return {};
    }
    Result<void> SensorUris(const QueryParam& p, std::string field) {
        auto uris = Uris(p, true);
        if (!uris) return uris.error();
        SensorCondition c;
        c.field = std::move(field);
        for (auto& u : *uris) c.values.push_back(MakeValue(std::move(u)));
        q_.sensor_conditions.push_back(std::move(c));
        return {};
    }
    Result<void> SensorStrings(const QueryParam& p, std::string field, bool hex) {
        if (auto ok = AtLeastOne(p); !ok) return ok.error();
        SensorCondition c;
        c.field = std::move(field);
        for (const auto& v : p.values) {
            if (hex && (v.size() % 2 != 0 || !std::all_of(v.begin(), v.end(), [](char ch) {
                            return IsDigit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
                        }))) {
                return ParamError(p.name, "query.value", "The value must be hexadecimal digits, two per byte.", v);
            }
            QueryValue qv;
            qv.text = v;
            c.values.push_back(std::move(qv));
        }
        q_.sensor_conditions.push_back(std::move(c));
        return {};
    }

    const Namespaces& ns_;
    EventQuery q_;
    std::set<std::string> seen_;
};

Result<std::string> Parser::Vocab(const QueryParam& p, cbv::Vocab vocab, const std::string& v) const {
    if (auto w = cbv::StandardWord(vocab, v, &ns_)) return cbv::ToWebUri(vocab, *w);
    if (v.find(':') == std::string::npos) {
        return ParamError(p.name, "query.value",
                          "The value is neither a standard CBV word of this vocabulary nor a URI or declared CURIE.",
                          v);
    }
    if (!IsAbsoluteUri(v)) return ParamError(p.name, "uri.format", "The value must be an absolute URI or a CURIE.", v);
    std::string expanded = cbv::ExpandCurie(v, ns_);
    // The vocabulary's own namespaces hold only its standard words (schema `vocab-other-uri`).
    const std::string_view urn = cbv::UrnPrefix(vocab);
    if ((!urn.empty() && expanded.starts_with(urn)) || expanded.starts_with(cbv::WebUriPrefix(vocab))) {
        return ParamError(p.name, "query.value", "The value is in the CBV namespace but is not a standard word of it.",
                          v);
    }
    return expanded;
}

// Families whose names carry no field IRI: EQ_bizTransaction_<type>, EQ_source_<type>,
// EQ_destination_<type>, <OP>_<measure>_<UOM>, <OP>_quantity_<UOM>, master-data attributes.
Result<void> Parser::Family(const QueryParam& p, bool& handled) {
    handled = true;
    const std::string& n = p.name;
    struct Link {
        std::string_view prefix;
        cbv::Vocab vocab;
        std::vector<TypedLinkCondition> EventQuery::*list;
    };
    static const std::array kLinks = {
        Link{"EQ_bizTransaction_", cbv::Vocab::kBizTransactionType, &EventQuery::biz_transactions},
        Link{"EQ_source_", cbv::Vocab::kSourceDestType, &EventQuery::sources},
        Link{"EQ_destination_", cbv::Vocab::kSourceDestType, &EventQuery::destinations},
    };
    for (const auto& link : kLinks) {
        if (!n.starts_with(link.prefix)) continue;
        const std::string type = n.substr(link.prefix.size());
        if (type.empty()) return ParamError(n, "query.unknown_parameter", "The parameter name lacks its type.");
        auto values = Uris(p, true);
        if (!values) return values.error();
        TypedLinkCondition c;
        c.type = CanonicalVocabulary(link.vocab, type, ns_);
        c.values = std::move(*values);
        (q_.*link.list).push_back(std::move(c));
        return {};
    }
    for (std::string_view attr :
         {"EQ_readPoint_", "EQ_INNER_readPoint_", "EQ_bizLocation_", "EQ_INNER_bizLocation_", "HASATTR_", "EQ_ATTR_"}) {
        if (n.starts_with(attr)) {
            return MakeError(ErrorCode::kNotImplemented, n, "query.not_implemented",
                             "Queries on master-data attributes are not supported yet.");
        }
    }
    // <OP>_<measure>_<UOM>
    static constexpr std::array<std::pair<std::string_view, CompareOp>, 5> kOps = {{{"EQ_", CompareOp::kEq},
                                                                                    {"GT_", CompareOp::kGt},
                                                                                    {"GE_", CompareOp::kGe},
                                                                                    {"LT_", CompareOp::kLt},
                                                                                    {"LE_", CompareOp::kLe}}};
    static constexpr std::array<std::string_view, 7> kMeasures = {"value", "minValue",  "maxValue", "meanValue",
                                                                  "sDev",  "percValue", "quantity"};
    if (n.find(':') == std::string::npos) {
        for (const auto& [op_prefix, op] : kOps) {
            if (!n.starts_with(op_prefix)) continue;
            const std::string_view rest = std::string_view(n).substr(op_prefix.size());
            for (std::string_view m : kMeasures) {
                if (!rest.starts_with(m) || rest.size() <= m.size() || rest[m.size()] != '_') continue;
                const std::string_view uom = rest.substr(m.size() + 1);
                if (uom.size() < 2 || uom.size() > 4 || !std::all_of(uom.begin(), uom.end(), IsUpperOrDigit)) {
                    return ParamError(n, "query.unknown_parameter",
                                      "The unit of measure must be a UN/ECE Rec 20 code of 2 to 4 upper-case letters "
                                      "or digits.",
                                      uom);
                }
                if (m == "quantity") return Quantity(p, op, std::string(uom));
                return SensorMeasure(p, std::string(m), op, std::string(uom));
            }
        }
    }
    handled = false;
    return {};
}

// <OP>_[scope]<field IRI>
Result<void> Parser::Extension(const QueryParam& p, bool& handled) {
    handled = false;
    std::string_view n = p.name;
    static constexpr std::array<std::pair<std::string_view, CompareOp>, 6> kOps = {{{"EQ_", CompareOp::kEq},
                                                                                    {"GT_", CompareOp::kGt},
                                                                                    {"GE_", CompareOp::kGe},
                                                                                    {"LT_", CompareOp::kLt},
                                                                                    {"LE_", CompareOp::kLe},
                                                                                    {"EXISTS_", CompareOp::kExists}}};
    // Longest first, so INNER_ILMD_ is not read as INNER_ + a field named ILMD_...
    static constexpr std::array<std::pair<std::string_view, Scope>, 11> kScopes = {{
        {"INNER_ERROR_DECLARATION_", Scope::kErrorDeclarationInner},
        {"INNER_SENSORELEMENT_", Scope::kSensorElementInner},
        {"INNER_SENSORMETADATA_", Scope::kSensorMetadataInner},
        {"INNER_SENSORREPORT_", Scope::kSensorReportInner},
        {"ERROR_DECLARATION_", Scope::kErrorDeclaration},
        {"SENSORELEMENT_", Scope::kSensorElement},
        {"SENSORMETADATA_", Scope::kSensorMetadata},
        {"SENSORREPORT_", Scope::kSensorReport},
        {"INNER_ILMD_", Scope::kIlmdInner},
        {"ILMD_", Scope::kIlmd},
        {"INNER_", Scope::kEventInner},
    }};
    std::optional<CompareOp> op;
    for (const auto& [prefix, o] : kOps) {
        if (n.starts_with(prefix)) {
            op = o;
            n.remove_prefix(prefix.size());
            break;
        }
    }
    if (!op || n.find(':') == std::string_view::npos) return {};
    Scope scope = Scope::kEvent;
    for (const auto& [prefix, s] : kScopes) {
        if (n.starts_with(prefix) && n.substr(prefix.size()).find(':') != std::string_view::npos) {
            scope = s;
            n.remove_prefix(prefix.size());
            break;
        }
    }
    handled = true;
    auto name = ResolveFieldName(n, ns_, p.name);
    if (!name) return name.error();
    FieldCondition c;
    c.scope = scope;
    c.op = *op;
    c.ns = std::move(name->ns);
    c.local = std::move(name->local);
    if (*op == CompareOp::kExists) {
        auto wanted = Exists(p);
        if (!wanted) return wanted.error();
        if (*wanted) q_.field_conditions.push_back(std::move(c));
        return {};
    }
    if (*op == CompareOp::kEq) {
        if (auto ok = AtLeastOne(p); !ok) return ok.error();
        for (const auto& v : p.values) {
            QueryValue qv = MakeValue(v);
            // URI values compare in canonical form (CURIEs expanded, GS1 identifiers canonical).
            if (!qv.number && !qv.time && v.find(':') != std::string::npos && IsAbsoluteUri(v)) {
                qv.text = CanonicalUri(v);
            }
            c.values.push_back(std::move(qv));
        }
    } else {
        auto v = Single(p);
        if (!v) return v.error();
        QueryValue qv = MakeValue(**v);
        if (!qv.number && !qv.time) {
            return ParamError(p.name, "query.value", "A comparison needs a number or an RFC 3339 date-time.", **v);
        }
        c.values.push_back(std::move(qv));
    }
    q_.field_conditions.push_back(std::move(c));
    return {};
}

Result<void> Parser::One(const QueryParam& p) {
    const std::string& n = p.name;
    // Two spellings of one parameter (openapi.yaml / query-schema.json) count as one name.
    std::string key = n;
    if (key == "GE_errorDeclaration_Time") key = "GE_errorDeclarationTime";
    if (key == "LT_errorDeclaration_Time") key = "LT_errorDeclarationTime";
    if (!seen_.insert(key).second) {
        return ParamError(n, "query.duplicate_parameter", "The parameter is given more than once.", n);
    }

    auto assign = [](auto& target, auto result) -> Result<void> {
        if (!result) return result.error();
        target = std::move(*result);
        return {};
    };

    if (key == "eventType") {
        if (auto ok = AtLeastOne(p); !ok) return ok;
        for (const auto& v : p.values) {
            if (v == "ObjectEvent" || v == "AggregationEvent" || v == "TransactionEvent" ||
                v == "TransformationEvent" || v == "AssociationEvent") {
                q_.event_types.push_back(v);
            } else if (IsAbsoluteUri(v)) {
                q_.event_types.push_back(cbv::ExpandCurie(v, ns_));
            } else {
                return ParamError(n, "query.value",
                                  "The value must be ObjectEvent, AggregationEvent, TransactionEvent, "
                                  "TransformationEvent, AssociationEvent or the URI of an extension event type.",
                                  v);
            }
        }
        return {};
    }
    if (key == "GE_eventTime") return assign(q_.ge_event_time, Time(p));
    if (key == "LT_eventTime") return assign(q_.lt_event_time, Time(p));
    if (key == "GE_recordTime") return assign(q_.ge_record_time, Time(p));
    if (key == "LT_recordTime") return assign(q_.lt_record_time, Time(p));
    if (key == "EQ_action") {
        if (auto ok = AtLeastOne(p); !ok) return ok;
        for (const auto& v : p.values) {
            if (v == "ADD") {
                q_.actions.push_back(Action::kAdd);
            } else if (v == "OBSERVE") {
                q_.actions.push_back(Action::kObserve);
            } else if (v == "DELETE") {
                q_.actions.push_back(Action::kDelete);
            } else {
                return ParamError(n, "query.value", "The action must be ADD, OBSERVE or DELETE.", v);
            }
        }
        return {};
    }
    if (key == "EQ_bizStep") return assign(q_.biz_steps, Vocabs(p, cbv::Vocab::kBizStep));
    if (key == "EQ_disposition") return assign(q_.dispositions, Vocabs(p, cbv::Vocab::kDisposition));
    if (key == "EQ_persistentDisposition_set") {
        return assign(q_.persistent_disposition_set, Vocabs(p, cbv::Vocab::kDisposition));
    }
    if (key == "EQ_persistentDisposition_unset") {
        return assign(q_.persistent_disposition_unset, Vocabs(p, cbv::Vocab::kDisposition));
    }
    if (key == "EQ_readPoint") return assign(q_.read_points, Uris(p, true));
    if (key == "WD_readPoint") return assign(q_.wd_read_points, Uris(p, true));
    if (key == "EQ_bizLocation") return assign(q_.biz_locations, Uris(p, true));
    if (key == "WD_bizLocation") return assign(q_.wd_biz_locations, Uris(p, true));
    if (key == "EQ_transformationID") return assign(q_.transformation_ids, Uris(p, true));
    if (key == "MATCH_epc") return Ids(p, kRoleEpcList | kRoleChildEpcs);
    if (key == "MATCH_parentID") return Ids(p, kRoleParentId);
    if (key == "MATCH_inputEPC") return Ids(p, kRoleInputEpcs);
    if (key == "MATCH_outputEPC") return Ids(p, kRoleOutputEpcs);
    if (key == "MATCH_anyEPC") {
        return Ids(p, kRoleParentId | kRoleEpcList | kRoleChildEpcs | kRoleInputEpcs | kRoleOutputEpcs);
    }
    if (key == "MATCH_epcClass") return Ids(p, kRoleQuantity | kRoleChildQuantity);
    if (key == "MATCH_inputEPCClass") return Ids(p, kRoleInputQuantity);
    if (key == "MATCH_outputEPCClass") return Ids(p, kRoleOutputQuantity);
    if (key == "MATCH_anyEPCClass") {
        return Ids(p, kRoleQuantity | kRoleChildQuantity | kRoleInputQuantity | kRoleOutputQuantity);
    }
    if (key == "EQ_quantity") return Quantity(p, CompareOp::kEq, std::nullopt);
    if (key == "GT_quantity") return Quantity(p, CompareOp::kGt, std::nullopt);
    if (key == "GE_quantity") return Quantity(p, CompareOp::kGe, std::nullopt);
    if (key == "LT_quantity") return Quantity(p, CompareOp::kLt, std::nullopt);
    if (key == "LE_quantity") return Quantity(p, CompareOp::kLe, std::nullopt);
    if (key == "EQ_eventID") return assign(q_.event_ids, Uris(p, false));
    if (key == "EXISTS_errorDeclaration") {
        auto wanted = Exists(p);
        if (!wanted) return wanted.error();
        if (*wanted) q_.exists_error_declaration = true;
        return {};
    }
    if (key == "GE_errorDeclarationTime") return assign(q_.ge_error_declaration_time, Time(p));
    if (key == "LT_errorDeclarationTime") return assign(q_.lt_error_declaration_time, Time(p));
    if (key == "EQ_errorReason") return assign(q_.error_reasons, Vocabs(p, cbv::Vocab::kErrorReason));
    if (key == "EQ_correctiveEventID") return assign(q_.corrective_event_ids, Uris(p, false));
    if (key == "orderBy") {
        auto v = Single(p);
        if (!v) return v.error();
        if (**v == "eventTime") {
            q_.order_by = OrderField::kEventTime;
        } else if (**v == "recordTime") {
            q_.order_by = OrderField::kRecordTime;
        } else if ((*v)->find(':') != std::string::npos) {
            auto name = ResolveFieldName(**v, ns_, n);
            if (!name) return name.error();
            q_.order_by = OrderField::kExtension;
            q_.order_ns = std::move(name->ns);
            q_.order_local = std::move(name->local);
        } else {
            return ParamError(n, "query.value",
                              "orderBy must be eventTime, recordTime or the full name of an extension field.", **v);
        }
        return {};
    }
    if (key == "orderDirection") {
        auto v = Single(p);
        if (!v) return v.error();
        if (**v == "ASC") {
            q_.order_direction = OrderDirection::kAsc;
        } else if (**v == "DESC") {
            q_.order_direction = OrderDirection::kDesc;
        } else {
            return ParamError(n, "query.value", "orderDirection must be ASC or DESC.", **v);
        }
        return {};
    }
    if (key == "eventCountLimit") return assign(q_.event_count_limit, Count(p));
    if (key == "maxEventCount") return assign(q_.max_event_count, Count(p));
    if (key == "EXISTS_sensorElementList") {
        auto wanted = Exists(p);
        if (!wanted) return wanted.error();
        if (*wanted) q_.exists_sensor_element_list = true;
        return {};
    }
    if (key == "GE_time") return SensorTime(p, "time", CompareOp::kGe);
    if (key == "LT_time") return SensorTime(p, "time", CompareOp::kLt);
    if (key == "GE_startTime") return SensorTime(p, "startTime", CompareOp::kGe);
    if (key == "LT_startTime") return SensorTime(p, "startTime", CompareOp::kLt);
    if (key == "GE_endTime") return SensorTime(p, "endTime", CompareOp::kGe);
    if (key == "LT_endTime") return SensorTime(p, "endTime", CompareOp::kLt);
    if (key == "EQ_type") {
        auto values = Vocabs(p, cbv::Vocab::kMeasurementType);
        if (!values) return values.error();
        SensorCondition c;
        c.field = "type";
        for (auto& v : *values) c.values.push_back(MakeValue(std::move(v)));
        q_.sensor_conditions.push_back(std::move(c));
        return {};
    }
    if (key == "EQ_deviceID") return SensorUris(p, "deviceID");
    if (key == "EQ_dataProcessingMethod") return SensorUris(p, "dataProcessingMethod");
    if (key == "EQ_microorganism") return SensorUris(p, "microorganism");
    if (key == "EQ_chemicalSubstance") return SensorUris(p, "chemicalSubstance");
    if (key == "EQ_bizRules") return SensorUris(p, "bizRules");
    if (key == "EQ_uriValue") return SensorUris(p, "uriValue");
    if (key == "EQ_stringValue") return SensorStrings(p, "stringValue", false);
    if (key == "EQ_hexBinaryValue") return SensorStrings(p, "hexBinaryValue", true);
    if (key == "EQ_booleanValue") {
        auto v = Single(p);
        if (!v) return v.error();
        if (**v != "true" && **v != "false") {
            return ParamError(n, "query.value", "The value must be true or false.", **v);
        }
        SensorCondition c;
        c.field = "booleanValue";
        c.values.push_back(MakeValue(**v));
        q_.sensor_conditions.push_back(std::move(c));
        return {};
    }
    if (key == "GT_percRank") return SensorMeasure(p, "percRank", CompareOp::kGt, std::nullopt);
    if (key == "GE_percRank") return SensorMeasure(p, "percRank", CompareOp::kGe, std::nullopt);
    if (key == "LT_percRank") return SensorMeasure(p, "percRank", CompareOp::kLt, std::nullopt);
    if (key == "LE_percRank") return SensorMeasure(p, "percRank", CompareOp::kLe, std::nullopt);
    if (key == "perPage" || key == "nextPageToken") {
        return ParamError(n, "query.unknown_parameter",
                          "perPage and nextPageToken are pagination parameters of the REST binding, not query "
                          "parameters.");
    }

    bool handled = false;
    if (auto ok = Family(p, handled); !ok || handled) return ok;
    if (auto ok = Extension(p, handled); !ok || handled) return ok;
    return ParamError(n, "query.unknown_parameter", "This is not a parameter of the EPCIS SimpleEventQuery.", n);
}

Result<EventQuery> Parser::Run(const std::vector<QueryParam>& params) {
    for (const auto& p : params) {
        if (auto ok = One(p); !ok) return ok.error();
    }
    if (q_.event_count_limit && q_.max_event_count) {
        return ParamError("eventCountLimit", "query.event_count_limit",
                          "eventCountLimit and maxEventCount cannot be used together.");
    }
    if (q_.event_count_limit && q_.order_by == OrderField::kNone) {
        return ParamError("eventCountLimit", "query.event_count_limit", "eventCountLimit needs orderBy.");
    }
    return std::move(q_);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Canonical forms

std::string CanonicalIdentifier(std::string_view uri) {
    if (uri.starts_with(kEpcUrnPrefix)) {
        // The general conversion parses, validates and formats with many small allocations; the
        // event hash's normaliser gives the same Digital Link for the common schemes written
        // without escapes, an order of magnitude faster (query_test cross-checks the two).
        if (FastUrnCandidate(uri)) {
            std::string out;
            if (event_hash_detail::AppendNormalisedGs1Id(out, uri)) return out;
        }
        auto dl = gs1::EpcUriToDigitalLink(uri, gs1::kCanonicalDigitalLinkBase, gs1::DlEscaping::kEventHash);
        if (dl) return std::move(*dl);
        return std::string(uri);
    }
    if (LooksCanonicalDigitalLink(uri) || !gs1::LooksLikeDigitalLink(uri)) return std::string(uri);
    gs1::DigitalLinkOptions options;
    options.pad_short_gtin = true;
    auto dl = gs1::ParseDigitalLink(uri, options);
    if (!dl) return std::string(uri);
    // The finest identification wins, as in the EPC URN: a serial makes lot and CPV redundant.
    const std::string& key = dl->path.front().ai;
    if (key == "01" || key == "8006") {
        const auto serial = std::find_if(dl->path.begin(), dl->path.end(), [](const auto& e) { return e.ai == "21"; });
        if (serial != dl->path.end()) {
            gs1::AiElement kept = *serial;
            dl->path.resize(1);
            dl->path.push_back(std::move(kept));
        }
    }
    dl->attributes.clear();
    dl->other_query.clear();
    return gs1::FormatDigitalLink(*dl, gs1::kCanonicalDigitalLinkBase, gs1::DlEscaping::kEventHash);
}

std::string CanonicalVocabulary(cbv::Vocab vocab, std::string_view value,
                                const std::map<std::string, std::string>& namespaces) {
    if (auto w = cbv::StandardWord(vocab, value, &namespaces)) return cbv::ToWebUri(vocab, *w);
    return cbv::ExpandCurie(value, namespaces);
}

std::vector<EventIdentifier> EventIdentifiers(const Event& event) {
    std::vector<EventIdentifier> out;
    constexpr std::uint16_t kAll = 0x1FF;
    ForEachIdentifier(event, kAll, [&](IdRole role, std::string_view id, const QuantityElement* qe) {
        out.push_back(EventIdentifier{role, CanonicalIdentifier(id), qe});
        return false;
    });
    return out;
}

bool IdPattern::Matches(std::string_view canonical_identifier) const {
    switch (kind) {
        case Kind::kExact:
            return canonical_identifier == text;
        case Kind::kPrefix:
            return canonical_identifier.starts_with(text);
        case Kind::kGlob:
            return GlobMatch(text, canonical_identifier);
    }
    return false;
}

Result<std::vector<IdPattern>> IdPatternsFor(std::string_view value) {
    if (!IsAbsoluteUri(value)) {
        return InvalidArgument("value", "uri.format", "The value must be an absolute URI.", value);
    }
    std::vector<IdPattern> out;
    auto add = [&out](Kind kind, std::string text) {
        IdPattern p{kind, std::move(text)};
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
    };
    const std::string canonical = CanonicalIdentifier(value);
    if (!value.starts_with(kPatternPrefix)) {
        add(Kind::kExact, canonical);
        if (IsGtinLevelDigitalLink(canonical)) add(Kind::kPrefix, canonical + "/");
        return out;
    }
    auto parsed = gs1::ParseEpcUri(value);
    if (!parsed) {
        return InvalidArgument(
            "value", "query.epc_pattern",
            "Not a valid EPC pattern URI (" + parsed.error().rule + ": " + parsed.error().detail + ")", value);
    }
    const auto& c = parsed->components;
    const std::string& scheme = parsed->scheme;
    std::size_t concrete = 0;
    while (concrete < c.size() && c[concrete] != "*") ++concrete;
    // The pattern as written: an event may name a class by the same pattern (quantityList).
    add(Kind::kExact, canonical);
    if (concrete == c.size()) {
        std::string id = "urn:epc:id:" + scheme + ":";
        for (std::size_t i = 0; i < c.size(); ++i) id.append(i == 0 ? "" : ".").append(c[i]);
        add(Kind::kExact, CanonicalIdentifier(id));
        return out;
    }

    const std::string base(gs1::kCanonicalDigitalLinkBase);
    const std::string gcp = concrete > 0 ? c[0] : std::string();
    auto rest = [&gcp](std::size_t total) { return Wildcards(total > gcp.size() ? total - gcp.size() : 0); };
    // The Digital Link the pattern maps to when only its last component is '*' (a class key).
    auto class_key = [&]() -> std::optional<std::string> {
        auto dl = gs1::EpcUriToDigitalLink(value);
        if (!dl) return std::nullopt;
        return *dl;
    };
    auto gtin_of = [&](const std::string& item) -> std::optional<std::string> {
        auto dl = gs1::EpcUriToDigitalLink("urn:epc:idpat:sgtin:" + gcp + "." + item + ".*");
        if (!dl) return std::nullopt;
        return dl->substr(dl->size() - 14);
    };
    // A GTIN-like key written with '?' for unknown digits: `?<GCP>???...` (indicator, company
    // prefix, item reference and check digit).
    const std::string gtin_glob = "?" + gcp + rest(13);

    if (scheme == "sgtin") {
        // Like a GTIN-level Digital Link: the GTIN and everything under it (serials, and the lot
        // and CPV classes that quantity lists name).
        if (concrete == 2) {
            if (auto k = class_key()) {
                add(Kind::kExact, *k);
                add(Kind::kPrefix, *k + "/");
            }
        } else if (concrete == 1) {
            add(Kind::kGlob, base + "/01/" + gtin_glob);
            add(Kind::kGlob, base + "/01/" + gtin_glob + "/*");
        } else {
            add(Kind::kPrefix, base + "/01/");
        }
    } else if (scheme == "upui") {
        if (concrete == 2) {
            if (auto k = class_key()) add(Kind::kPrefix, *k + "/235/");
        } else {
            add(Kind::kGlob, base + "/01/" + (concrete == 1 ? gtin_glob : Wildcards(14)) + "/235/*");
        }
    } else if (scheme == "itip") {
        if (concrete == 4) {
            if (auto k = class_key()) {
                add(Kind::kExact, *k);
                add(Kind::kPrefix, *k + "/");
            }
        } else if (concrete == 0) {
            add(Kind::kPrefix, base + "/8006/");
        } else {
            std::string key = concrete == 1 ? gtin_glob : gtin_of(c[1]).value_or(gtin_glob);
            key += concrete == 3 ? c[2] : "??";
            key += "??";
            add(Kind::kGlob, base + "/8006/" + key);
            add(Kind::kGlob, base + "/8006/" + key + "/*");
        }
    } else if (scheme == "sscc") {
        if (concrete == 1) {
            add(Kind::kGlob, base + "/00/?" + gcp + rest(17));
        } else {
            add(Kind::kPrefix, base + "/00/");
        }
    } else if (scheme == "sgln") {
        if (concrete == 2) {
            auto gln = gs1::EpcUriToDigitalLink("urn:epc:id:sgln:" + c[0] + "." + c[1] + ".0");
            if (gln) {
                add(Kind::kExact, *gln);
                add(Kind::kPrefix, *gln + "/254/");
            }
        } else if (concrete == 1) {
            add(Kind::kGlob, base + "/414/" + gcp + rest(13));
            add(Kind::kGlob, base + "/414/" + gcp + rest(13) + "/254/*");
        } else {
            add(Kind::kPrefix, base + "/414/");
        }
    } else if (scheme == "pgln" || scheme == "gsrn" || scheme == "gsrnp" || scheme == "gsin") {
        const std::string ai = scheme == "pgln"    ? "417"
                               : scheme == "gsrn"  ? "8018"
                               : scheme == "gsrnp" ? "8017"
                                                   : "402";
        const std::size_t digits = scheme == "pgln" ? 13 : scheme == "gsin" ? 17 : 18;
        if (concrete == 1) {
            add(Kind::kGlob, base + "/" + ai + "/" + gcp + rest(digits));
        } else {
            add(Kind::kPrefix, base + "/" + ai + "/");
        }
    } else if (scheme == "grai" || scheme == "gdti" || scheme == "sgcn") {
        const std::string ai = scheme == "grai" ? "8003/0" : scheme == "gdti" ? "253/" : "255/";
        if (concrete == 2) {
            // The key without serial, then the serial directly after it.
            if (auto k = class_key()) add(Kind::kPrefix, *k);
        } else if (concrete == 1) {
            add(Kind::kGlob, base + "/" + ai + gcp + rest(13) + "*");
        } else {
            add(Kind::kPrefix, base + "/" + ai.substr(0, ai.find('/') + 1));
        }
    } else if (scheme == "giai" || scheme == "ginc") {
        // Variable-length keys: the company prefix starts the key.
        add(Kind::kPrefix, base + (scheme == "giai" ? "/8004/" : "/401/") + gcp);
    } else if (scheme == "cpi") {
        if (concrete == 2) {
            if (auto k = class_key()) {
                add(Kind::kExact, *k);
                add(Kind::kPrefix, *k + "/8011/");
            }
        } else if (concrete == 1) {
            add(Kind::kGlob, base + "/8010/" + gcp + "*");
        } else {
            add(Kind::kPrefix, base + "/8010/");
        }
    } else {
        // gid, usdod, adi have no Digital Link: their canonical form is the pure-identity URN.
        std::string prefix = "urn:epc:id:" + scheme + ":";
        for (std::size_t i = 0; i < concrete; ++i) prefix.append(c[i]).append(".");
        add(Kind::kPrefix, std::move(prefix));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The query

Result<EventQuery> ParseEventQuery(const std::vector<QueryParam>& params,
                                   const std::map<std::string, std::string>& namespaces) {
    return Parser(namespaces).Run(params);
}

bool Matches(const EventQuery& q, const Event& e, const std::map<std::string, std::string>& namespaces) {
    // Cheap scalar conditions first.
    if (!q.event_types.empty()) {
        if (e.type == EventType::kExtensionEvent) {
            if (!Contains(q.event_types, e.extension_type) &&
                !Contains(q.event_types, cbv::ExpandCurie(e.extension_type, namespaces))) {
                return false;
            }
        } else if (!Contains(q.event_types, EventTypeName(e.type))) {
            return false;
        }
    }
    if (q.ge_event_time && e.event_time < *q.ge_event_time) return false;
    if (q.lt_event_time && !(e.event_time < *q.lt_event_time)) return false;
    if (q.ge_record_time && (!e.record_time || *e.record_time < *q.ge_record_time)) return false;
    if (q.lt_record_time && (!e.record_time || !(*e.record_time < *q.lt_record_time))) return false;
    if (!q.actions.empty() &&
        (!e.action || std::find(q.actions.begin(), q.actions.end(), *e.action) == q.actions.end())) {
        return false;
    }
    if (!q.event_ids.empty() && (!e.event_id || !Contains(q.event_ids, *e.event_id))) return false;
    if (!VocabMatches(q.biz_steps, cbv::Vocab::kBizStep, e.biz_step, namespaces)) return false;
    if (!VocabMatches(q.dispositions, cbv::Vocab::kDisposition, e.disposition, namespaces)) return false;
    if (!q.persistent_disposition_set.empty() &&
        (!e.persistent_disposition || !AnyVocabIn(q.persistent_disposition_set, cbv::Vocab::kDisposition,
                                                  e.persistent_disposition->set, namespaces))) {
        return false;
    }
    if (!q.persistent_disposition_unset.empty() &&
        (!e.persistent_disposition || !AnyVocabIn(q.persistent_disposition_unset, cbv::Vocab::kDisposition,
                                                  e.persistent_disposition->unset, namespaces))) {
        return false;
    }
    if (!LocationMatches(q.read_points, e.read_point) || !LocationMatches(q.wd_read_points, e.read_point) ||
        !LocationMatches(q.biz_locations, e.biz_location) || !LocationMatches(q.wd_biz_locations, e.biz_location)) {
        return false;
    }
    if (!q.transformation_ids.empty() &&
        (!e.transformation_id || !Contains(q.transformation_ids, CanonicalIdView(*e.transformation_id)))) {
        return false;
    }

    // Error declaration.
    const ErrorDeclaration* ed = e.error_declaration ? &*e.error_declaration : nullptr;
    if (ed == nullptr && (q.exists_error_declaration.value_or(false) || q.ge_error_declaration_time ||
                          q.lt_error_declaration_time || !q.error_reasons.empty() || !q.corrective_event_ids.empty())) {
        return false;
    }
    if (ed != nullptr) {
        if (q.ge_error_declaration_time && ed->declaration_time < *q.ge_error_declaration_time) return false;
        if (q.lt_error_declaration_time && !(ed->declaration_time < *q.lt_error_declaration_time)) return false;
        if (!VocabMatches(q.error_reasons, cbv::Vocab::kErrorReason, ed->reason, namespaces)) return false;
        if (!q.corrective_event_ids.empty() &&
            std::none_of(ed->corrective_event_ids.begin(), ed->corrective_event_ids.end(),
                         [&](const std::string& id) { return Contains(q.corrective_event_ids, id); })) {
            return false;
        }
    }

    // Identifiers, quantities, links.
    for (const auto& c : q.id_conditions) {
        if (!IdConditionHolds(c, e)) return false;
    }
    if (!QuantitiesMatch(q, e)) return false;
    if (!TypedLinksMatch(q.biz_transactions, cbv::Vocab::kBizTransactionType, e.biz_transaction_list, namespaces) ||
        !TypedLinksMatch(q.sources, cbv::Vocab::kSourceDestType, e.source_list, namespaces) ||
        !TypedLinksMatch(q.destinations, cbv::Vocab::kSourceDestType, e.destination_list, namespaces)) {
        return false;
    }

    // Extension fields outside sensors, then everything tied to one sensor report.
    bool has_sensor_fields = false;
    for (const auto& c : q.field_conditions) {
        switch (c.scope) {
            case Scope::kEvent:
            case Scope::kEventInner:
                if (!FieldHolds(c, e.extensions, c.scope == Scope::kEventInner, namespaces)) return false;
                break;
            case Scope::kIlmd:
            case Scope::kIlmdInner:
                if (!e.ilmd || !FieldHolds(c, *e.ilmd, c.scope == Scope::kIlmdInner, namespaces)) return false;
                break;
            case Scope::kErrorDeclaration:
            case Scope::kErrorDeclarationInner:
                if (ed == nullptr ||
                    !FieldHolds(c, ed->extensions, c.scope == Scope::kErrorDeclarationInner, namespaces)) {
                    return false;
                }
                break;
            default:
                has_sensor_fields = true;
        }
    }
    return SensorsMatch(q, e, namespaces, has_sensor_fields);
}

std::optional<QueryValue> OrderValue(const EventQuery& query, const Event& event) {
    if (query.order_by != OrderField::kExtension) return std::nullopt;
    for (const auto& f : event.extensions) {
        if (!NameMatches(f, query.order_ns, query.order_local)) continue;
        const auto kind = f.value.kind;
        if (kind != ExtensionValue::Kind::kString && kind != ExtensionValue::Kind::kNumber &&
            kind != ExtensionValue::Kind::kBoolean) {
            continue;
        }
        QueryValue v = MakeValue(std::string(TrimBlanks(f.value.text)));
        v.text = f.value.text;
        return v;
    }
    return std::nullopt;
}

}  // namespace txng::epcis
