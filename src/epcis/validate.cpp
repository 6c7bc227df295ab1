#include "epcis/validate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "epcis/cbv.hpp"
#include "epcis/uri.hpp"
#include "gs1/digital_link.hpp"
#include "gs1/epc_uri.hpp"

namespace txng::epcis {
namespace {

constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

// One segment of an error path, kept on the stack while its part of the model is checked and
// rendered into a string only when something is reported. `index` is 0-based; the XML form
// writes it 1-based.
struct PathNode {
    const PathNode* parent = nullptr;
    std::string_view name;
    std::size_t index = kNoIndex;
};

void RenderPath(const PathNode* node, bool xml, std::string& out) {
    if (node == nullptr) return;
    RenderPath(node->parent, xml, out);
    if (!node->name.empty()) {
        if (!out.empty()) out += xml ? '/' : '.';
        out += node->name;
    }
    if (node->index != kNoIndex) {
        out += '[';
        out += std::to_string(xml ? node->index + 1 : node->index);
        out += ']';
    }
}

bool StartsWith(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperOrDigit(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// ^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$
bool IsTimeZoneOffset(std::string_view s) {
    if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return false;
    if (!IsDigit(s[1]) || !IsDigit(s[2]) || !IsDigit(s[4]) || !IsDigit(s[5])) return false;
    const int hours = (s[1] - '0') * 10 + (s[2] - '0');
    if (hours == 14) return s[4] == '0' && s[5] == '0';
    return hours <= 13 && s[4] <= '5';
}

// ^[A-Z0-9]{2,3}$
bool IsUom(std::string_view s) {
    return (s.size() == 2 || s.size() == 3) && std::all_of(s.begin(), s.end(), IsUpperOrDigit);
}

// ^[A-Fa-f0-9]+$
bool IsHexBinary(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsHex); }

// ^\d+(\.\d+)*$
bool IsVersion(std::string_view s) {
    bool digit_before = false;
    for (char c : s) {
        if (IsDigit(c)) {
            digit_before = true;
        } else if (c == '.' && digit_before) {
            digit_before = false;
        } else {
            return false;
        }
    }
    return digit_before;
}

// What a term of a vocabulary looks like when written bare: `Molar_concentration`.
bool IsTermLike(std::string_view s) {
    if (s.empty() || !IsLetter(s[0])) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return IsLetter(c) || IsDigit(c) || c == '_'; });
}

// Strips `http://` or `https://`; false when `s` has neither.
bool StripHttp(std::string_view& s) {
    if (StartsWith(s, "https://")) {
        s.remove_prefix(8);
        return true;
    }
    if (StartsWith(s, "http://")) {
        s.remove_prefix(7);
        return true;
    }
    return false;
}

// https?://ref.gs1.org/cbv/... : the CBV 2.0 Web namespace.
bool InCbvWebNamespace(std::string_view uri) { return StripHttp(uri) && StartsWith(uri, "ref.gs1.org/cbv/"); }

// https?://(www.)?gs1.org/voc/... : the GS1 Web Vocabulary, which the schema reserves for sensor
// types (vocab-nonGS1WebVoc-uri).
bool InGs1VocWebNamespace(std::string_view uri) {
    if (!StripHttp(uri)) return false;
    if (StartsWith(uri, "www.")) uri.remove_prefix(4);
    return StartsWith(uri, "gs1.org/voc/");
}

// https?://ns.gs1.org/cbv/... : a namespace of CBV drafts that the schema refuses.
bool InRetiredCbvNamespace(std::string_view uri) { return StripHttp(uri) && StartsWith(uri, "ns.gs1.org/cbv/"); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// http(s)://id.gs1.org/... (scheme and host in any case): GS1's canonical Digital Link resolver.
bool OnCanonicalResolver(std::string_view uri) {
    const auto sep = uri.find("://");
    if (sep == std::string_view::npos) return false;
    const std::string_view scheme = uri.substr(0, sep);
    if (!EqualsIgnoreCase(scheme, "http") && !EqualsIgnoreCase(scheme, "https")) return false;
    std::string_view host = uri.substr(sep + 3);
    host = host.substr(0, host.find_first_of("/?#:"));
    return EqualsIgnoreCase(host, "id.gs1.org");
}

constexpr std::string_view kCbvUrnNamespace = "urn:epcglobal:cbv";

// How a vocabulary's values are checked, and how they are named in messages.
struct VocabSpec {
    cbv::Vocab vocab;
    std::string_view rule;
    std::string_view what;     // "business step"
    std::string_view example;  // a standard word
    bool gs1_voc;              // schema `vocab-nonGS1WebVoc-uri` rather than `vocab-other-uri`
};

constexpr VocabSpec kBizStep{cbv::Vocab::kBizStep, "cbv.bizStep", "business step", "shipping", false};
constexpr VocabSpec kDisposition{cbv::Vocab::kDisposition, "cbv.disposition", "disposition", "in_transit", false};
constexpr VocabSpec kBizTransactionType{cbv::Vocab::kBizTransactionType, "cbv.bizTransactionType",
                                        "business transaction type", "po", false};
constexpr VocabSpec kSourceDestType{cbv::Vocab::kSourceDestType, "cbv.sourceDestType", "source/destination type",
                                    "owning_party", false};
constexpr VocabSpec kErrorReason{cbv::Vocab::kErrorReason, "cbv.errorReason", "error reason", "incorrect_data", false};
constexpr VocabSpec kMeasurementType{cbv::Vocab::kMeasurementType, "cbv.measurementType", "measurement type",
                                     "Temperature", true};
constexpr VocabSpec kSensorAlertType{cbv::Vocab::kSensorAlertType, "cbv.sensorAlertType", "sensor alert type",
                                     "ALARM_CONDITION", true};
constexpr VocabSpec kComponent{cbv::Vocab::kComponent, "cbv.component", "component", "latitude", false};

// Which GS1 checks a URI field gets. EPC URNs are identifiers wherever they appear; a URL that
// looks like a Digital Link is one only in the identifier fields (a rawData or bizRules URL may
// well have a path like /253/... without claiming to be a GS1 key).
enum class UriRole { kIdentifier, kOther };

class Checker {
  public:
    Checker(const ValidationOptions& options, ValidationReport& report,
            const std::map<std::string, std::string>* namespaces)
        : options_(options), report_(report), xml_(options.binding == Binding::kXml), namespaces_(namespaces) {}

    void SetNamespaces(const std::map<std::string, std::string>* namespaces) { namespaces_ = namespaces; }
    bool Full() const { return report_.errors.size() >= options_.max_errors; }

    void CheckEvent(const Event& e, const PathNode& ev);
    void CheckDocumentMembers(const Document& doc, const PathNode& root);
    void CheckVocabulary(const Vocabulary& vocabulary, const PathNode& at);
    void CheckDuplicateEventIds(const Document& doc);

    void AddError(const PathNode& at, std::string_view rule, std::string detail, std::string_view value = {}) {
        Add(report_.errors, at, rule, std::move(detail), value);
    }
    void AddWarning(const PathNode& at, std::string_view rule, std::string detail, std::string_view value = {}) {
        Add(report_.warnings, at, rule, std::move(detail), value);
    }

  private:
    // A standard word in a form only the JSON schema refuses (see lenient_vocabulary_forms).
    void AddErrorUnlessLenient(const PathNode& at, std::string_view rule, std::string detail, std::string_view value) {
        if (options_.lenient_vocabulary_forms) {
            AddWarning(at, rule, std::move(detail), value);
        } else {
            AddError(at, rule, std::move(detail), value);
        }
    }

    void Add(std::vector<Error>& out, const PathNode& at, std::string_view rule, std::string detail,
             std::string_view value) {
        if (out.size() >= options_.max_errors) {
            report_.truncated = true;
            return;
        }
        std::string where;
        RenderPath(&at, xml_, where);
        out.push_back(InvalidArgument(std::move(where), std::string(rule), std::move(detail), value));
    }

    // A child path segment whose name differs between the bindings (XML attributes: `@type`).
    PathNode Field(const PathNode& parent, std::string_view json_name, std::string_view xml_name) const {
        return PathNode{&parent, xml_ ? xml_name : json_name};
    }

    bool Uri(const PathNode& at, std::string_view field, std::string_view value);
    void UriValue(const PathNode& at, std::string_view field, std::string_view value, UriRole role);
    void Gs1(const PathNode& at, std::string_view field, std::string_view value, UriRole role);
    void Vocab(const PathNode& at, std::string_view field, const VocabSpec& spec, std::string_view value);
    std::string_view CurieNamespace(std::string_view value) const;

    void EpcList(const PathNode& ev, std::string_view name, const std::vector<std::string>& list, bool unique_is_error);
    void QuantityList(const PathNode& ev, std::string_view name, const std::vector<QuantityElement>& list);
    void PersistentDispositions(const PathNode& ev, const PersistentDisposition& pd);
    void SourceDestList(const PathNode& ev, std::string_view list_name, std::string_view item_name,
                        std::string_view type_label, const std::vector<SourceDest>& list);
    void SensorElements(const PathNode& ev, const std::vector<SensorElement>& list);
    void SensorMetadataOf(const PathNode& element, const SensorMetadata& md);
    void SensorReportOf(const PathNode& at, const SensorReport& r);
    void IdentifierRules(const Event& e, const PathNode& ev);
    void Ilmd(const Event& e, const PathNode& ev);

    const ValidationOptions& options_;
    ValidationReport& report_;
    bool xml_;
    const std::map<std::string, std::string>* namespaces_;
    // EPC URNs already found valid during this call (views into the model being validated),
    // direct-mapped by hash: locations, parties and EPCs recur across the events of a document,
    // and a lookup costs a fraction of parsing the URN again.
    static constexpr std::size_t kValidEpcSlots = 256;
    std::array<std::string_view, kValidEpcSlots> valid_epcs_{};
};

// Indices of the values of a large list equal to an earlier value, in index order. Sorting
// views (reused buffers per thread) keeps this O(n log n) without copying strings.
const std::vector<std::size_t>& LargeListDuplicates(const std::vector<std::string>& values) {
    thread_local std::vector<std::pair<std::string_view, std::size_t>> sorted;
    thread_local std::vector<std::size_t> duplicates;
    sorted.clear();
    duplicates.clear();
    for (std::size_t i = 0; i < values.size(); ++i) sorted.emplace_back(values[i], i);
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t k = 1; k < sorted.size(); ++k) {
        if (sorted[k].first == sorted[k - 1].first) duplicates.push_back(sorted[k].second);
    }
    std::sort(duplicates.begin(), duplicates.end());
    return duplicates;
}

// Calls `report(i)` for each index i whose value equals that of an earlier index, in index order.
// Small lists (the common case) are compared pairwise.
template <typename Report>
void ForEachDuplicate(const std::vector<std::string>& values, Report report) {
    const std::size_t n = values.size();
    if (n < 2) return;
    if (n > 16) {
        for (std::size_t i : LargeListDuplicates(values)) report(i);
        return;
    }
    for (std::size_t i = 1; i < n; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (values[j] == values[i]) {
                report(i);
                break;
            }
        }
    }
}

