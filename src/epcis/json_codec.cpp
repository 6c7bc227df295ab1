#include "epcis/json_codec.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "epcis/cbv.hpp"
#include "epcis/json_reader.hpp"
#include "epcis/json_writer.hpp"
#include "epcis/uri.hpp"

namespace txng::epcis {
namespace {

namespace json = boost::json;
using json_internal::IsMarkedNumber;
using json_internal::kNumberMark;
using json_internal::MarkedNumberText;

constexpr std::string_view kDefaultContextUrl = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

// Prefixes the EPCIS 2.0 context (epcis-context.jsonld) defines itself; a document may use them
// without declaring them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kWellKnownPrefixes = {{
    {"cbv", "https://ref.gs1.org/cbv/"},
    {"cbvmda", "urn:epcglobal:cbv:mda:"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"epcis", "https://ref.gs1.org/epcis/"},
    {"gs1", "https://gs1.org/voc/"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
}};

std::optional<std::string_view> WellKnownNamespace(std::string_view prefix) {
    for (const auto& [p, uri] : kWellKnownPrefixes) {
        if (p == prefix) return uri;
    }
    return std::nullopt;
}

std::string_view Sv(const json::string& s) { return std::string_view(s.data(), s.size()); }
std::string_view Sv(json::string_view s) { return std::string_view(s.data(), s.size()); }

// Splits a full IRI used as a member name into namespace and local name: at the last `/` or `#`,
// else at the last `:` (`urn:example:field` -> `urn:example:` + `field`).
void SplitIri(std::string_view iri, std::string& ns, std::string& local) {
    std::size_t pos = iri.find_last_of("/#");
    if (pos == std::string_view::npos) pos = iri.find_last_of(':');
    if (pos == std::string_view::npos) {
        ns.clear();
        local.assign(iri);
        return;
    }
    ns.assign(iri.substr(0, pos + 1));
    local.assign(iri.substr(pos + 1));
}

// Prefix lookup over (innermost first) the declarations in scope, then the well-known prefixes.
// Within one list the last declaration of a prefix wins, as in a JSON-LD context array.
class PrefixScope {
  public:
    void Push(const std::vector<NamespaceDecl>* decls) {
        if (decls != nullptr) lists_.push_back(decls);
    }
    void Pop() { lists_.pop_back(); }
    std::optional<std::string_view> Lookup(std::string_view prefix) const {
        for (auto list = lists_.rbegin(); list != lists_.rend(); ++list) {
            for (auto it = (*list)->rbegin(); it != (*list)->rend(); ++it) {
                if (it->prefix == prefix) return std::string_view(it->uri);
            }
        }
        return WellKnownNamespace(prefix);
    }
    // A prefix bound to `ns` that is not shadowed by an inner declaration, or nullopt.
    std::optional<std::string_view> PrefixFor(std::string_view ns) const {
        for (auto list = lists_.rbegin(); list != lists_.rend(); ++list) {
            for (auto it = (*list)->rbegin(); it != (*list)->rend(); ++it) {
                if (it->uri == ns && Lookup(it->prefix) == ns) return std::string_view(it->prefix);
            }
        }
        for (const auto& [p, uri] : kWellKnownPrefixes) {
            if (uri == ns && Lookup(p) == ns) return p;
        }
        return std::nullopt;
    }
    // How a member name reads in this scope (the decoder's rule, shared by the encoder so that
    // what it writes reads back the same).
    void Resolve(std::string_view key, std::string& ns, std::string& prefix, std::string& local) const {
        const std::size_t colon = key.find(':');
        if (colon == std::string_view::npos) {
            ns.clear();
            prefix.clear();
            local.assign(key);
            return;
        }
        const std::string_view p = key.substr(0, colon);
        const std::string_view rest = key.substr(colon + 1);
        if (rest.substr(0, 2) != "//") {
            if (auto uri = Lookup(p)) {
                ns.assign(*uri);
                prefix.assign(p);
                local.assign(rest);
                return;
            }
        }
        prefix.clear();
        SplitIri(key, ns, local);
    }