bool Checker::Uri(const PathNode& at, std::string_view field, std::string_view value) {
    if (IsAbsoluteUri(value)) return true;
    AddError(at, "uri.format",
             std::string(field) +
                 " must be an absolute URI (RFC 3986), such as urn:epc:id:sgtin:... or https://...; this value is "
                 "not one.",
             value);
    return false;
}

void Checker::UriValue(const PathNode& at, std::string_view field, std::string_view value, UriRole role) {
    if (Uri(at, field, value)) Gs1(at, field, value, role);
}

void Checker::Gs1(const PathNode& at, std::string_view field, std::string_view value, UriRole role) {
    if (gs1::IsEpcUri(value)) {
        const std::size_t slot = std::hash<std::string_view>{}(value) % kValidEpcSlots;
        if (valid_epcs_[slot] == value) return;
        auto valid = gs1::ValidateEpcUri(value);
        if (valid) {
            valid_epcs_[slot] = value;
        } else {
            const Error& e = valid.error();
            AddError(at, "gs1.epc_uri",
                     std::string(field) + " is not a valid EPC URI under the GS1 EPC Tag Data Standard (" + e.rule +
                         (e.where.empty() ? std::string() : " at " + e.where) + "): " + e.detail,
                     value);
        }
        return;
    }
    if (role == UriRole::kIdentifier && gs1::LooksLikeDigitalLink(value)) {
        auto parsed = gs1::ParseDigitalLink(value);
        if (!parsed) {
            const Error& e = parsed.error();
            std::string detail = std::string(field) + " is not a valid GS1 Digital Link URI (" + e.rule +
                                 (e.where.empty() ? std::string() : " at " + e.where) + "): " + e.detail;
            // On GS1's own resolver the URI certainly claims to be a Digital Link. On any other host
            // the path only looks like one (LooksLikeDigitalLink is a heuristic: any http URL ending
            // in /<AI>/<value> matches), the schema accepts it as a plain URI, and the valid
            // openepcis corpus has such a URL that breaks the GRAI rules
            // (https://id.example.com/8003/952012200000001004): tell the sender, do not refuse.
            if (OnCanonicalResolver(value)) {
                AddError(at, "gs1.digital_link", std::move(detail), value);
            } else {
                AddWarning(at, "gs1.digital_link", std::move(detail), value);
            }
        }
    }
}