  private:
    std::vector<const std::vector<NamespaceDecl>*> lists_;
};

// A context term that declares a namespace prefix: `"example": "https://..."`. Keywords
// (`@vocab`), aliases of keywords (`"type": "@type"`) and compact-IRI terms (`"rail:x"`) are
// JSON-LD processing details the model does not keep.
bool IsPrefixTerm(std::string_view key, std::string_view value) {
    return !key.empty() && key[0] != '@' && key.find(':') == std::string_view::npos && !value.empty() &&
           value[0] != '@';
}

// ---------------------------------------------------------------------------------------------
// Member-name tables

enum class Ef : std::uint8_t {
    kContext,
    kType,
    kEventTime,
    kRecordTime,
    kEventTimeZoneOffset,
    kEventId,
    kCertificationInfo,
    kErrorDeclaration,
    kAction,
    kEpcList,
    kQuantityList,
    kBizStep,
    kDisposition,
    kPersistentDisposition,
    kReadPoint,
    kBizLocation,
    kBizTransactionList,
    kSourceList,
    kDestinationList,
    kSensorElementList,
    kIlmd,
    kParentId,
    kChildEpcs,
    kChildQuantityList,
    kInputEpcList,
    kInputQuantityList,
    kOutputEpcList,
    kOutputQuantityList,
    kTransformationId,
    kNone,
};

template <typename E>
struct NamedField {
    std::string_view name;
    E field;
};

// Sorted by name (checked below) for binary search: cheaper than hashing for ~30 short names.
constexpr std::array<NamedField<Ef>, 29> kEventFields = {{
    {"@context", Ef::kContext},
    {"action", Ef::kAction},
    {"bizLocation", Ef::kBizLocation},
    {"bizStep", Ef::kBizStep},
    {"bizTransactionList", Ef::kBizTransactionList},
    {"certificationInfo", Ef::kCertificationInfo},
    {"childEPCs", Ef::kChildEpcs},
    {"childQuantityList", Ef::kChildQuantityList},
    {"destinationList", Ef::kDestinationList},
    {"disposition", Ef::kDisposition},
    {"epcList", Ef::kEpcList},
    {"errorDeclaration", Ef::kErrorDeclaration},
    {"eventID", Ef::kEventId},
    {"eventTime", Ef::kEventTime},
    {"eventTimeZoneOffset", Ef::kEventTimeZoneOffset},
    {"ilmd", Ef::kIlmd},
    {"inputEPCList", Ef::kInputEpcList},
    {"inputQuantityList", Ef::kInputQuantityList},
    {"outputEPCList", Ef::kOutputEpcList},
    {"outputQuantityList", Ef::kOutputQuantityList},
    {"parentID", Ef::kParentId},
    {"persistentDisposition", Ef::kPersistentDisposition},
    {"quantityList", Ef::kQuantityList},
    {"readPoint", Ef::kReadPoint},
    {"recordTime", Ef::kRecordTime},
    {"sensorElementList", Ef::kSensorElementList},
    {"sourceList", Ef::kSourceList},
    {"transformationID", Ef::kTransformationId},
    {"type", Ef::kType},
}};

enum class Sf : std::uint8_t {
    kType,
    kException,
    kDeviceId,
    kDeviceMetadata,
    kRawData,
    kDataProcessingMethod,
    kBizRules,
    kTime,
    kMicroorganism,
    kChemicalSubstance,
    kCoordinateReferenceSystem,
    kValue,
    kComponent,
    kStringValue,
    kBooleanValue,
    kHexBinaryValue,
    kUriValue,
    kMinValue,
    kMaxValue,
    kMeanValue,
    kSDev,
    kPercRank,
    kPercValue,
    kUom,
    kStartTime,  // sensorMetadata only
    kEndTime,    // sensorMetadata only
    kNone,
};

constexpr std::array<NamedField<Sf>, 24> kSensorReportFields = {{
    {"bizRules", Sf::kBizRules},
    {"booleanValue", Sf::kBooleanValue},
    {"chemicalSubstance", Sf::kChemicalSubstance},
    {"component", Sf::kComponent},
    {"coordinateReferenceSystem", Sf::kCoordinateReferenceSystem},
    {"dataProcessingMethod", Sf::kDataProcessingMethod},
    {"deviceID", Sf::kDeviceId},
    {"deviceMetadata", Sf::kDeviceMetadata},
    {"exception", Sf::kException},
    {"hexBinaryValue", Sf::kHexBinaryValue},
    {"maxValue", Sf::kMaxValue},
    {"meanValue", Sf::kMeanValue},
    {"microorganism", Sf::kMicroorganism},
    {"minValue", Sf::kMinValue},
    {"percRank", Sf::kPercRank},
    {"percValue", Sf::kPercValue},
    {"rawData", Sf::kRawData},
    {"sDev", Sf::kSDev},
    {"stringValue", Sf::kStringValue},
    {"time", Sf::kTime},
    {"type", Sf::kType},
    {"uom", Sf::kUom},
    {"uriValue", Sf::kUriValue},
    {"value", Sf::kValue},
}};

constexpr std::array<NamedField<Sf>, 8> kSensorMetadataFields = {{
    {"bizRules", Sf::kBizRules},
    {"dataProcessingMethod", Sf::kDataProcessingMethod},
    {"deviceID", Sf::kDeviceId},
    {"deviceMetadata", Sf::kDeviceMetadata},
    {"endTime", Sf::kEndTime},
    {"rawData", Sf::kRawData},
    {"startTime", Sf::kStartTime},
    {"time", Sf::kTime},
}};

template <typename E, std::size_t N>
constexpr bool IsSortedTable(const std::array<NamedField<E>, N>& table) {
    for (std::size_t i = 1; i < N; ++i) {
        if (!(table[i - 1].name < table[i].name)) return false;
    }
    return true;
}
static_assert(IsSortedTable(kEventFields));
static_assert(IsSortedTable(kSensorReportFields));
static_assert(IsSortedTable(kSensorMetadataFields));

template <typename E, std::size_t N>
E Lookup(const std::array<NamedField<E>, N>& table, std::string_view name, E none) {
    const auto it = std::lower_bound(table.begin(), table.end(), name,
                                     [](const NamedField<E>& f, std::string_view n) { return f.name < n; });
    return it != table.end() && it->name == name ? it->field : none;
}

using Mask = std::uint64_t;
constexpr Mask Bit(Ef f) { return Mask{1} << static_cast<unsigned>(f); }

constexpr Mask kCommonFields = Bit(Ef::kContext) | Bit(Ef::kType) | Bit(Ef::kEventTime) | Bit(Ef::kRecordTime) |
                               Bit(Ef::kEventTimeZoneOffset) | Bit(Ef::kEventId) | Bit(Ef::kCertificationInfo) |
                               Bit(Ef::kErrorDeclaration);
// What/where/why members shared by the five standard types. persistentDisposition is allowed on
// all five: the schema snapshot lists it only on Object and Transformation events, but the
// ratified EPCIS 2.0 has it on the others too (conformance README: an AggregationEvent with it is
// valid).
constexpr Mask kWhyWhereFields = Bit(Ef::kBizStep) | Bit(Ef::kDisposition) | Bit(Ef::kPersistentDisposition) |
                                 Bit(Ef::kReadPoint) | Bit(Ef::kBizLocation) | Bit(Ef::kBizTransactionList) |
                                 Bit(Ef::kSourceList) | Bit(Ef::kDestinationList) | Bit(Ef::kSensorElementList);

Mask AllowedFields(EventType type) {
    switch (type) {
        case EventType::kObjectEvent:
            return kCommonFields | kWhyWhereFields | Bit(Ef::kAction) | Bit(Ef::kEpcList) | Bit(Ef::kQuantityList) |
                   Bit(Ef::kIlmd);
        case EventType::kAggregationEvent:
        case EventType::kAssociationEvent:
            return kCommonFields | kWhyWhereFields | Bit(Ef::kAction) | Bit(Ef::kParentId) | Bit(Ef::kChildEpcs) |
                   Bit(Ef::kChildQuantityList);
        case EventType::kTransactionEvent:
            return kCommonFields | kWhyWhereFields | Bit(Ef::kAction) | Bit(Ef::kParentId) | Bit(Ef::kEpcList) |
                   Bit(Ef::kQuantityList);
        case EventType::kTransformationEvent:
            return kCommonFields | kWhyWhereFields | Bit(Ef::kInputEpcList) | Bit(Ef::kInputQuantityList) |
                   Bit(Ef::kOutputEpcList) | Bit(Ef::kOutputQuantityList) | Bit(Ef::kTransformationId) | Bit(Ef::kIlmd);
        case EventType::kExtensionEvent:
            return kCommonFields;
    }
    return kCommonFields;
}

std::optional<EventType> StandardEventType(std::string_view name) {
    if (name == "ObjectEvent") return EventType::kObjectEvent;
    if (name == "AggregationEvent") return EventType::kAggregationEvent;
    if (name == "TransactionEvent") return EventType::kTransactionEvent;
    if (name == "TransformationEvent") return EventType::kTransformationEvent;
    if (name == "AssociationEvent") return EventType::kAssociationEvent;
    return std::nullopt;
}

std::string_view KindName(const json::value& v, bool marked_numbers) {
    switch (v.kind()) {
        case json::kind::null:
            return "null";
        case json::kind::bool_:
            return "a boolean";
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
            return "a number";
        case json::kind::string:
            return marked_numbers && IsMarkedNumber(v) ? "a number" : "a string";
        case json::kind::array:
            return "an array";
        case json::kind::object:
            return "an object";
    }
    return "a value";
}

template <typename Int>
std::string IntText(Int i) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, i);
    return std::string(buf, r.ptr);
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Decoder {
  public:
    Decoder(const DecodeLimits& limits, bool marked_numbers) : limits_(limits), marked_numbers_(marked_numbers) {
        path_.reserve(128);
    }

    void SetPath(std::string_view where) { path_.assign(where); }
    Error TakeError() { return std::move(*error_); }

    bool DecodeRoot(const json::value& root, Document& doc);
    bool DecodeEvent(const json::object& obj, Event& event);

  private:
    // Restores the path when a member or item has been decoded.
    class [[nodiscard]] PathScope {
      public:
        PathScope(std::string* path, std::size_t size) : path_(path), size_(size) {}
        PathScope(const PathScope&) = delete;
        PathScope& operator=(const PathScope&) = delete;
        ~PathScope() { path_->resize(size_); }

      private:
        std::string* path_;
        std::size_t size_;
    };

    PathScope Enter(std::string_view member) {
        const std::size_t size = path_.size();
        if (!path_.empty()) path_.push_back('.');
        path_.append(member);
        return PathScope(&path_, size);
    }
    PathScope EnterIndex(std::size_t i) {
        const std::size_t size = path_.size();
        char buf[24];
        buf[0] = '[';
        const auto r = std::to_chars(buf + 1, buf + sizeof buf - 1, i);
        *r.ptr = ']';
        path_.append(buf, r.ptr + 1);
        return PathScope(&path_, size);
    }

    // --- errors (all return false so that callers can `return Fail(...)`)
    bool Fail(std::string rule, std::string detail, std::string_view value = {}) {
        error_ = InvalidArgument(path_, std::move(rule), std::move(detail), value);
        return false;
    }
    bool FailTooLarge(std::string rule, std::string detail) {
        error_ = MakeError(ErrorCode::kTooLarge, path_, std::move(rule), std::move(detail));
        return false;
    }
    bool TypeError(const json::value& v, std::string_view name, std::string_view expected) {
        return Fail("json.type",
                    std::string(name) + " must be " + std::string(expected) + ", not " +
                        std::string(KindName(v, marked_numbers_)) + ".",
                    json_internal::PreviewJson(v));
    }
    // `member` is missing from the object at path_.
    bool Required(std::string_view member, std::string_view owner) {
        auto scope = Enter(member);
        return Fail("schema.required", std::string(owner) + " requires the member " + std::string(member) + ".");
    }
    bool Unknown(std::string_view member, std::string_view owner, bool uri_names_allowed) {
        std::string detail = "'" + std::string(member) + "' is not a member of " + std::string(owner);
        detail += uri_names_allowed ? "; an extension member must be named by a URI or a prefixed name such as "
                                      "example:" +
                                          std::string(member) + "."
                                    : ".";
        return Fail("schema.unknown_property", std::move(detail), member);
    }

    // --- scalars
    bool IsString(const json::value& v) const { return v.is_string() && !(marked_numbers_ && IsMarkedNumber(v)); }
    bool CheckLength(std::size_t size, std::string_view name) {
        if (size <= limits_.max_string_bytes) return true;
        return FailTooLarge("limit.string_bytes", std::string(name) + " is longer than the limit of " +
                                                      std::to_string(limits_.max_string_bytes) + " bytes.");
    }
    bool StringView(const json::value& v, std::string_view name, std::string_view& out) {
        if (!IsString(v)) return TypeError(v, name, "a string");
        out = Sv(v.get_string());
        return CheckLength(out.size(), name);
    }
    bool String(const json::value& v, std::string_view name, std::string& out) {
        std::string_view s;
        if (!StringView(v, name, s)) return false;
        out.assign(s);
        return true;
    }
    bool String(const json::value& v, std::string_view name, std::optional<std::string>& out) {
        return String(v, name, out.emplace());
    }
    bool Time(const json::value& v, std::string_view name, DateTime& out) {
        std::string_view s;
        if (!StringView(v, name, s)) return false;
        auto parsed = DateTime::Parse(s);
        if (!parsed) {
            return Fail(parsed.error().rule,
                        std::string(name) + " must be an RFC 3339 date-time such as 2005-04-03T20:33:31.116-06:00.", s);
        }
        out = *parsed;
        return true;
    }
    bool Time(const json::value& v, std::string_view name, std::optional<DateTime>& out) {
        return Time(v, name, out.emplace());
    }
    bool Number(const json::value& v, std::string_view name, double& out) {
        if (marked_numbers_ && IsMarkedNumber(v)) {
            const std::string_view text = MarkedNumberText(v);
            const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
            if (r.ec != std::errc() || !std::isfinite(out)) {
                return Fail("json.number", std::string(name) + " is outside the range of a double.", text);
            }
            return true;
        }
        switch (v.kind()) {
            case json::kind::int64:
                out = static_cast<double>(v.get_int64());
                return true;
            case json::kind::uint64:
                out = static_cast<double>(v.get_uint64());
                return true;
            case json::kind::double_:
                out = v.get_double();
                if (!std::isfinite(out)) return Fail("json.number", std::string(name) + " must be a finite number.");
                return true;
            default:
                return TypeError(v, name, "a number");
        }
    }
    bool Number(const json::value& v, std::string_view name, std::optional<double>& out) {
        return Number(v, name, out.emplace());
    }
    const json::object* Object(const json::value& v, std::string_view name) {
        if (const auto* o = v.if_object()) return o;
        TypeError(v, name, "an object");
        return nullptr;
    }
    const json::array* Array(const json::value& v, std::string_view name) {
        if (const auto* a = v.if_array()) return a;
        TypeError(v, name, "an array");
        return nullptr;
    }
    // The items of list `name` (path_ at the item); the name is built only on error, as this
    // runs for every identifier.
    const json::object* ItemObject(const json::value& v, std::string_view list_name) {
        if (const auto* o = v.if_object()) return o;
        TypeError(v, "Each item of " + std::string(list_name), "an object");
        return nullptr;
    }
    bool StringList(const json::value& v, std::string_view name, std::vector<std::string>& out) {
        const json::array* a = Array(v, name);
        if (a == nullptr) return false;
        out.reserve(a->size());
        for (std::size_t i = 0; i < a->size(); ++i) {
            const json::value& item = (*a)[i];
            if (!IsString(item) || item.get_string().size() > limits_.max_string_bytes) {
                auto scope = EnterIndex(i);
                return String(item, "Each item of " + std::string(name), out.emplace_back());
            }
            out.emplace_back(Sv(item.get_string()));
        }
        return true;
    }

    // --- @context
    bool Context(const json::value& v, std::vector<std::string>* urls, std::vector<NamespaceDecl>& decls) {
        auto scope = Enter("@context");
        if (IsString(v)) return ContextUrl(v, urls);
        if (const auto* o = v.if_object()) return ContextObject(*o, decls);
        const auto* a = v.if_array();
        if (a == nullptr) return TypeError(v, "@context", "a string, an object or an array");
        for (std::size_t i = 0; i < a->size(); ++i) {
            auto item_scope = EnterIndex(i);
            const json::value& item = (*a)[i];
            if (IsString(item)) {
                if (!ContextUrl(item, urls)) return false;
            } else if (const auto* io = item.if_object()) {
                if (!ContextObject(*io, decls)) return false;
            } else {
                return TypeError(item, "Each item of @context", "a string or an object");
            }
        }
        return true;
    }
    bool ContextUrl(const json::value& v, std::vector<std::string>* urls) {
        std::string_view url;
        if (!StringView(v, "@context", url)) return false;
        if (urls != nullptr) urls->emplace_back(url);
        return true;
    }
    bool ContextObject(const json::object& o, std::vector<NamespaceDecl>& decls) {
        for (const auto& m : o) {
            const std::string_view key = Sv(m.key());
            if (!IsString(m.value())) continue;  // an expanded term definition: not kept
            const std::string_view uri = Sv(m.value().get_string());
            if (IsPrefixTerm(key, uri)) decls.push_back(NamespaceDecl{std::string(key), std::string(uri)});
        }
        return true;
    }

    // --- extensions
    // Adds member `key` (path_ already entered) to `out`. `owner` names the object for the
    // unknown-member error, or is empty when the schema allows any name there.
    bool Extension(std::string_view key, const json::value& v, Extensions& out, std::string_view owner) {
        if (!owner.empty() && !IsAbsoluteUri(key)) return Unknown(key, owner, true);
        ExtensionField& f = out.emplace_back();
        NameOf(key, f);
        return ExtensionValueOf(v, f.value, 1);
    }
    // A URI-like name is resolved (prefix or full IRI); any other name (`plain`, `12:30`) is an
    // unqualified name, kept as written.
    void NameOf(std::string_view key, ExtensionField& f) const {
        if (IsAbsoluteUri(key)) {
            scope_.Resolve(key, f.ns, f.prefix, f.name);
        } else {
            f.name.assign(key);
        }
    }
    bool ExtensionValueOf(const json::value& v, ExtensionValue& out, std::size_t depth) {
        // Trees from ReadJson are depth-limited already; objects handed to DecodeJsonEvent are not.
        if (depth > limits_.max_depth) {
            return FailTooLarge("limit.depth", "An extension value is nested deeper than the limit of " +
                                                   std::to_string(limits_.max_depth) + " levels.");
        }
        switch (v.kind()) {
            case json::kind::null:
                out.kind = ExtensionValue::Kind::kNull;
                return true;
            case json::kind::bool_:
                out.kind = ExtensionValue::Kind::kBoolean;
                out.text = v.get_bool() ? "true" : "false";
                return true;
            case json::kind::int64:
                out.kind = ExtensionValue::Kind::kNumber;
                out.text = IntText(v.get_int64());
                return true;
            case json::kind::uint64:
                out.kind = ExtensionValue::Kind::kNumber;
                out.text = IntText(v.get_uint64());
                return true;
            case json::kind::double_:
                out.kind = ExtensionValue::Kind::kNumber;
                out.text.clear();
                json_internal::AppendDouble(v.get_double(), out.text);
                return true;
            case json::kind::string:
                if (marked_numbers_ && IsMarkedNumber(v)) {
                    out.kind = ExtensionValue::Kind::kNumber;
                    out.text.assign(MarkedNumberText(v));
                    return true;
                }
                out.kind = ExtensionValue::Kind::kString;
                if (!CheckLength(v.get_string().size(), "An extension string")) return false;
                out.text.assign(Sv(v.get_string()));
                return true;
            case json::kind::array: {
                out.kind = ExtensionValue::Kind::kArray;
                const auto& a = v.get_array();
                out.items.resize(a.size());
                for (std::size_t i = 0; i < a.size(); ++i) {
                    auto scope = EnterIndex(i);
                    if (!ExtensionValueOf(a[i], out.items[i], depth + 1)) return false;
                }
                return true;
            }
            case json::kind::object: {
                out.kind = ExtensionValue::Kind::kObject;
                const auto& o = v.get_object();
                out.fields.reserve(o.size());
                for (const auto& m : o) {
                    const std::string_view key = Sv(m.key());
                    auto scope = Enter(key);
                    ExtensionField& f = out.fields.emplace_back();
                    NameOf(key, f);
                    if (!ExtensionValueOf(m.value(), f.value, depth + 1)) return false;
                }
                return true;
            }
        }
        return true;
    }

    // --- standard structures
    bool QuantityList(const json::value& v, std::string_view name, std::vector<QuantityElement>& out);
    bool QuantityElementOf(const json::object& o, QuantityElement& q);
    bool BizTransactions(const json::value& v, std::vector<BizTransaction>& out);
    bool SourceDestList(const json::value& v, std::string_view name, std::string_view value_member,
                        std::vector<SourceDest>& out);
    bool LocationOf(const json::value& v, std::string_view name, std::optional<Location>& out);
    bool PersistentDispositionOf(const json::value& v, std::optional<PersistentDisposition>& out);
    bool ErrorDeclarationOf(const json::value& v, std::optional<ErrorDeclaration>& out);
    bool SensorElements(const json::value& v, std::vector<SensorElement>& out);
    bool SensorMetadataOf(const json::value& v, std::optional<SensorMetadata>& out);
    bool SensorReportOf(const json::object& o, SensorReport& r);
    bool Ilmd(const json::value& v, std::optional<Extensions>& out);
    bool CertificationInfo(const json::value& v, Event& event);
    bool EventMember(Ef field, const json::value& v, Event& event);
    bool IdentifierRules(const json::object& obj, const Event& event);

    // --- documents
    bool EpcisDocument(const json::object& obj, Document& doc);
    bool QueryDocument(const json::object& obj, Document& doc);
    bool DocumentCommon(const json::object& obj, Document& doc, bool query);
    bool Header(const json::value& v, Document& doc);
    bool Vocabularies(const json::value& v, std::vector<Vocabulary>& out);
    bool EventList(const json::value& v, Document& doc);
    // Members of epcisBody/queryResults/resultsBody beyond the standard ones.
    bool BodyExtension(std::string_view key, const json::value& v, Document& doc, std::string_view owner) {
        return Extension(key, v, doc.extensions, owner);
    }

    const DecodeLimits& limits_;
    bool marked_numbers_;
    bool bare_event_ = false;  // the event's @context went to the Document
    std::string path_;
    std::optional<Error> error_;
    PrefixScope scope_;
};

bool Decoder::QuantityElementOf(const json::object& o, QuantityElement& q) {
    bool has_class = false;
    for (const auto& m : o) {
        const std::string_view key = Sv(m.key());
        auto scope = Enter(key);
        if (key == "epcClass") {
            if (!String(m.value(), "epcClass", q.epc_class)) return false;
            has_class = true;
        } else if (key == "quantity") {
            if (!Number(m.value(), "quantity", q.quantity)) return false;
        } else if (key == "uom") {
            if (!String(m.value(), "uom", q.uom)) return false;
        } else {
            return Unknown(key, "a quantity element (epcClass, quantity, uom)", false);
        }
    }
    if (!has_class) return Required("epcClass", "A quantity element");
    return true;
}

bool Decoder::QuantityList(const json::value& v, std::string_view name, std::vector<QuantityElement>& out) {
    const json::array* a = Array(v, name);
    if (a == nullptr) return false;
    out.resize(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        auto scope = EnterIndex(i);
        const json::object* o = ItemObject((*a)[i], name);
        if (o == nullptr || !QuantityElementOf(*o, out[i])) return false;
    }
    return true;
}

bool Decoder::BizTransactions(const json::value& v, std::vector<BizTransaction>& out) {
    const json::array* a = Array(v, "bizTransactionList");
    if (a == nullptr) return false;
    out.resize(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        auto scope = EnterIndex(i);
        const json::object* o = ItemObject((*a)[i], "bizTransactionList");
        if (o == nullptr) return false;
        bool has_value = false;
        for (const auto& m : *o) {
            const std::string_view key = Sv(m.key());
            auto member_scope = Enter(key);
            if (key == "type") {
                if (!String(m.value(), "type", out[i].type)) return false;
            } else if (key == "bizTransaction") {
                if (!String(m.value(), "bizTransaction", out[i].value)) return false;
                has_value = true;
            } else {
                return Unknown(key, "a business transaction (type, bizTransaction)", false);
            }
        }
        if (!has_value) return Required("bizTransaction", "A business transaction");
    }
    return true;
}

bool Decoder::SourceDestList(const json::value& v, std::string_view name, std::string_view value_member,
                             std::vector<SourceDest>& out) {
    const json::array* a = Array(v, name);
    if (a == nullptr) return false;
    out.resize(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        auto scope = EnterIndex(i);
        const json::object* o = ItemObject((*a)[i], name);
        if (o == nullptr) return false;
        bool has_type = false;
        bool has_value = false;
        for (const auto& m : *o) {
            const std::string_view key = Sv(m.key());
            auto member_scope = Enter(key);
            if (key == "type") {
                if (!String(m.value(), "type", out[i].type)) return false;
                has_type = true;
            } else if (key == value_member) {
                if (!String(m.value(), value_member, out[i].value)) return false;
                has_value = true;
            } else {
                return Unknown(key, "a " + std::string(value_member) + " (type, " + std::string(value_member) + ")",
                               false);
            }
        }
        if (!has_type) return Required("type", "A " + std::string(value_member));
        if (!has_value) return Required(value_member, "A " + std::string(value_member));
    }
    return true;
}

bool Decoder::LocationOf(const json::value& v, std::string_view name, std::optional<Location>& out) {
    const json::object* o = Object(v, name);
    if (o == nullptr) return false;
    Location& loc = out.emplace();
    bool has_id = false;
    for (const auto& m : *o) {
        const std::string_view key = Sv(m.key());
        auto scope = Enter(key);
        if (key == "id") {
            if (!String(m.value(), "id", loc.id)) return false;
            has_id = true;
        } else if (!Extension(key, m.value(), loc.extensions, {})) {
            // The schema puts no limit on the member names of readPoint and bizLocation.
            return false;
        }
    }
    if (!has_id) return Required("id", name);
    return true;
}

bool Decoder::PersistentDispositionOf(const json::value& v, std::optional<PersistentDisposition>& out) {
    const json::object* o = Object(v, "persistentDisposition");
    if (o == nullptr) return false;
    PersistentDisposition& pd = out.emplace();
    for (const auto& m : *o) {
        const std::string_view key = Sv(m.key());
        auto scope = Enter(key);
        std::vector<std::string>* list = nullptr;
        if (key == "set") {
            list = &pd.set;
        } else if (key == "unset") {
            list = &pd.unset;
        } else {
            return Unknown(key, "persistentDisposition (set, unset)", false);
        }
        if (!StringList(m.value(), key, *list)) return false;
        // minItems 1 also lets the model tell "absent" from "present" by emptiness.
        if (list->empty()) {
            return Fail("schema.min_items", "persistentDisposition." + std::string(key) + " must not be empty.");
        }
    }
    if (pd.set.empty() && pd.unset.empty()) {
        return Fail("schema.required", "persistentDisposition requires set or unset.");
    }
    return true;
}

bool Decoder::ErrorDeclarationOf(const json::value& v, std::optional<ErrorDeclaration>& out) {
    const json::object* o = Object(v, "errorDeclaration");
    if (o == nullptr) return false;
    ErrorDeclaration& ed = out.emplace();
    bool has_time = false;
    for (const auto& m : *o) {
        const std::string_view key = Sv(m.key());
        auto scope = Enter(key);
        if (key == "declarationTime") {
            if (!Time(m.value(), "declarationTime", ed.declaration_time)) return false;
            has_time = true;
        } else if (key == "reason") {
            if (!String(m.value(), "reason", ed.reason)) return false;
        } else if (key == "correctiveEventIDs") {
            if (!StringList(m.value(), "correctiveEventIDs", ed.corrective_event_ids)) return false;
            ed.has_corrective_event_ids = true;
        } else if (!Extension(key, m.value(), ed.extensions, "errorDeclaration")) {
            return false;
        }
    }
    if (!has_time) return Required("declarationTime", "errorDeclaration");
    return true;
}