// The namespace a CURIE's prefix stands for: the document's declarations, else the prefixes the
// EPCIS context defines itself. Empty when `value` is not a CURIE (`https://...`) or the prefix is
// unknown.
std::string_view Checker::CurieNamespace(std::string_view value) const {
    const auto colon = value.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    if (StartsWith(value.substr(colon + 1), "//")) return {};
    const std::string_view prefix = value.substr(0, colon);
    if (namespaces_ != nullptr) {
        if (auto it = namespaces_->find(std::string(prefix)); it != namespaces_->end()) return it->second;
    }
    if (prefix == "cbv") return "https://ref.gs1.org/cbv/";
    if (prefix == "gs1") return "https://gs1.org/voc/";
    return {};
}

void Checker::Vocab(const PathNode& at, std::string_view field, const VocabSpec& spec, std::string_view value) {
    if (cbv::IsStandardWord(spec.vocab, value)) return;  // the common case: a bare standard word
    if (!IsAbsoluteUri(value)) {
        if (spec.vocab == cbv::Vocab::kMeasurementType && IsTermLike(value)) {
            AddWarning(at, spec.rule,
                       std::string(field) +
                           " is not a measurement type of the list txng knows; it is accepted because the GS1 Web "
                           "Vocabulary adds measurement types between releases.",
                       value);
            return;
        }
        AddError(at, spec.rule,
                 std::string(field) + " must be a standard " + std::string(spec.what) +
                     " written exactly as the standard lists it (such as " + std::string(spec.example) +
                     ") or a URI of your own; this value is neither.",
                 value);
        return;
    }
    if (!spec.gs1_voc) {
        if (StartsWith(value, kCbvUrnNamespace)) {
            const bool standard = cbv::StandardWord(spec.vocab, value).has_value();
            // The XML binding writes standard values in exactly this URN form.
            if (xml_ && standard) return;
            if (standard) {
                AddErrorUnlessLenient(
                    at, spec.rule,
                    std::string(field) +
                        " must be written as the bare word in the JSON binding: the EPCIS JSON schema does not " +
                        "accept the urn:epcglobal:cbv: form of a standard " + std::string(spec.what) + ".",
                    value);
            } else {
                AddError(at, spec.rule,
                         std::string(field) + " uses the reserved urn:epcglobal:cbv namespace but names no standard " +
                             std::string(spec.what) + "; a value of your own must be a URI in a namespace you control.",
                         value);
            }
            return;
        }
        if (InRetiredCbvNamespace(value)) {
            AddError(at, spec.rule,
                     std::string(field) +
                         " uses the ns.gs1.org/cbv/ namespace, which the EPCIS 2.0 schema does not accept; write a " +
                         "standard " + std::string(spec.what) + " as its bare word.",
                     value);
            return;
        }
        if (InCbvWebNamespace(value) || InCbvWebNamespace(CurieNamespace(value))) {
            if (!cbv::StandardWord(spec.vocab, value, namespaces_)) {
                AddWarning(at, spec.rule,
                           std::string(field) + " is in the GS1 CBV namespace but names no standard " +
                               std::string(spec.what) + "; a value of your own belongs in a namespace you control.",
                           value);
            }
        }
        return;
    }
    if (InGs1VocWebNamespace(value)) {
        const bool standard = cbv::StandardWord(spec.vocab, value).has_value();
        // The XML binding has no URN for sensor vocabularies and writes their Web URI instead.
        if (xml_ && standard) return;
        if (standard) {
            AddErrorUnlessLenient(
                at, spec.rule,
                std::string(field) +
                    " must be written as the bare word (or a gs1: CURIE) in the JSON binding: the EPCIS JSON schema " +
                    "does not accept gs1.org/voc/ URIs for a " + std::string(spec.what) + ".",
                value);
        } else {
            AddError(at, spec.rule,
                     std::string(field) + " uses the GS1 Web Vocabulary namespace but names no standard " +
                         std::string(spec.what) + "; a value of your own must be a URI in a namespace you control.",
                     value);
        }
        return;
    }
    if (InGs1VocWebNamespace(CurieNamespace(value)) && !cbv::StandardWord(spec.vocab, value, namespaces_)) {
        AddWarning(at, spec.rule,
                   std::string(field) + " is in the GS1 Web Vocabulary namespace but names no " +
                       std::string(spec.what) + " of the list txng knows.",
                   value);
    }
}