bool Decoder::SensorMetadataOf(const json::value& v, std::optional<SensorMetadata>& out) {
    const json::object* o = Object(v, "sensorMetadata");
    if (o == nullptr) return false;
    SensorMetadata& md = out.emplace();
    for (const auto& m : *o) {
        const std::string_view key = Sv(m.key());
        auto scope = Enter(key);
        const json::value& val = m.value();
        bool ok = true;
        switch (Lookup(kSensorMetadataFields, key, Sf::kNone)) {
            case Sf::kTime:
                ok = Time(val, key, md.time);
                break;
            case Sf::kStartTime:
                ok = Time(val, key, md.start_time);
                break;
            case Sf::kEndTime:
                ok = Time(val, key, md.end_time);
                break;
            case Sf::kDeviceId:
                ok = String(val, key, md.device_id);
                break;
            case Sf::kDeviceMetadata:
                ok = String(val, key, md.device_metadata);
                break;
            case Sf::kRawData:
                ok = String(val, key, md.raw_data);
                break;
            case Sf::kDataProcessingMethod:
                ok = String(val, key, md.data_processing_method);
                break;
            case Sf::kBizRules:
                ok = String(val, key, md.biz_rules);
                break;
            default:
                ok = Extension(key, val, md.extensions, "sensorMetadata");
                break;
        }
        if (!ok) return false;
    }
    return true;
}

bool Decoder::SensorReportOf(const json::object& o, SensorReport& r) {
    // The schema snapshot requires `type`, but the ratified standard does not (a report may carry
    // only an `exception`, as the openepcis corpus does), so it is not required here.
    for (const auto& m : o) {
        const std::string_view key = Sv(m.key());
        auto scope = Enter(key);
        const json::value& val = m.value();
        bool ok = true;
        switch (Lookup(kSensorReportFields, key, Sf::kNone)) {
            case Sf::kType:
                ok = String(val, key, r.type);
                break;
            case Sf::kException:
                ok = String(val, key, r.exception);
                break;
            case Sf::kDeviceId:
                ok = String(val, key, r.device_id);
                break;
            case Sf::kDeviceMetadata:
                ok = String(val, key, r.device_metadata);
                break;
            case Sf::kRawData:
                ok = String(val, key, r.raw_data);
                break;
            case Sf::kDataProcessingMethod:
                ok = String(val, key, r.data_processing_method);
                break;
            case Sf::kBizRules:
                ok = String(val, key, r.biz_rules);
                break;
            case Sf::kTime:
                ok = Time(val, key, r.time);
                break;
            case Sf::kMicroorganism:
                ok = String(val, key, r.microorganism);
                break;
            case Sf::kChemicalSubstance:
                ok = String(val, key, r.chemical_substance);
                break;
            case Sf::kCoordinateReferenceSystem:
                ok = String(val, key, r.coordinate_reference_system);
                break;
            case Sf::kValue:
                ok = Number(val, key, r.value);
                break;
            case Sf::kComponent:
                ok = String(val, key, r.component);
                break;
            case Sf::kStringValue:
                ok = String(val, key, r.string_value);
                break;
            case Sf::kBooleanValue:
                if (!val.is_bool()) return TypeError(val, key, "a boolean");
                r.boolean_value = val.get_bool();
                break;
            case Sf::kHexBinaryValue:
                ok = String(val, key, r.hex_binary_value);
                break;
            case Sf::kUriValue:
                ok = String(val, key, r.uri_value);
                break;
            case Sf::kMinValue:
                ok = Number(val, key, r.min_value);
                break;
            case Sf::kMaxValue:
                ok = Number(val, key, r.max_value);
                break;
            case Sf::kMeanValue:
                ok = Number(val, key, r.mean_value);
                break;
            case Sf::kSDev:
                ok = Number(val, key, r.s_dev);
                break;
            case Sf::kPercRank:
                ok = Number(val, key, r.perc_rank);
                break;
            case Sf::kPercValue:
                ok = Number(val, key, r.perc_value);
                break;
            case Sf::kUom:
                ok = String(val, key, r.uom);
                break;
            default:
                ok = Extension(key, val, r.extensions, "sensorReport");
                break;
        }
        if (!ok) return false;
    }
    return true;
}

bool Decoder::SensorElements(const json::value& v, std::vector<SensorElement>& out) {
    const json::array* a = Array(v, "sensorElementList");
    if (a == nullptr) return false;
    out.resize(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        auto scope = EnterIndex(i);
        const json::object* o = ItemObject((*a)[i], "sensorElementList");
        if (o == nullptr) return false;
        SensorElement& se = out[i];
        bool has_reports = false;
        for (const auto& m : *o) {
            const std::string_view key = Sv(m.key());
            auto member_scope = Enter(key);
            if (key == "sensorMetadata") {
                if (!SensorMetadataOf(m.value(), se.sensor_metadata)) return false;
            } else if (key == "sensorReport") {
                const json::array* reports = Array(m.value(), "sensorReport");
                if (reports == nullptr) return false;
                if (reports->empty()) return Fail("schema.min_items", "sensorReport must have at least one report.");
                se.sensor_reports.resize(reports->size());
                for (std::size_t k = 0; k < reports->size(); ++k) {
                    auto report_scope = EnterIndex(k);
                    const json::object* ro = ItemObject((*reports)[k], "sensorReport");
                    if (ro == nullptr || !SensorReportOf(*ro, se.sensor_reports[k])) return false;
                }
                has_reports = true;
            } else if (!Extension(key, m.value(), se.extensions, "sensorElement")) {
                return false;
            }
        }
        if (!has_reports) return Required("sensorReport", "A sensor element");
    }
    return true;
}

bool Decoder::Ilmd(const json::value& v, std::optional<Extensions>& out) {
    const json::object* o = Object(v, "ilmd");
    if (o == nullptr) return false;
    Extensions& fields = out.emplace();
    fields.reserve(o->size());
    for (const auto& m : *o) {
        const std::string_view key = Sv(m.key());
        auto scope = Enter(key);
        if (!Extension(key, m.value(), fields, "ilmd")) return false;
    }
    return true;
}

bool Decoder::CertificationInfo(const json::value& v, Event& event) {
    if (IsString(v)) {
        event.certification_info_is_array = false;
        return String(v, "certificationInfo", event.certification_info.emplace_back());
    }
    if (!v.is_array()) return TypeError(v, "certificationInfo", "a string or an array of strings");
    event.certification_info_is_array = true;
    return StringList(v, "certificationInfo", event.certification_info);
}

bool Decoder::EventMember(Ef field, const json::value& v, Event& e) {
    switch (field) {
        case Ef::kContext:
        case Ef::kType:
        case Ef::kNone:
            return true;  // handled before the members
        case Ef::kEventTime:
            return Time(v, "eventTime", e.event_time);
        case Ef::kRecordTime:
            return Time(v, "recordTime", e.record_time);
        case Ef::kEventTimeZoneOffset:
            return String(v, "eventTimeZoneOffset", e.event_time_zone_offset);
        case Ef::kEventId:
            return String(v, "eventID", e.event_id);
        case Ef::kCertificationInfo:
            return CertificationInfo(v, e);
        case Ef::kErrorDeclaration:
            return ErrorDeclarationOf(v, e.error_declaration);
        case Ef::kAction: {
            std::string_view s;
            if (!StringView(v, "action", s)) return false;
            if (s == "ADD") {
                e.action = Action::kAdd;
            } else if (s == "OBSERVE") {
                e.action = Action::kObserve;
            } else if (s == "DELETE") {
                e.action = Action::kDelete;
            } else {
                return Fail("schema.enum", "action must be ADD, OBSERVE or DELETE.", s);
            }
            return true;
        }
        case Ef::kEpcList:
            e.present.epc_list = true;
            return StringList(v, "epcList", e.epc_list);
        case Ef::kChildEpcs:
            e.present.child_epcs = true;
            return StringList(v, "childEPCs", e.child_epcs);
        case Ef::kInputEpcList:
            e.present.input_epc_list = true;
            return StringList(v, "inputEPCList", e.input_epc_list);
        case Ef::kOutputEpcList:
            e.present.output_epc_list = true;
            return StringList(v, "outputEPCList", e.output_epc_list);
        case Ef::kQuantityList:
            e.present.quantity_list = true;
            return QuantityList(v, "quantityList", e.quantity_list);
        case Ef::kChildQuantityList:
            e.present.child_quantity_list = true;
            return QuantityList(v, "childQuantityList", e.child_quantity_list);
        case Ef::kInputQuantityList:
            e.present.input_quantity_list = true;
            return QuantityList(v, "inputQuantityList", e.input_quantity_list);
        case Ef::kOutputQuantityList:
            e.present.output_quantity_list = true;
            return QuantityList(v, "outputQuantityList", e.output_quantity_list);
        case Ef::kBizStep:
            return String(v, "bizStep", e.biz_step);
        case Ef::kDisposition:
            return String(v, "disposition", e.disposition);
        case Ef::kPersistentDisposition:
            return PersistentDispositionOf(v, e.persistent_disposition);
        case Ef::kReadPoint:
            return LocationOf(v, "readPoint", e.read_point);
        case Ef::kBizLocation:
            return LocationOf(v, "bizLocation", e.biz_location);
        case Ef::kBizTransactionList:
            e.present.biz_transaction_list = true;
            return BizTransactions(v, e.biz_transaction_list);
        case Ef::kSourceList:
            e.present.source_list = true;
            return SourceDestList(v, "sourceList", "source", e.source_list);
        case Ef::kDestinationList:
            e.present.destination_list = true;
            return SourceDestList(v, "destinationList", "destination", e.destination_list);
        case Ef::kSensorElementList:
            e.present.sensor_element_list = true;
            return SensorElements(v, e.sensor_element_list);
        case Ef::kIlmd:
            return Ilmd(v, e.ilmd);
        case Ef::kParentId:
            return String(v, "parentID", e.parent_id);
        case Ef::kTransformationId:
            return String(v, "transformationID", e.transformation_id);
    }
    return true;
}

// The anyOf branches of each event type's schema: which identifier lists must be present.
bool Decoder::IdentifierRules(const json::object& obj, const Event& e) {
    const bool deleting = e.action == Action::kDelete;
    switch (e.type) {
        case EventType::kObjectEvent:
            if (!(e.present.epc_list || !e.quantity_list.empty() || (!e.sensor_element_list.empty() && e.read_point))) {
                return Fail("schema.one_of_identifiers",
                            "An ObjectEvent requires epcList or a non-empty quantityList (or a non-empty "
                            "sensorElementList with a readPoint).");
            }
            if (e.ilmd && e.action != Action::kAdd) {
                auto scope = Enter("ilmd");
                return Fail("schema.ilmd_action", "ilmd is allowed only on an ObjectEvent whose action is ADD.",
                            ActionName(*e.action));
            }
            return true;
        case EventType::kAggregationEvent:
        case EventType::kAssociationEvent:
            if (!(e.child_epcs.size() > 0 || !e.child_quantity_list.empty() || deleting)) {
                return Fail("schema.one_of_identifiers",
                            std::string(EventTypeName(e.type)) +
                                " requires a non-empty childEPCs or childQuantityList unless its action is DELETE.");
            }
            return true;
        case EventType::kTransactionEvent:
            if (!(e.present.epc_list || !e.quantity_list.empty() || deleting)) {
                return Fail("schema.one_of_identifiers",
                            "A TransactionEvent requires epcList or a non-empty quantityList unless its action "
                            "is DELETE.");
            }
            if (e.biz_transaction_list.empty()) {
                auto scope = Enter("bizTransactionList");
                return Fail("schema.min_items", "A TransactionEvent's bizTransactionList must not be empty.");
            }
            return true;
        case EventType::kTransformationEvent: {
            const bool input = !e.input_epc_list.empty() || !e.input_quantity_list.empty();
            const bool output = !e.output_epc_list.empty() || !e.output_quantity_list.empty();
            if (!((input && output) || ((input || output) && obj.contains("transformationID")))) {
                return Fail("schema.one_of_identifiers",
                            "A TransformationEvent requires non-empty inputs (inputEPCList or inputQuantityList) "
                            "and outputs (outputEPCList or outputQuantityList), or one of them and a "
                            "transformationID.");
            }
            return true;
        }
        case EventType::kExtensionEvent:
            return true;
    }
    return true;
}

bool Decoder::DecodeEvent(const json::object& obj, Event& e) {
    const json::value* type = obj.if_contains("type");
    if (type == nullptr) return Required("type", "An event");
    std::string_view type_name;
    {
        auto scope = Enter("type");
        if (!StringView(*type, "type", type_name)) return false;
        if (auto standard = StandardEventType(type_name)) {
            e.type = *standard;
        } else if (IsAbsoluteUri(type_name)) {
            e.type = EventType::kExtensionEvent;
            e.extension_type.assign(type_name);
        } else {
            return Fail("schema.enum",
                        "type must be ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, "
                        "AssociationEvent or a URI naming an extension event type.",
                        type_name);
        }
    }
    const std::string_view owner =
        e.type == EventType::kExtensionEvent ? std::string_view("this extension event") : EventTypeName(e.type);

    // The event's own @context comes first: extension names below resolve with it.
    if (!bare_event_) {
        if (const json::value* context = obj.if_contains("@context")) {
            if (!Context(*context, nullptr, e.namespaces)) return false;
        }
    }
    scope_.Push(&e.namespaces);
    struct PopOnExit {
        PrefixScope& scope;
        ~PopOnExit() { scope.Pop(); }
    } pop_on_exit{scope_};

    if (!obj.contains("eventTime")) return Required("eventTime", owner);
    if (!obj.contains("eventTimeZoneOffset")) return Required("eventTimeZoneOffset", owner);
    switch (e.type) {
        case EventType::kObjectEvent:
        case EventType::kAggregationEvent:
            if (!obj.contains("action")) return Required("action", owner);
            break;
        case EventType::kTransactionEvent:
            if (!obj.contains("bizTransactionList")) return Required("bizTransactionList", owner);
            if (!obj.contains("action")) return Required("action", owner);
            break;
        case EventType::kAssociationEvent:
            if (!obj.contains("action")) return Required("action", owner);
            if (!obj.contains("parentID")) return Required("parentID", owner);
            break;
        case EventType::kTransformationEvent:
        case EventType::kExtensionEvent:
            break;
    }

    const Mask allowed = AllowedFields(e.type);
    for (const auto& m : obj) {
        const std::string_view key = Sv(m.key());
        const json::value& v = m.value();
        auto scope = Enter(key);
        const Ef field = Lookup(kEventFields, key, Ef::kNone);
        if (field != Ef::kNone && (allowed & Bit(field)) != 0) {
            if (!EventMember(field, v, e)) return false;
            continue;
        }
        if (key == "rdfs:comment") {
            // A comment is kept apart from extensions (it is not part of the event hash); any
            // other shape stays an ordinary extension member.
            if (IsString(v)) {
                e.comments.emplace_back(Sv(v.get_string()));
                continue;
            }
            if (const auto* a = v.if_array();
                a != nullptr && !a->empty() &&
                std::all_of(a->begin(), a->end(), [this](const json::value& item) { return IsString(item); })) {
                for (const auto& item : *a) e.comments.emplace_back(Sv(item.get_string()));
                continue;
            }
        }
        if (e.type == EventType::kExtensionEvent) {
            // Extended-Event in the schema limits only the common members; anything else is the
            // extension type's own content.
            if (!Extension(key, v, e.extensions, {})) return false;
            continue;
        }
        if (field != Ef::kNone) {
            return Fail("schema.unknown_property", std::string(key) + " is not a member of " + std::string(owner) + ".",
                        key);
        }
        if (!Extension(key, v, e.extensions, owner)) return false;
    }
    return IdentifierRules(obj, e);
}

bool Decoder::EventList(const json::value& v, Document& doc) {
    const json::array* a = Array(v, "eventList");
    if (a == nullptr) return false;
    if (a->size() > limits_.max_events) {
        return FailTooLarge("limit.events", "The document has " + std::to_string(a->size()) +
                                                " events, more than the limit of " +
                                                std::to_string(limits_.max_events) + ".");
    }
    doc.events.resize(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        auto scope = EnterIndex(i);
        const json::object* o = ItemObject((*a)[i], "eventList");
        if (o == nullptr) return false;
        if (!DecodeEvent(*o, doc.events[i])) return false;
    }
    return true;
}

bool Decoder::Vocabularies(const json::value& v, std::vector<Vocabulary>& out) {
    const json::array* a = Array(v, "vocabularyList");
    if (a == nullptr) return false;
    out.resize(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        auto scope = EnterIndex(i);
        const json::object* o = ItemObject((*a)[i], "vocabularyList");
        if (o == nullptr) return false;
        Vocabulary& vocab = out[i];
        bool has_type = false;
        for (const auto& m : *o) {
            const std::string_view key = Sv(m.key());
            auto member_scope = Enter(key);
            if (key == "type") {
                if (!String(m.value(), "type", vocab.type)) return false;
                has_type = true;
                continue;
            }
            // The schema allows other members here, but the model has no place for them.
            if (key != "vocabularyElementList")
                return Unknown(key, "a vocabulary (type, vocabularyElementList)", false);
            const json::array* elements = Array(m.value(), "vocabularyElementList");
            if (elements == nullptr) return false;
            vocab.elements.resize(elements->size());
            for (std::size_t k = 0; k < elements->size(); ++k) {
                auto element_scope = EnterIndex(k);
                const json::object* eo = ItemObject((*elements)[k], "vocabularyElementList");
                if (eo == nullptr) return false;
                VocabularyElement& element = vocab.elements[k];
                bool has_id = false;
                for (const auto& em : *eo) {
                    const std::string_view ekey = Sv(em.key());
                    auto em_scope = Enter(ekey);
                    if (ekey == "id") {
                        if (!String(em.value(), "id", element.id)) return false;
                        has_id = true;
                    } else if (ekey == "children") {
                        if (!StringList(em.value(), "children", element.children)) return false;
                    } else if (ekey == "attributes") {
                        const json::array* attrs = Array(em.value(), "attributes");
                        if (attrs == nullptr) return false;
                        element.attributes.resize(attrs->size());
                        for (std::size_t n = 0; n < attrs->size(); ++n) {
                            auto attr_scope = EnterIndex(n);
                            const json::object* ao = ItemObject((*attrs)[n], "attributes");
                            if (ao == nullptr) return false;
                            VocabularyAttribute& attr = element.attributes[n];
                            // An absent `attribute` member is a null value (null is not allowed in
                            // JSON, so the two cannot be confused).
                            attr.value.kind = ExtensionValue::Kind::kNull;
                            bool has_attr_id = false;
                            for (const auto& am : *ao) {
                                const std::string_view akey = Sv(am.key());
                                auto am_scope = Enter(akey);
                                if (akey == "id") {
                                    if (!String(am.value(), "id", attr.id)) return false;
                                    has_attr_id = true;
                                } else if (akey == "attribute") {
                                    const json::value& av = am.value();
                                    const bool number = av.is_number() || (marked_numbers_ && IsMarkedNumber(av));
                                    if (!(number || av.is_string() || av.is_object())) {
                                        return TypeError(av, "attribute", "a number, a string or an object");
                                    }
                                    if (!ExtensionValueOf(av, attr.value, 1)) return false;
                                } else {
                                    return Unknown(akey, "a vocabulary attribute (id, attribute)", false);
                                }
                            }
                            if (!has_attr_id) return Required("id", "A vocabulary attribute");
                        }
                    } else {
                        return Unknown(ekey, "a vocabulary element (id, attributes, children)", false);
                    }
                }
                if (!has_id) return Required("id", "A vocabulary element");
            }
        }
        if (!has_type) return Required("type", "A vocabulary");
    }
    return true;
}

bool Decoder::Header(const json::value& v, Document& doc) {
    const json::object* o = Object(v, "epcisHeader");
    if (o == nullptr) return false;
    doc.has_header = true;
    for (const auto& m : *o) {
        const std::string_view key = Sv(m.key());
        auto scope = Enter(key);
        if (key != "epcisMasterData") {
            if (!Extension(key, m.value(), doc.header_extensions, "epcisHeader")) return false;
            continue;
        }
        const json::object* md = Object(m.value(), "epcisMasterData");
        if (md == nullptr) return false;
        for (const auto& mm : *md) {
            const std::string_view mkey = Sv(mm.key());
            auto md_scope = Enter(mkey);
            // The schema allows other members here, but the model has no place for them.
            if (mkey != "vocabularyList") return Unknown(mkey, "epcisMasterData (vocabularyList)", false);
            if (!Vocabularies(mm.value(), doc.master_data)) return false;
        }
    }
    return true;
}