void Checker::EpcList(const PathNode& ev, std::string_view name, const std::vector<std::string>& list,
                      bool unique_is_error) {
    const PathNode list_node{&ev, name};
    for (std::size_t i = 0; i < list.size(); ++i) {
        const PathNode item = xml_ ? PathNode{&list_node, "epc", i} : PathNode{&ev, name, i};
        const std::string& epc = list[i];
        if (!Uri(item, name, epc)) continue;
        Gs1(item, name, epc, UriRole::kIdentifier);
        if (StartsWith(epc, "urn:epc:class:") || StartsWith(epc, "urn:epc:idpat:")) {
            AddWarning(item, "gs1.epc_level",
                       std::string(name) +
                           " holds EPCs, which name single instances; a class or pattern URN belongs in a quantity "
                           "list.",
                       epc);
        }
    }
    ForEachDuplicate(list, [&](std::size_t i) {
        const PathNode item = xml_ ? PathNode{&list_node, "epc", i} : PathNode{&ev, name, i};
        std::string detail = std::string(name) + " must not list the same EPC twice.";
        if (unique_is_error) {
            AddError(item, "unique_items." + std::string(name), std::move(detail), list[i]);
        } else {
            AddWarning(item, "unique_items." + std::string(name), std::move(detail), list[i]);
        }
    });
}

void Checker::QuantityList(const PathNode& ev, std::string_view name, const std::vector<QuantityElement>& list) {
    const PathNode list_node{&ev, name};
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QuantityElement& q = list[i];
        const PathNode item = xml_ ? PathNode{&list_node, "quantityElement", i} : PathNode{&ev, name, i};
        const PathNode epc_class{&item, "epcClass"};
        if (Uri(epc_class, "epcClass", q.epc_class)) {
            Gs1(epc_class, "epcClass", q.epc_class, UriRole::kIdentifier);
            if (StartsWith(q.epc_class, "urn:epc:id:")) {
                AddWarning(epc_class, "gs1.epc_level",
                           "epcClass should name a class of objects (urn:epc:class:lgtin:..., urn:epc:idpat:...), "
                           "not a single instance.",
                           q.epc_class);
            }
        }
        if (q.uom && !IsUom(*q.uom)) {
            AddError(PathNode{&item, "uom"}, "pattern.uom",
                     "uom must be a UN/ECE Recommendation 20 unit code of 2 or 3 upper-case letters or digits (such as "
                     "KGM).",
                     *q.uom);
        }
        if (q.quantity) {
            const double quantity = *q.quantity;
            const PathNode at{&item, "quantity"};
            if (quantity < 0) {
                AddWarning(at, "consistency.quantity_negative", "quantity should not be negative.",
                           std::to_string(quantity));
            } else if (!q.uom && std::isfinite(quantity) && quantity != std::floor(quantity)) {
                AddWarning(at, "consistency.quantity_count",
                           "quantity without uom counts instances and should be a whole number.",
                           std::to_string(quantity));
            }
        }
    }
}

void Checker::PersistentDispositions(const PathNode& ev, const PersistentDisposition& pd) {
    const PathNode at{&ev, "persistentDisposition"};
    if (pd.set.empty() && pd.unset.empty()) {
        AddError(at, "schema.min_items", "persistentDisposition must have a non-empty set or unset list.");
    }
    for (const auto* list : {&pd.set, &pd.unset}) {
        const std::string_view name = list == &pd.set ? "set" : "unset";
        for (std::size_t i = 0; i < list->size(); ++i) {
            Vocab(PathNode{&at, name, i}, name == "set" ? "persistentDisposition set" : "persistentDisposition unset",
                  kDisposition, (*list)[i]);
        }
        ForEachDuplicate(*list, [&](std::size_t i) {
            AddError(PathNode{&at, name, i}, "unique_items.persistentDisposition",
                     "persistentDisposition " + std::string(name) + " must not list the same disposition twice.",
                     (*list)[i]);
        });
    }
    for (std::size_t i = 0; i < pd.unset.size(); ++i) {
        if (std::find(pd.set.begin(), pd.set.end(), pd.unset[i]) != pd.set.end()) {
            AddWarning(PathNode{&at, "unset", i}, "consistency.persistent_disposition",
                       "persistentDisposition sets and unsets the same disposition.", pd.unset[i]);
        }
    }
}

void Checker::SourceDestList(const PathNode& ev, std::string_view list_name, std::string_view item_name,
                             std::string_view type_label, const std::vector<SourceDest>& list) {
    const PathNode list_node{&ev, list_name};
    for (std::size_t i = 0; i < list.size(); ++i) {
        const SourceDest& sd = list[i];
        const PathNode item = xml_ ? PathNode{&list_node, item_name, i} : PathNode{&ev, list_name, i};
        Vocab(Field(item, "type", "@type"), type_label, kSourceDestType, sd.type);
        const PathNode value = xml_ ? item : PathNode{&item, item_name};
        UriValue(value, item_name, sd.value, UriRole::kIdentifier);
    }
}

// The URI members of sensorMetadata and sensorReport, checked alike.
template <typename T>
struct SensorUri {
    std::optional<std::string> T::*member;
    std::string_view json_name;
    std::string_view xml_name;
    std::string_view label;  // for messages
    UriRole role;
};

constexpr SensorUri<SensorMetadata> kMetadataUris[] = {
    {&SensorMetadata::device_id, "deviceID", "@deviceID", "sensorMetadata deviceID", UriRole::kIdentifier},
    {&SensorMetadata::device_metadata, "deviceMetadata", "@deviceMetadata", "sensorMetadata deviceMetadata",
     UriRole::kOther},
    {&SensorMetadata::raw_data, "rawData", "@rawData", "sensorMetadata rawData", UriRole::kOther},
    {&SensorMetadata::data_processing_method, "dataProcessingMethod", "@dataProcessingMethod",
     "sensorMetadata dataProcessingMethod", UriRole::kOther},
    {&SensorMetadata::biz_rules, "bizRules", "@bizRules", "sensorMetadata bizRules", UriRole::kOther},
};

constexpr SensorUri<SensorReport> kReportUris[] = {
    {&SensorReport::device_id, "deviceID", "@deviceID", "sensorReport deviceID", UriRole::kIdentifier},
    {&SensorReport::device_metadata, "deviceMetadata", "@deviceMetadata", "sensorReport deviceMetadata",
     UriRole::kOther},
    {&SensorReport::raw_data, "rawData", "@rawData", "sensorReport rawData", UriRole::kOther},
    {&SensorReport::data_processing_method, "dataProcessingMethod", "@dataProcessingMethod",
     "sensorReport dataProcessingMethod", UriRole::kOther},
    {&SensorReport::biz_rules, "bizRules", "@bizRules", "sensorReport bizRules", UriRole::kOther},
    {&SensorReport::microorganism, "microorganism", "@microorganism", "sensorReport microorganism", UriRole::kOther},
    {&SensorReport::chemical_substance, "chemicalSubstance", "@chemicalSubstance", "sensorReport chemicalSubstance",
     UriRole::kOther},
    {&SensorReport::coordinate_reference_system, "coordinateReferenceSystem", "@coordinateReferenceSystem",
     "sensorReport coordinateReferenceSystem", UriRole::kOther},
    {&SensorReport::uri_value, "uriValue", "@uriValue", "sensorReport uriValue", UriRole::kOther},
};

void Checker::SensorMetadataOf(const PathNode& element, const SensorMetadata& md) {
    const PathNode at{&element, "sensorMetadata"};
    for (const auto& field : kMetadataUris) {
        if (const auto& value = md.*field.member) {
            UriValue(Field(at, field.json_name, field.xml_name), field.label, *value, field.role);
        }
    }
    if (md.start_time && md.end_time && *md.end_time < *md.start_time) {
        AddWarning(Field(at, "endTime", "@endTime"), "consistency.sensor_time_range",
                   "sensorMetadata endTime should not be earlier than its startTime.", md.end_time->ToString());
    }
}

void Checker::SensorReportOf(const PathNode& at, const SensorReport& r) {
    if (r.type) Vocab(Field(at, "type", "@type"), "sensorReport type", kMeasurementType, *r.type);
    if (r.exception)
        Vocab(Field(at, "exception", "@exception"), "sensorReport exception", kSensorAlertType, *r.exception);
    if (r.component) Vocab(Field(at, "component", "@component"), "sensorReport component", kComponent, *r.component);
    for (const auto& field : kReportUris) {
        if (const auto& value = r.*field.member) {
            UriValue(Field(at, field.json_name, field.xml_name), field.label, *value, field.role);
        }
    }
    if (r.hex_binary_value && !IsHexBinary(*r.hex_binary_value)) {
        AddError(Field(at, "hexBinaryValue", "@hexBinaryValue"), "pattern.hex_binary",
                 "sensorReport hexBinaryValue must be one or more hexadecimal digits.", *r.hex_binary_value);
    }
    // The schema leaves a sensor report's uom a free string; the standard asks for a Rec 20 code.
    if (r.uom && !IsUom(*r.uom)) {
        AddWarning(Field(at, "uom", "@uom"), "pattern.uom",
                   "sensorReport uom should be a UN/ECE Recommendation 20 unit code of 2 or 3 upper-case letters or "
                   "digits (such as CEL).",
                   *r.uom);
    }
    if (r.min_value && r.max_value && *r.min_value > *r.max_value) {
        AddWarning(Field(at, "minValue", "@minValue"), "consistency.sensor_min_max",
                   "sensorReport minValue should not be greater than its maxValue.", std::to_string(*r.min_value));
    }
    if (r.perc_rank && !(*r.perc_rank >= 0 && *r.perc_rank <= 100)) {
        AddWarning(Field(at, "percRank", "@percRank"), "consistency.sensor_perc_rank",
                   "sensorReport percRank is a percentile rank and should lie between 0 and 100.",
                   std::to_string(*r.perc_rank));
    }
}

void Checker::SensorElements(const PathNode& ev, const std::vector<SensorElement>& list) {
    const PathNode list_node{&ev, "sensorElementList"};
    for (std::size_t i = 0; i < list.size(); ++i) {
        const SensorElement& se = list[i];
        const PathNode element =
            xml_ ? PathNode{&list_node, "sensorElement", i} : PathNode{&ev, "sensorElementList", i};
        if (se.sensor_reports.empty()) {
            AddError(PathNode{&element, "sensorReport"}, "schema.min_items",
                     "A sensorElement must have at least one sensorReport.");
        }
        if (se.sensor_metadata) SensorMetadataOf(element, *se.sensor_metadata);
        for (std::size_t j = 0; j < se.sensor_reports.size(); ++j) {
            SensorReportOf(PathNode{&element, "sensorReport", j}, se.sensor_reports[j]);
        }
    }
}