// Members the two document types share; `query` selects the EPCISQueryDocument rules.
bool Decoder::DocumentCommon(const json::object& obj, Document& doc, bool query) {
    const std::string_view owner = query ? "EPCISQueryDocument" : "EPCISDocument";
    if (!obj.contains("@context")) return Required("@context", owner);
    if (!query) {
        if (!obj.contains("schemaVersion")) return Required("schemaVersion", owner);
        if (!obj.contains("creationDate")) return Required("creationDate", owner);
    }
    if (!obj.contains("epcisBody")) return Required("epcisBody", owner);
    if (!Context(obj.at("@context"), &doc.context_urls, doc.namespaces)) return false;
    scope_ = PrefixScope();
    scope_.Push(&doc.namespaces);

    const json::value* body = nullptr;
    for (const auto& m : obj) {
        const std::string_view key = Sv(m.key());
        const json::value& v = m.value();
        auto scope = Enter(key);
        if (key == "@context" || key == "type") continue;
        if (key == "id") {
            if (!String(v, "id", doc.id)) return false;
        } else if (key == "schemaVersion") {
            if (!String(v, "schemaVersion", doc.schema_version)) return false;
            const std::string& s = doc.schema_version;
            // ^\d+(\.\d+)*$
            bool ok = !s.empty() && s.front() != '.' && s.back() != '.' && s.find("..") == std::string::npos &&
                      s.find_first_not_of("0123456789.") == std::string::npos;
            if (!ok) return Fail("schema.pattern", "schemaVersion must be a version number such as 2.0.", s);
        } else if (key == "creationDate") {
            if (!Time(v, "creationDate", doc.creation_date)) return false;
        } else if (!query && key == "instanceIdentifier") {
            if (!String(v, "instanceIdentifier", doc.instance_identifier)) return false;
        } else if (!query && key == "sender") {
            if (!String(v, "sender", doc.sender)) return false;
        } else if (!query && key == "receiver") {
            if (!String(v, "receiver", doc.receiver)) return false;
        } else if (!query && key == "epcisHeader") {
            if (!Header(v, doc)) return false;
        } else if (key == "epcisBody") {
            body = &v;  // decoded last, when the document's members are known
        } else if (!Extension(key, v, doc.extensions, owner)) {
            return false;
        }
    }
    auto scope = Enter("epcisBody");
    const json::object* b = Object(*body, "epcisBody");
    if (b == nullptr) return false;
    if (!query) {
        const json::value* events = b->if_contains("eventList");
        if (events == nullptr) return Required("eventList", "epcisBody");
        for (const auto& m : *b) {
            const std::string_view key = Sv(m.key());
            if (key == "eventList") continue;
            auto member_scope = Enter(key);
            if (!BodyExtension(key, m.value(), doc, "epcisBody")) return false;
        }
        auto list_scope = Enter("eventList");
        return EventList(*events, doc);
    }

    const json::value* results = b->if_contains("queryResults");
    if (results == nullptr) return Required("queryResults", "epcisBody");
    for (const auto& m : *b) {
        const std::string_view key = Sv(m.key());
        if (key == "queryResults") continue;
        auto member_scope = Enter(key);
        if (!BodyExtension(key, m.value(), doc, "epcisBody")) return false;
    }
    auto results_scope = Enter("queryResults");
    const json::object* qr = Object(*results, "queryResults");
    if (qr == nullptr) return false;
    if (!qr->contains("queryName")) return Required("queryName", "queryResults");
    const json::value* results_body = qr->if_contains("resultsBody");
    if (results_body == nullptr) return Required("resultsBody", "queryResults");
    for (const auto& m : *qr) {
        const std::string_view key = Sv(m.key());
        auto member_scope = Enter(key);
        if (key == "queryName") {
            if (!String(m.value(), "queryName", doc.query_name)) return false;
        } else if (key == "subscriptionID") {
            if (!String(m.value(), "subscriptionID", doc.subscription_id)) return false;
        } else if (key != "resultsBody" && !BodyExtension(key, m.value(), doc, "queryResults")) {
            return false;
        }
    }
    auto rb_scope = Enter("resultsBody");
    const json::object* rb = Object(*results_body, "resultsBody");
    if (rb == nullptr) return false;
    const json::value* events = rb->if_contains("eventList");
    if (events == nullptr) return Required("eventList", "resultsBody");
    for (const auto& m : *rb) {
        const std::string_view key = Sv(m.key());
        if (key == "eventList") continue;
        auto member_scope = Enter(key);
        if (key == "vocabularyList") {
            if (!Vocabularies(m.value(), doc.master_data)) return false;
        } else if (!BodyExtension(key, m.value(), doc, "resultsBody")) {
            return false;
        }
    }
    auto list_scope = Enter("eventList");
    return EventList(*events, doc);
}

bool Decoder::EpcisDocument(const json::object& obj, Document& doc) {
    doc.kind = DocumentKind::kEpcisDocument;
    return DocumentCommon(obj, doc, false);
}

bool Decoder::QueryDocument(const json::object& obj, Document& doc) {
    doc.kind = DocumentKind::kEpcisQueryDocument;
    return DocumentCommon(obj, doc, true);
}

bool Decoder::DecodeRoot(const json::value& root, Document& doc) {
    const json::object* obj = root.if_object();
    if (obj == nullptr) return TypeError(root, "An EPCIS JSON document", "an object");
    const json::value* type = obj->if_contains("type");
    if (type == nullptr) return Required("type", "An EPCIS document or event");
    std::string_view type_name;
    {
        auto scope = Enter("type");
        if (!StringView(*type, "type", type_name)) return false;
    }
    if (type_name == "EPCISDocument") return EpcisDocument(*obj, doc);
    if (type_name == "EPCISQueryDocument") return QueryDocument(*obj, doc);

    // A bare event: the schema requires its @context, which plays the document's part.
    doc.kind = DocumentKind::kBareEvent;
    const json::value* context = obj->if_contains("@context");
    if (context == nullptr) return Required("@context", "An event outside a document");
    if (!Context(*context, &doc.context_urls, doc.namespaces)) return false;
    scope_ = PrefixScope();
    scope_.Push(&doc.namespaces);
    bare_event_ = true;
    doc.events.resize(1);
    return DecodeEvent(*obj, doc.events[0]);
}

// ---------------------------------------------------------------------------------------------
// Encoding

// CBV values in URN form become bare words, as JSON documents write them; anything else stays.
std::string CbvOut(cbv::Vocab vocab, const std::string& value) {
    if (value.rfind("urn:epcglobal:cbv:", 0) == 0) {
        if (auto word = cbv::StandardWord(vocab, value)) return *word;
    }
    return value;
}

json::value NumberValue(std::string_view text) {
    if (text.find_first_of(".eE") == std::string_view::npos) {
        std::int64_t i = 0;
        if (auto r = std::from_chars(text.data(), text.data() + text.size(), i);
            r.ec == std::errc() && r.ptr == text.data() + text.size()) {
            return i;
        }
        std::uint64_t u = 0;
        if (auto r = std::from_chars(text.data(), text.data() + text.size(), u);
            r.ec == std::errc() && r.ptr == text.data() + text.size()) {
            return u;
        }
    }
    double d = 0;
    std::from_chars(text.data(), text.data() + text.size(), d);
    return d;
}

json::value DoubleValue(double d) {
    // Integral values as integers so that any JSON writer prints `150`, not `150.0` or `1.5E2`.
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.007199254740992e15) {
        return static_cast<std::int64_t>(d);
    }
    return d;
}

class Encoder {
  public:
    // `raw_numbers`: extension numbers are written as marked strings (json_reader.hpp) that
    // json_writer turns back into their exact text; otherwise they become JSON numbers.
    // Every value is built on `sp` (a per-call monotonic arena when the result is only written
    // out: one block instead of an allocation per member).
    explicit Encoder(bool raw_numbers, json::storage_ptr sp = {}) : raw_numbers_(raw_numbers), sp_(std::move(sp)) {}

    // Declarations added for names nobody declared go to `target` (the event's or the document's
    // auto declarations), looked up innermost-first with the others in scope_.
    json::object EventObject(const Event& e, const std::vector<NamespaceDecl>* doc_decls,
                             std::vector<NamespaceDecl>* doc_added);
    json::value DocumentValue(const Document& doc);

  private:
    std::string Name(const ExtensionField& f);
    json::value Value(const ExtensionValue& v);
    void PutExtensions(json::object& o, const Extensions& fields);
    void PutString(json::object& o, std::string_view key, const std::optional<std::string>& s) {
        if (s) o.emplace(key, *s);
    }
    void PutNumber(json::object& o, std::string_view key, const std::optional<double>& d) {
        if (d) o.emplace(key, DoubleValue(*d));
    }
    void PutTime(json::object& o, std::string_view key, const std::optional<DateTime>& t) {
        if (t) o.emplace(key, t->ToString());
    }
    json::array Strings(const std::vector<std::string>& list) {
        json::array a(sp_);
        a.reserve(list.size());
        for (const auto& s : list) a.emplace_back(s);
        return a;
    }
    json::array Quantities(const std::vector<QuantityElement>& list);
    json::object LocationObject(const Location& loc);
    json::array SensorElementArray(const std::vector<SensorElement>& list);
    json::array VocabularyArray(const std::vector<Vocabulary>& list);
    json::array ContextArray(const std::vector<std::string>& urls,
                             std::initializer_list<const std::vector<NamespaceDecl>*> decls);

    bool raw_numbers_;
    json::storage_ptr sp_;
    PrefixScope scope_;
    std::vector<NamespaceDecl>* added_ = nullptr;
    // Scratch for Name().
    std::string ns_;
    std::string prefix_;
    std::string local_;
};

std::string Encoder::Name(const ExtensionField& f) {
    if (f.ns.empty()) return f.name;
    // The decoder resolves only names that are URIs (NameOf).
    const auto reads_back = [&](const std::string& key) {
        if (!IsAbsoluteUri(key)) return false;
        scope_.Resolve(key, ns_, prefix_, local_);
        return ns_ == f.ns && local_ == f.name;
    };
    if (!f.prefix.empty()) {
        std::string key = f.prefix + ":" + f.name;
        if (reads_back(key)) return key;
    } else {
        // A name written as a full URI (or with an undeclared prefix) reads back as written.
        std::string key = f.ns + f.name;
        if (reads_back(key)) return key;
    }
    if (auto p = scope_.PrefixFor(f.ns)) {
        std::string key = std::string(*p) + ":" + f.name;
        if (reads_back(key)) return key;
    }
    // Declare a prefix: the field's own when it is free, else the first free nsN.
    std::string prefix = f.prefix;
    const auto usable = [&](const std::string& p) {
        return !p.empty() && IsPrefixTerm(p, f.ns) && IsAbsoluteUri(p + ":x") && !scope_.Lookup(p);
    };
    for (int n = 1; !usable(prefix); ++n) prefix = "ns" + std::to_string(n);
    added_->push_back(NamespaceDecl{prefix, f.ns});
    return prefix + ":" + f.name;
}