// The anyOf branches of each event type's schema (which identifiers must be present), and the
// action the type requires. The JSON decoder enforces these too; checking them on the model
// gives XML input and hand-built events the same rules.
void Checker::IdentifierRules(const Event& e, const PathNode& ev) {
    const bool deleting = e.action == Action::kDelete;
    switch (e.type) {
        case EventType::kObjectEvent:
            if (!(e.present.epc_list || !e.epc_list.empty() || !e.quantity_list.empty() ||
                  (!e.sensor_element_list.empty() && e.read_point))) {
                AddError(ev, "schema.one_of_identifiers",
                         "An ObjectEvent requires epcList or a non-empty quantityList (or a non-empty "
                         "sensorElementList with a readPoint).");
            }
            break;
        case EventType::kAggregationEvent:
        case EventType::kAssociationEvent:
            if (e.child_epcs.empty() && e.child_quantity_list.empty() && !deleting) {
                AddError(ev, "schema.one_of_identifiers",
                         std::string(EventTypeName(e.type)) +
                             " requires a non-empty childEPCs or childQuantityList unless its action is DELETE.");
            }
            if (e.type == EventType::kAssociationEvent && !e.parent_id) {
                AddError(PathNode{&ev, "parentID"}, "schema.required", "An AssociationEvent requires parentID.");
            } else if (e.type == EventType::kAggregationEvent && !e.parent_id && e.action &&
                       *e.action != Action::kObserve) {
                AddWarning(PathNode{&ev, "parentID"}, "consistency.parent_id",
                           "An AggregationEvent whose action is ADD or DELETE should name its parentID.");
            }
            break;
        case EventType::kTransactionEvent:
            if (!(e.present.epc_list || !e.epc_list.empty() || !e.quantity_list.empty() || deleting)) {
                AddError(ev, "schema.one_of_identifiers",
                         "A TransactionEvent requires epcList or a non-empty quantityList unless its action is "
                         "DELETE.");
            }
            if (e.biz_transaction_list.empty()) {
                AddError(PathNode{&ev, "bizTransactionList"}, "schema.min_items",
                         "A TransactionEvent's bizTransactionList must not be empty.");
            }
            break;
        case EventType::kTransformationEvent: {
            const bool input = !e.input_epc_list.empty() || !e.input_quantity_list.empty();
            const bool output = !e.output_epc_list.empty() || !e.output_quantity_list.empty();
            if (!((input && output) || ((input || output) && e.transformation_id))) {
                AddError(ev, "schema.one_of_identifiers",
                         "A TransformationEvent requires non-empty inputs (inputEPCList or inputQuantityList) and "
                         "outputs (outputEPCList or outputQuantityList), or one of them and a transformationID.");
            }
            break;
        }
        case EventType::kExtensionEvent:
            break;
    }
    if (e.type == EventType::kTransformationEvent) {
        if (e.action) {
            AddError(PathNode{&ev, "action"}, "schema.unknown_property", "A TransformationEvent has no action.",
                     ActionName(*e.action));
        }
    } else if (e.type != EventType::kExtensionEvent && !e.action) {
        AddError(PathNode{&ev, "action"}, "schema.required",
                 std::string(EventTypeName(e.type)) + " requires an action (ADD, OBSERVE or DELETE).");
    }
}

void Checker::Ilmd(const Event& e, const PathNode& ev) {
    if (!e.ilmd) return;
    const PathNode at{&ev, "ilmd"};
    if (e.type == EventType::kObjectEvent) {
        // The schema's ObjectEvent anyOf forbids ilmd with OBSERVE and DELETE: ILMD describes
        // objects an event brings into being.
        if (e.action && *e.action != Action::kAdd) {
            AddError(at, "schema.ilmd_action", "ilmd is allowed only on an ObjectEvent whose action is ADD.",
                     ActionName(*e.action));
        }
    } else if (e.type != EventType::kTransformationEvent) {
        AddError(at, "schema.ilmd_event_type",
                 "ilmd is allowed only on ObjectEvent (action ADD) and TransformationEvent.");
    }
    for (const auto& field : *e.ilmd) {
        if (field.ns.empty()) {
            AddError(at, "uri.format", "Every ilmd member must be named by a URI or a declared prefix (prefix:name).",
                     field.name);
        }
    }
}