json::value Encoder::Value(const ExtensionValue& v) {
    switch (v.kind) {
        case ExtensionValue::Kind::kString:
            return json::string(v.text, sp_);
        case ExtensionValue::Kind::kNumber:
            if (!json_internal::IsJsonNumber(v.text)) return json::string(v.text, sp_);
            if (raw_numbers_) {
                json::string s(sp_);
                s.reserve(v.text.size() + 1);
                s.push_back(kNumberMark);
                s.append(v.text);
                return s;
            }
            return NumberValue(v.text);
        case ExtensionValue::Kind::kBoolean:
            return v.text == "true";
        case ExtensionValue::Kind::kNull:
            return nullptr;
        case ExtensionValue::Kind::kObject: {
            json::object o(sp_);
            PutExtensions(o, v.fields);
            return o;
        }
        case ExtensionValue::Kind::kArray: {
            json::array a(sp_);
            a.reserve(v.items.size());
            for (const auto& item : v.items) a.push_back(Value(item));
            return a;
        }
    }
    return nullptr;
}

void Encoder::PutExtensions(json::object& o, const Extensions& fields) {
    // Members of one name repeated (XML repeats elements) become one array, at the place of the
    // first. groups[i] lists the later fields with field i's name (found by sorting, so that a
    // huge object costs O(n log n)); JSON input never repeats a name.
    std::vector<std::vector<std::size_t>> groups;
    std::vector<bool> done;
    if (fields.size() > 1) {
        std::vector<std::size_t> order(fields.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        const auto key = [&](std::size_t i) { return std::tie(fields[i].ns, fields[i].name); };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
        // The sort is stable, so order[run] is the first occurrence of its name.
        std::size_t run = 0;
        for (std::size_t k = 1; k < order.size(); ++k) {
            if (key(order[k]) != key(order[run])) {
                run = k;
                continue;
            }
            if (groups.empty()) {
                groups.resize(fields.size());
                done.assign(fields.size(), false);
            }
            groups[order[run]].push_back(order[k]);
        }
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (!done.empty() && done[i]) continue;
        std::string name = Name(fields[i]);
        if (groups.empty() || groups[i].empty()) {
            o.emplace(name, Value(fields[i].value));
            continue;
        }
        json::array a(sp_);
        a.reserve(groups[i].size() + 1);
        a.push_back(Value(fields[i].value));
        for (std::size_t k : groups[i]) {
            done[k] = true;
            a.push_back(Value(fields[k].value));
        }
        o.emplace(name, std::move(a));
    }
}

json::array Encoder::Quantities(const std::vector<QuantityElement>& list) {
    json::array a(sp_);
    a.reserve(list.size());
    for (const auto& q : list) {
        json::object o(sp_);
        o.emplace("epcClass", q.epc_class);
        if (q.quantity) o.emplace("quantity", DoubleValue(*q.quantity));
        if (q.uom) o.emplace("uom", *q.uom);
        a.emplace_back(std::move(o));
    }
    return a;
}

json::object Encoder::LocationObject(const Location& loc) {
    json::object o(sp_);
    o.emplace("id", loc.id);
    PutExtensions(o, loc.extensions);
    return o;
}

json::array Encoder::SensorElementArray(const std::vector<SensorElement>& list) {
    json::array a(sp_);
    a.reserve(list.size());
    for (const auto& se : list) {
        json::object o(sp_);
        if (se.sensor_metadata) {
            const SensorMetadata& md = *se.sensor_metadata;
            json::object m(sp_);
            PutTime(m, "time", md.time);
            PutString(m, "deviceID", md.device_id);
            PutString(m, "deviceMetadata", md.device_metadata);
            PutString(m, "rawData", md.raw_data);
            PutTime(m, "startTime", md.start_time);
            PutTime(m, "endTime", md.end_time);
            PutString(m, "dataProcessingMethod", md.data_processing_method);
            PutString(m, "bizRules", md.biz_rules);
            PutExtensions(m, md.extensions);
            o.emplace("sensorMetadata", std::move(m));
        }
        json::array reports(sp_);
        reports.reserve(se.sensor_reports.size());
        for (const auto& r : se.sensor_reports) {
            json::object ro(sp_);
            PutString(ro, "type", r.type);
            PutString(ro, "exception", r.exception);
            PutString(ro, "deviceID", r.device_id);
            PutString(ro, "deviceMetadata", r.device_metadata);
            PutString(ro, "rawData", r.raw_data);
            PutString(ro, "dataProcessingMethod", r.data_processing_method);
            PutString(ro, "bizRules", r.biz_rules);
            PutTime(ro, "time", r.time);
            PutString(ro, "microorganism", r.microorganism);
            PutString(ro, "chemicalSubstance", r.chemical_substance);
            PutString(ro, "coordinateReferenceSystem", r.coordinate_reference_system);
            PutNumber(ro, "value", r.value);
            PutString(ro, "component", r.component);
            PutString(ro, "stringValue", r.string_value);
            if (r.boolean_value) ro.emplace("booleanValue", *r.boolean_value);
            PutString(ro, "hexBinaryValue", r.hex_binary_value);
            PutString(ro, "uriValue", r.uri_value);
            PutNumber(ro, "minValue", r.min_value);
            PutNumber(ro, "maxValue", r.max_value);
            PutNumber(ro, "meanValue", r.mean_value);
            PutNumber(ro, "sDev", r.s_dev);
            PutNumber(ro, "percRank", r.perc_rank);
            PutNumber(ro, "percValue", r.perc_value);
            PutString(ro, "uom", r.uom);
            PutExtensions(ro, r.extensions);
            reports.emplace_back(std::move(ro));
        }
        o.emplace("sensorReport", std::move(reports));
        PutExtensions(o, se.extensions);
        a.emplace_back(std::move(o));
    }
    return a;
}

json::array Encoder::VocabularyArray(const std::vector<Vocabulary>& list) {
    json::array a(sp_);
    a.reserve(list.size());
    for (const auto& vocab : list) {
        json::object vo(sp_);
        vo.emplace("type", vocab.type);
        json::array elements(sp_);
        elements.reserve(vocab.elements.size());
        for (const auto& element : vocab.elements) {
            json::object eo(sp_);
            eo.emplace("id", element.id);
            if (!element.attributes.empty()) {
                json::array attrs(sp_);
                for (const auto& attr : element.attributes) {
                    json::object ao(sp_);
                    ao.emplace("id", attr.id);
                    if (attr.value.kind != ExtensionValue::Kind::kNull) ao.emplace("attribute", Value(attr.value));
                    attrs.emplace_back(std::move(ao));
                }
                eo.emplace("attributes", std::move(attrs));
            }
            if (!element.children.empty()) eo.emplace("children", Strings(element.children));
            elements.emplace_back(std::move(eo));
        }
        vo.emplace("vocabularyElementList", std::move(elements));
        a.emplace_back(std::move(vo));
    }
    return a;
}

json::array Encoder::ContextArray(const std::vector<std::string>& urls,
                                  std::initializer_list<const std::vector<NamespaceDecl>*> decls) {
    json::array a(sp_);
    for (const auto& url : urls) a.emplace_back(url);
    for (const auto* list : decls) {
        for (const auto& d : *list) {
            json::object o(sp_);
            o.emplace(d.prefix, d.uri);
            a.emplace_back(std::move(o));
        }
    }
    return a;
}

json::object Encoder::EventObject(const Event& e, const std::vector<NamespaceDecl>* doc_decls,
                                  std::vector<NamespaceDecl>* doc_added) {
    std::vector<NamespaceDecl> added;
    scope_ = PrefixScope();
    scope_.Push(doc_decls);
    scope_.Push(doc_added);
    scope_.Push(&e.namespaces);
    scope_.Push(doc_added != nullptr ? nullptr : &added);
    added_ = doc_added != nullptr ? doc_added : &added;

    json::object o(sp_);
    o.reserve(24);
    if (e.type == EventType::kExtensionEvent) {
        o.emplace("type", e.extension_type);
    } else {
        o.emplace("type", EventTypeName(e.type));
    }
    o.emplace("eventTime", e.event_time.ToString());
    PutTime(o, "recordTime", e.record_time);
    o.emplace("eventTimeZoneOffset", e.event_time_zone_offset);
    PutString(o, "eventID", e.event_id);
    if (e.certification_info_is_array || e.certification_info.size() > 1) {
        o.emplace("certificationInfo", Strings(e.certification_info));
    } else if (e.certification_info.size() == 1) {
        o.emplace("certificationInfo", e.certification_info.front());
    }
    if (e.error_declaration) {
        const ErrorDeclaration& ed = *e.error_declaration;
        json::object eo(sp_);
        eo.emplace("declarationTime", ed.declaration_time.ToString());
        if (ed.reason) eo.emplace("reason", CbvOut(cbv::Vocab::kErrorReason, *ed.reason));
        if (ed.has_corrective_event_ids || !ed.corrective_event_ids.empty()) {
            eo.emplace("correctiveEventIDs", Strings(ed.corrective_event_ids));
        }
        PutExtensions(eo, ed.extensions);
        o.emplace("errorDeclaration", std::move(eo));
    }
    const auto put_biz_transactions = [&] {
        if (!e.present.biz_transaction_list && e.biz_transaction_list.empty()) return;
        json::array a(sp_);
        a.reserve(e.biz_transaction_list.size());
        for (const auto& bt : e.biz_transaction_list) {
            json::object bo(sp_);
            if (bt.type) bo.emplace("type", CbvOut(cbv::Vocab::kBizTransactionType, *bt.type));
            bo.emplace("bizTransaction", bt.value);
            a.emplace_back(std::move(bo));
        }
        o.emplace("bizTransactionList", std::move(a));
    };
    if (e.type == EventType::kTransactionEvent) put_biz_transactions();
    PutString(o, "parentID", e.parent_id);
    if (e.present.epc_list || !e.epc_list.empty()) o.emplace("epcList", Strings(e.epc_list));
    if (e.present.child_epcs || !e.child_epcs.empty()) o.emplace("childEPCs", Strings(e.child_epcs));
    if (e.present.input_epc_list || !e.input_epc_list.empty()) o.emplace("inputEPCList", Strings(e.input_epc_list));
    if (e.present.input_quantity_list || !e.input_quantity_list.empty()) {
        o.emplace("inputQuantityList", Quantities(e.input_quantity_list));
    }
    if (e.present.output_epc_list || !e.output_epc_list.empty()) {
        o.emplace("outputEPCList", Strings(e.output_epc_list));
    }
    if (e.present.output_quantity_list || !e.output_quantity_list.empty()) {
        o.emplace("outputQuantityList", Quantities(e.output_quantity_list));
    }
    if (e.present.quantity_list || !e.quantity_list.empty()) o.emplace("quantityList", Quantities(e.quantity_list));
    if (e.present.child_quantity_list || !e.child_quantity_list.empty()) {
        o.emplace("childQuantityList", Quantities(e.child_quantity_list));
    }
    PutString(o, "transformationID", e.transformation_id);
    if (e.action) o.emplace("action", ActionName(*e.action));
    if (e.biz_step) o.emplace("bizStep", CbvOut(cbv::Vocab::kBizStep, *e.biz_step));
    if (e.disposition) o.emplace("disposition", CbvOut(cbv::Vocab::kDisposition, *e.disposition));
    if (e.persistent_disposition) {
        json::object po(sp_);
        const auto words = [this](const std::vector<std::string>& list) {
            json::array a(sp_);
            for (const auto& s : list) a.emplace_back(CbvOut(cbv::Vocab::kDisposition, s));
            return a;
        };
        if (!e.persistent_disposition->set.empty()) po.emplace("set", words(e.persistent_disposition->set));
        if (!e.persistent_disposition->unset.empty()) po.emplace("unset", words(e.persistent_disposition->unset));
        o.emplace("persistentDisposition", std::move(po));
    }
    if (e.read_point) o.emplace("readPoint", LocationObject(*e.read_point));
    if (e.biz_location) o.emplace("bizLocation", LocationObject(*e.biz_location));
    if (e.type != EventType::kTransactionEvent) put_biz_transactions();
    const auto source_dest = [&](std::string_view list_name, std::string_view member,
                                 const std::vector<SourceDest>& list, bool present) {
        if (!present && list.empty()) return;
        json::array a(sp_);
        a.reserve(list.size());
        for (const auto& sd : list) {
            json::object so(sp_);
            so.emplace("type", CbvOut(cbv::Vocab::kSourceDestType, sd.type));
            so.emplace(member, sd.value);
            a.emplace_back(std::move(so));
        }
        o.emplace(list_name, std::move(a));
    };
    source_dest("sourceList", "source", e.source_list, e.present.source_list);
    source_dest("destinationList", "destination", e.destination_list, e.present.destination_list);
    if (e.present.sensor_element_list || !e.sensor_element_list.empty()) {
        o.emplace("sensorElementList", SensorElementArray(e.sensor_element_list));
    }
    if (e.ilmd) {
        json::object io(sp_);
        PutExtensions(io, *e.ilmd);
        o.emplace("ilmd", std::move(io));
    }
    if (e.comments.size() == 1) {
        o.emplace("rdfs:comment", e.comments.front());
    } else if (!e.comments.empty()) {
        o.emplace("rdfs:comment", Strings(e.comments));
    }
    PutExtensions(o, e.extensions);

    if (e.namespaces.empty() && added.empty()) return o;
    json::object out(sp_);
    out.reserve(o.size() + 1);
    out.emplace("@context", ContextArray({}, {&e.namespaces, &added}));
    for (auto& member : o) out.emplace(member.key(), std::move(member.value()));
    return out;
}

json::value Encoder::DocumentValue(const Document& doc) {
    // A document with no @context of its own (read from XML, or built by code) gets the EPCIS
    // context and, at document level, the declarations its extensions need.
    const bool own_context = !doc.context_urls.empty();
    std::vector<NamespaceDecl> doc_added;

    if (doc.kind == DocumentKind::kBareEvent && doc.events.size() == 1) {
        json::object ev = EventObject(doc.events.front(), &doc.namespaces, &doc_added);
        const std::vector<std::string> default_urls{std::string(kDefaultContextUrl)};
        json::array context = ContextArray(own_context ? doc.context_urls : default_urls,
                                           {&doc.namespaces, &doc.events.front().namespaces, &doc_added});
        json::object out(sp_);
        out.reserve(ev.size() + 1);
        out.emplace("@context", std::move(context));
        for (auto& member : ev) {
            if (member.key() != "@context") out.emplace(member.key(), std::move(member.value()));
        }
        return out;
    }

    json::array events(sp_);
    events.reserve(doc.events.size());
    for (const auto& e : doc.events) {
        events.emplace_back(EventObject(e, &doc.namespaces, own_context ? nullptr : &doc_added));
    }

    scope_ = PrefixScope();
    scope_.Push(&doc.namespaces);
    scope_.Push(&doc_added);
    added_ = &doc_added;
    json::object extensions(sp_);
    PutExtensions(extensions, doc.extensions);
    json::object header(sp_);
    if (doc.kind != DocumentKind::kEpcisQueryDocument) {
        if (!doc.master_data.empty()) {
            json::object md(sp_);
            md.emplace("vocabularyList", VocabularyArray(doc.master_data));
            header.emplace("epcisMasterData", std::move(md));
        }
        PutExtensions(header, doc.header_extensions);
    }

    json::object o(sp_);
    const std::vector<std::string> default_urls{std::string(kDefaultContextUrl)};
    o.emplace("@context", ContextArray(own_context ? doc.context_urls : default_urls, {&doc.namespaces, &doc_added}));
    PutString(o, "id", doc.id);
    if (doc.kind == DocumentKind::kEpcisQueryDocument) {
        o.emplace("type", "EPCISQueryDocument");
        if (!doc.schema_version.empty()) o.emplace("schemaVersion", doc.schema_version);
        PutTime(o, "creationDate", doc.creation_date);
        json::object results(sp_);
        PutString(results, "subscriptionID", doc.subscription_id);
        // queryName is required; SimpleEventQuery is the one query the standard defines.
        results.emplace("queryName", doc.query_name.value_or("SimpleEventQuery"));
        for (auto& member : extensions) results.emplace(member.key(), std::move(member.value()));
        json::object results_body(sp_);
        results_body.emplace("eventList", std::move(events));
        if (!doc.master_data.empty()) results_body.emplace("vocabularyList", VocabularyArray(doc.master_data));
        results.emplace("resultsBody", std::move(results_body));
        json::object body(sp_);
        body.emplace("queryResults", std::move(results));
        o.emplace("epcisBody", std::move(body));
        return o;
    }
    o.emplace("type", "EPCISDocument");
    o.emplace("schemaVersion", doc.schema_version.empty() ? std::string("2.0") : doc.schema_version);
    PutTime(o, "creationDate", doc.creation_date);
    PutString(o, "instanceIdentifier", doc.instance_identifier);
    PutString(o, "sender", doc.sender);
    PutString(o, "receiver", doc.receiver);
    if (doc.has_header || !header.empty()) o.emplace("epcisHeader", std::move(header));
    json::object body(sp_);
    body.emplace("eventList", std::move(events));
    o.emplace("epcisBody", std::move(body));
    for (auto& member : extensions) o.emplace(member.key(), std::move(member.value()));
    return o;
}

}  // namespace

// Memory for the transient JSON tree, kept per thread between calls. Returning a multi-megabyte
// tree to malloc after every document makes glibc give the pages back to the kernel and fault
// them in again on the next document, which cost more than the parse itself (5x on a 1,000-event
// document). The buffer grows to what the last tree needed, up to kMaxArenaBytes.
class ArenaBuffer {
  public:
    static constexpr std::size_t kInitialBytes = 64u << 10;
    static constexpr std::size_t kMaxArenaBytes = 16u << 20;

    unsigned char* data() { return data_.get(); }
    std::size_t size() const { return size_; }
    // Called after a parse that needed `overflow` bytes beyond the buffer.
    void Grow(std::size_t overflow) {
        if (overflow == 0 || size_ >= kMaxArenaBytes) return;
        const std::size_t wanted = std::min(kMaxArenaBytes, std::max(2 * size_, size_ + overflow + overflow / 4));
        data_ = std::make_unique<unsigned char[]>(wanted);
        size_ = wanted;
    }

  private:
    std::unique_ptr<unsigned char[]> data_ = std::make_unique<unsigned char[]>(kInitialBytes);
    std::size_t size_ = kInitialBytes;
};

// Counts what the arena takes from the heap beyond its buffer, to size the buffer next time.
class CountingResource final : public json::memory_resource {
  public:
    std::size_t allocated() const { return allocated_; }

  private:
    void* do_allocate(std::size_t n, std::size_t align) override {
        allocated_ += n;
        return ::operator new(n, std::align_val_t(align));
    }
    void do_deallocate(void* p, std::size_t, std::size_t align) override {
        ::operator delete(p, std::align_val_t(align));
    }
    bool do_is_equal(const json::memory_resource& other) const noexcept override { return this == &other; }
    std::size_t allocated_ = 0;
};

Result<Document> DecodeJsonDocument(std::string_view text, const DecodeLimits& limits) {
    if (text.size() > limits.max_document_bytes) {
        return MakeError(ErrorCode::kTooLarge, "", "limit.document_bytes",
                         "The document is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                             std::to_string(limits.max_document_bytes) + " bytes.");
    }
    thread_local ArenaBuffer buffer;
    thread_local bool in_use = false;
    // Not reentrant per thread; a nested call (none today) would fall back to a fresh buffer.
    std::optional<ArenaBuffer> own;
    ArenaBuffer& arena_buffer = in_use ? own.emplace() : buffer;
    struct InUse {
        bool& flag;
        bool was;
        ~InUse() { flag = was; }
    } in_use_guard{in_use, in_use};
    in_use = true;

    CountingResource upstream;
    std::size_t overflow = 0;
    Result<Document> result = Document{};
    {
        // The tree lives only for this block: a monotonic arena makes its many small allocations
        // cheap and frees them at once.
        json::monotonic_resource arena(arena_buffer.data(), arena_buffer.size(), &upstream);
        auto root = json_internal::ReadJson(text, limits, json::storage_ptr(&arena));
        if (!root) {
            result = root.error();
        } else {
            Decoder decoder(limits, true);
            if (!decoder.DecodeRoot(*root, *result)) result = decoder.TakeError();
        }
        overflow = upstream.allocated();
    }
    arena_buffer.Grow(overflow);
    return result;
}

Result<Event> DecodeJsonEvent(const json::object& obj, std::string_view where, const DecodeLimits& limits) {
    Event event;
    Decoder decoder(limits, false);
    decoder.SetPath(where);
    if (!decoder.DecodeEvent(obj, event)) return decoder.TakeError();
    return event;
}

std::string EncodeJsonDocument(const Document& doc) {
    // The DOM lives only until it is written: build it in an arena that starts on the stack.
    alignas(std::max_align_t) unsigned char buffer[16384];
    json::monotonic_resource arena(buffer, sizeof buffer);
    std::string out;
    {
        Encoder encoder(true, json::storage_ptr(&arena));
        const json::value v = encoder.DocumentValue(doc);
        out.reserve(512 + 512 * doc.events.size());
        json_internal::WriteJson(v, out);
    }
    if (out.capacity() > 2 * out.size() + 256) out.shrink_to_fit();
    return out;
}

json::object EncodeJsonEvent(const Event& event) {
    Encoder encoder(false);
    return encoder.EventObject(event, nullptr, nullptr);
}

}  // namespace txng::epcis