void Checker::CheckEvent(const Event& e, const PathNode& ev) {
    if (e.type == EventType::kExtensionEvent) Uri(PathNode{&ev, "type"}, "type", e.extension_type);
    if (!IsTimeZoneOffset(e.event_time_zone_offset)) {
        AddError(PathNode{&ev, "eventTimeZoneOffset"}, "pattern.event_time_zone_offset",
                 "eventTimeZoneOffset must be +hh:mm or -hh:mm between -14:00 and +14:00.", e.event_time_zone_offset);
    }
    if (e.record_time && *e.record_time < e.event_time) {
        AddWarning(PathNode{&ev, "recordTime"}, "consistency.record_time",
                   "recordTime is earlier than eventTime: an event is recorded after it happens.",
                   e.record_time->ToString());
    }
    if (e.event_id) UriValue(PathNode{&ev, "eventID"}, "eventID", *e.event_id, UriRole::kOther);
    {
        const bool indexed = xml_ ? e.certification_info.size() > 1 : e.certification_info_is_array;
        for (std::size_t i = 0; i < e.certification_info.size(); ++i) {
            UriValue(PathNode{&ev, "certificationInfo", indexed ? i : kNoIndex}, "certificationInfo",
                     e.certification_info[i], UriRole::kOther);
        }
    }
    if (e.error_declaration) {
        const ErrorDeclaration& d = *e.error_declaration;
        const PathNode at{&ev, "errorDeclaration"};
        if (d.reason) Vocab(PathNode{&at, "reason"}, "errorDeclaration reason", kErrorReason, *d.reason);
        const PathNode ids{&at, "correctiveEventIDs"};
        for (std::size_t i = 0; i < d.corrective_event_ids.size(); ++i) {
            const PathNode item =
                xml_ ? PathNode{&ids, "correctiveEventID", i} : PathNode{&at, "correctiveEventIDs", i};
            UriValue(item, "correctiveEventIDs", d.corrective_event_ids[i], UriRole::kOther);
        }
        if (d.declaration_time < e.event_time) {
            AddWarning(PathNode{&at, "declarationTime"}, "consistency.declaration_time",
                       "errorDeclaration declarationTime is earlier than the eventTime of the event it declares in "
                       "error.",
                       d.declaration_time.ToString());
        }
    }
    if (e.parent_id) UriValue(PathNode{&ev, "parentID"}, "parentID", *e.parent_id, UriRole::kIdentifier);

    // The schema's `epcList` definition (uniqueItems) serves ObjectEvent epcList and the
    // TransformationEvent lists; TransactionEvent epcList and childEPCs are plain URI arrays, where
    // a repeated EPC is only suspicious.
    EpcList(ev, "epcList", e.epc_list, e.type != EventType::kTransactionEvent);
    EpcList(ev, "childEPCs", e.child_epcs, false);
    EpcList(ev, "inputEPCList", e.input_epc_list, true);
    EpcList(ev, "outputEPCList", e.output_epc_list, true);
    QuantityList(ev, "quantityList", e.quantity_list);
    QuantityList(ev, "childQuantityList", e.child_quantity_list);
    QuantityList(ev, "inputQuantityList", e.input_quantity_list);
    QuantityList(ev, "outputQuantityList", e.output_quantity_list);

    if (e.transformation_id) {
        UriValue(PathNode{&ev, "transformationID"}, "transformationID", *e.transformation_id, UriRole::kOther);
    }
    if (e.biz_step) Vocab(PathNode{&ev, "bizStep"}, "bizStep", kBizStep, *e.biz_step);
    if (e.disposition) Vocab(PathNode{&ev, "disposition"}, "disposition", kDisposition, *e.disposition);
    if (e.persistent_disposition) PersistentDispositions(ev, *e.persistent_disposition);
    if (e.read_point) {
        const PathNode at{&ev, "readPoint"};
        UriValue(PathNode{&at, "id"}, "readPoint id", e.read_point->id, UriRole::kIdentifier);
    }
    if (e.biz_location) {
        const PathNode at{&ev, "bizLocation"};
        UriValue(PathNode{&at, "id"}, "bizLocation id", e.biz_location->id, UriRole::kIdentifier);
    }
    {
        const PathNode list_node{&ev, "bizTransactionList"};
        for (std::size_t i = 0; i < e.biz_transaction_list.size(); ++i) {
            const BizTransaction& bt = e.biz_transaction_list[i];
            const PathNode item =
                xml_ ? PathNode{&list_node, "bizTransaction", i} : PathNode{&ev, "bizTransactionList", i};
            if (bt.type) Vocab(Field(item, "type", "@type"), "bizTransaction type", kBizTransactionType, *bt.type);
            const PathNode value = xml_ ? item : PathNode{&item, "bizTransaction"};
            UriValue(value, "bizTransaction", bt.value, UriRole::kIdentifier);
        }
    }
    SourceDestList(ev, "sourceList", "source", "source type", e.source_list);
    SourceDestList(ev, "destinationList", "destination", "destination type", e.destination_list);
    SensorElements(ev, e.sensor_element_list);
    Ilmd(e, ev);
    IdentifierRules(e, ev);
}

void Checker::CheckVocabulary(const Vocabulary& vocabulary, const PathNode& at) {
    Uri(Field(at, "type", "@type"), "vocabulary type", vocabulary.type);
    const PathNode list_node{&at, "VocabularyElementList"};
    for (std::size_t i = 0; i < vocabulary.elements.size(); ++i) {
        const VocabularyElement& element = vocabulary.elements[i];
        const PathNode el =
            xml_ ? PathNode{&list_node, "VocabularyElement", i} : PathNode{&at, "vocabularyElementList", i};
        UriValue(Field(el, "id", "@id"), "vocabulary element id", element.id, UriRole::kIdentifier);
        for (std::size_t a = 0; a < element.attributes.size(); ++a) {
            const PathNode attribute = xml_ ? PathNode{&el, "attribute", a} : PathNode{&el, "attributes", a};
            Uri(Field(attribute, "id", "@id"), "vocabulary attribute id", element.attributes[a].id);
        }
        const PathNode children{&el, "children"};
        for (std::size_t c = 0; c < element.children.size(); ++c) {
            const PathNode child = xml_ ? PathNode{&children, "id", c} : PathNode{&el, "children", c};
            UriValue(child, "vocabulary element children", element.children[c], UriRole::kIdentifier);
        }
    }
}

// Names of the event-list and master-data containers, per document kind and binding.
struct Layout {
    std::vector<std::string_view> events;  // path from the root to the element holding the events
    std::string_view event_list;           // JSON array name ("eventList"); XML: element names are per type
    std::vector<std::string_view> vocabularies;
    std::string_view vocabulary_list;  // JSON "vocabularyList"; XML "Vocabulary" items
};

Layout LayoutOf(DocumentKind kind, bool xml) {
    if (xml) {
        switch (kind) {
            case DocumentKind::kEpcisQueryDocument:
                return {{"EPCISBody", "QueryResults", "resultsBody", "EventList"},
                        "",
                        {"EPCISBody", "QueryResults", "resultsBody", "VocabularyList"},
                        "Vocabulary"};
            case DocumentKind::kEpcisMasterDataDocument:
                return {{"EPCISBody", "EventList"}, "", {"EPCISBody", "VocabularyList"}, "Vocabulary"};
            case DocumentKind::kBareEvent:
                return {{}, "", {}, "Vocabulary"};
            case DocumentKind::kEpcisDocument:
                break;
        }
        return {{"EPCISBody", "EventList"},
                "",
                {"EPCISHeader", "extension", "EPCISMasterData", "VocabularyList"},
                "Vocabulary"};
    }
    switch (kind) {
        case DocumentKind::kEpcisQueryDocument:
            return {{"epcisBody", "queryResults", "resultsBody"},
                    "eventList",
                    {"epcisBody", "queryResults", "resultsBody"},
                    "vocabularyList"};
        case DocumentKind::kBareEvent:
            return {{}, "", {"epcisHeader", "epcisMasterData"}, "vocabularyList"};
        case DocumentKind::kEpcisDocument:
        case DocumentKind::kEpcisMasterDataDocument:
            break;
    }
    return {{"epcisBody"}, "eventList", {"epcisHeader", "epcisMasterData"}, "vocabularyList"};
}

std::string_view XmlEventName(const Event& e) {
    if (e.type != EventType::kExtensionEvent) return EventTypeName(e.type);
    return e.extension_type.empty() ? std::string_view("extension") : std::string_view(e.extension_type);
}

// Builds the chain of PathNodes from the root to `names`' last element in `storage` (which must
// not reallocate while the chain is in use) and returns its tail.
const PathNode* Chain(const PathNode* root, const std::vector<std::string_view>& names,
                      std::vector<PathNode>& storage) {
    storage.clear();
    storage.reserve(names.size());
    const PathNode* tail = root;
    for (std::string_view name : names) {
        storage.push_back(PathNode{tail, name});
        tail = &storage.back();
    }
    return tail;
}

std::string_view RootName(const Document& doc, bool xml) {
    if (!xml) return {};
    if (doc.kind != DocumentKind::kBareEvent) return DocumentKindName(doc.kind);
    return {};
}

// The node of event `index` under `container`, for the document's kind and the binding.
PathNode EventNode(const Document& doc, std::size_t index, bool xml, const PathNode* container, const Layout& layout) {
    const Event& e = doc.events[index];
    if (doc.kind == DocumentKind::kBareEvent) {
        // A bare event is the root itself; only a (non-standard) list of several gets indices.
        const std::size_t i = doc.events.size() > 1 ? index : kNoIndex;
        return PathNode{container, xml ? XmlEventName(e) : std::string_view(), i};
    }
    return PathNode{container, xml ? XmlEventName(e) : layout.event_list, index};
}

void Checker::CheckDocumentMembers(const Document& doc, const PathNode& root) {
    if (doc.id) UriValue(PathNode{&root, "id"}, "id", *doc.id, UriRole::kOther);
    for (std::size_t i = 0; i < doc.context_urls.size(); ++i) {
        Uri(PathNode{&root, "@context", i}, "@context", doc.context_urls[i]);
    }
    ForEachDuplicate(doc.context_urls, [&](std::size_t i) {
        AddError(PathNode{&root, "@context", i}, "unique_items.context", "@context must not list the same URL twice.",
                 doc.context_urls[i]);
    });
    if (!doc.schema_version.empty() && !IsVersion(doc.schema_version)) {
        AddError(Field(root, "schemaVersion", "@schemaVersion"), "pattern.schema_version",
                 "schemaVersion must be a version number such as 2.0.", doc.schema_version);
    }
}

void Checker::CheckDuplicateEventIds(const Document& doc) {
    thread_local std::vector<std::pair<std::string_view, std::size_t>> ids;
    ids.clear();
    for (std::size_t i = 0; i < doc.events.size(); ++i) {
        if (doc.events[i].event_id) ids.emplace_back(*doc.events[i].event_id, i);
    }
    if (ids.size() < 2) return;
    std::sort(ids.begin(), ids.end());
    for (std::size_t k = 1; k < ids.size(); ++k) {
        if (ids[k].first != ids[k - 1].first) continue;
        const std::size_t index = ids[k].second;
        std::string where = EventPath(doc, index, xml_ ? Binding::kXml : Binding::kJson);
        const PathNode event_node{nullptr, where};
        AddWarning(PathNode{&event_node, "eventID"}, "consistency.duplicate_event_id",
                   "eventID is the same as that of another event in this document; event IDs should be unique.",
                   ids[k].first);
    }
}

}  // namespace

std::string EventPath(const Document& doc, std::size_t index, Binding binding) {
    if (index >= doc.events.size()) return {};
    const bool xml = binding == Binding::kXml;
    const Layout layout = LayoutOf(doc.kind, xml);
    const PathNode root{nullptr, RootName(doc, xml)};
    std::vector<PathNode> storage;
    const PathNode* container = Chain(&root, layout.events, storage);
    const PathNode node = EventNode(doc, index, xml, container, layout);
    std::string out;
    RenderPath(&node, xml, out);
    return out;
}

void ValidateEvent(const Event& event, const std::map<std::string, std::string>& namespaces, std::string_view where,
                   const ValidationOptions& options, ValidationReport& report) {
    Checker checker(options, report, &namespaces);
    const PathNode root{nullptr, where};
    checker.CheckEvent(event, root);
}

ValidationReport ValidateDocument(const Document& doc, const ValidationOptions& options) {
    ValidationReport report;
    const bool xml = options.binding == Binding::kXml;
    std::map<std::string, std::string> doc_namespaces;
    for (const auto& decl : doc.namespaces) doc_namespaces[decl.prefix] = decl.uri;
    Checker checker(options, report, &doc_namespaces);

    const PathNode root{nullptr, RootName(doc, xml)};
    checker.CheckDocumentMembers(doc, root);

    const Layout layout = LayoutOf(doc.kind, xml);
    std::vector<PathNode> storage;
    if (!doc.master_data.empty()) {
        const PathNode* container = Chain(&root, layout.vocabularies, storage);
        for (std::size_t v = 0; v < doc.master_data.size(); ++v) {
            checker.CheckVocabulary(doc.master_data[v], PathNode{container, layout.vocabulary_list, v});
        }
    }

    const PathNode* container = Chain(&root, layout.events, storage);
    std::size_t i = 0;
    for (; i < doc.events.size() && !checker.Full(); ++i) {
        const Event& e = doc.events[i];
        const PathNode event_node = EventNode(doc, i, xml, container, layout);
        if (e.namespaces.empty()) {
            checker.CheckEvent(e, event_node);
        } else {
            // Only events that declare prefixes of their own pay for a merged map.
            const auto merged = EffectiveNamespaces(doc, e);
            checker.SetNamespaces(&merged);
            checker.CheckEvent(e, event_node);
            checker.SetNamespaces(&doc_namespaces);
        }
    }
    if (i < doc.events.size()) report.truncated = true;  // stopped early at max_errors
    checker.CheckDuplicateEventIds(doc);
    return report;
}

}  // namespace txng::epcis
