// Decoder of the EPCIS XML binding. pugixml builds the DOM (no namespace support, no DTD or
// entity processing); this file resolves namespaces itself, walks the tree once and fills the
// model, stopping at the first error. Functions return false after recording that error in
// `error_`, which keeps the normal path free of exceptions and of Result<> plumbing.

#include "epcis/xml_codec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "epcis/xml_binding.hpp"

namespace txng::epcis {
namespace {

using xml::Field;
using xml::IsStandardNamespace;

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && IsXmlSpace(s[b])) ++b;
    while (e > b && IsXmlSpace(s[e - 1])) --e;
    return s.substr(b, e - b);
}

bool IsBlank(std::string_view s) {
    for (char c : s) {
        if (!IsXmlSpace(c)) return false;
    }
    return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// xsd:decimal or xsd:double lexical form (without INF/NaN, which JSON cannot carry).
bool ParseXsdNumber(std::string_view s, double* out) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t digits = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        std::size_t exponent_digits = 0;
        while (i < s.size() && IsDigit(s[i])) ++i, ++exponent_digits;
        if (exponent_digits == 0) return false;
    }
    if (i != s.size()) return false;
    // from_chars takes no leading '+'.
    const std::string_view body = s.front() == '+' ? s.substr(1) : s;
    double value = 0;
    auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
    if (ec != std::errc() || end != body.data() + body.size() || !std::isfinite(value)) return false;
    *out = value;
    return true;
}

bool ParseXsdBoolean(std::string_view s, bool* out) {
    if (s == "true" || s == "1") {
        *out = true;
        return true;
    }
    if (s == "false" || s == "0") {
        *out = false;
        return true;
    }
    return false;
}

// Lower-case ASCII comparison, for encoding names.
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// The encoding named by the XML declaration, if any (`<?xml version="1.0" encoding="..."?>`).
std::string_view DeclaredEncoding(std::string_view text) {
    if (text.substr(0, 5) != "<?xml") return {};
    const std::string_view decl = text.substr(0, text.find("?>"));
    const auto at = decl.find("encoding");
    if (at == std::string_view::npos) return {};
    const auto quote = decl.find_first_of("\"'", at);
    if (quote == std::string_view::npos) return {};
    const auto end = decl.find(decl[quote], quote + 1);
    if (end == std::string_view::npos) return {};
    return decl.substr(quote + 1, end - quote - 1);
}

// Offset of the first byte XML 1.0 does not allow that pugixml would let through: a C0 control
// character other than tab, LF and CR, or (when `utf8`) a malformed UTF-8 sequence. npos if none.
std::size_t FindForbiddenByte(std::string_view text, bool utf8) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    auto continuation = [&](std::size_t k, unsigned char lo, unsigned char hi) {
        return k < n && p[k] >= lo && p[k] <= hi;
    };
    while (i < n) {
        const unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80) {
            ++i;
            continue;
        }
        if (c < 0x20) {
            if (c != '\t' && c != '\n' && c != '\r') return i;
            ++i;
            continue;
        }
        if (!utf8) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = continuation(i + 1, 0x80, 0xBF) ? 2 : 0;
        } else if (c == 0xE0) {
            length = continuation(i + 1, 0xA0, 0xBF) && continuation(i + 2, 0x80, 0xBF) ? 3 : 0;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            length = continuation(i + 1, 0x80, 0xBF) && continuation(i + 2, 0x80, 0xBF) ? 3 : 0;
        } else if (c == 0xED) {
            length = continuation(i + 1, 0x80, 0x9F) && continuation(i + 2, 0x80, 0xBF) ? 3 : 0;
        } else if (c == 0xF0) {
            length =
                continuation(i + 1, 0x90, 0xBF) && continuation(i + 2, 0x80, 0xBF) && continuation(i + 3, 0x80, 0xBF)
                    ? 4
                    : 0;
        } else if (c >= 0xF1 && c <= 0xF3) {
            length =
                continuation(i + 1, 0x80, 0xBF) && continuation(i + 2, 0x80, 0xBF) && continuation(i + 3, 0x80, 0xBF)
                    ? 4
                    : 0;
        } else if (c == 0xF4) {
            length =
                continuation(i + 1, 0x80, 0x8F) && continuation(i + 2, 0x80, 0xBF) && continuation(i + 3, 0x80, 0xBF)
                    ? 4
                    : 0;
        }
        if (length == 0) return i;
        i += length;
    }
    return std::string_view::npos;
}

// 1-based line and column of `offset` in `text`, for syntax errors.
std::string Position(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::pair<std::string_view, std::string_view> SplitQName(std::string_view name) {
    const auto colon = name.find(':');
    if (colon == std::string_view::npos) return {{}, name};
    return {name.substr(0, colon), name.substr(colon + 1)};
}

// A QName of the Namespaces in XML recommendation: at most one colon, with text on both sides.
bool IsQName(std::string_view name) {
    const auto colon = name.find(':');
    if (colon == std::string_view::npos) return !name.empty();
    return colon > 0 && colon + 1 < name.size() && name.find(':', colon + 1) == std::string_view::npos;
}

// `xmlns` or `xmlns:p`; sets *prefix to "" or "p".
bool IsNamespaceDeclaration(std::string_view name, std::string_view* prefix) {
    if (name.size() < 5 || name.substr(0, 5) != "xmlns") return false;
    if (name.size() == 5) {
        *prefix = {};
        return true;
    }
    if (name[5] != ':') return false;
    *prefix = name.substr(6);
    return true;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

struct QName {
    std::string_view prefix;
    std::string_view local;
    std::string_view ns;
};

class Decoder {
  public:
    Decoder(const DecodeLimits& limits, const XmlDecodeOptions& options)
        : limits_(limits), strict_(options.strict_element_order) {}

    Result<Document> Run(std::string_view text);

  private:
    struct Decl {
        std::string_view prefix;
        std::string_view uri;
    };
    struct Frame {
        std::string_view name;  // as shown in error paths
        int index;              // 1-based position for `[n]`, 0 for none
        std::size_t ns_mark;    // ns_.size() before this element's declarations
    };

    // Scope of one element: its namespace declarations and its path segment, undone on leaving.
    class [[nodiscard]] Entered {
      public:
        Entered(Decoder* decoder, bool ok) : decoder_(decoder), ok_(ok) {}
        Entered(const Entered&) = delete;
        Entered& operator=(const Entered&) = delete;
        ~Entered() { decoder_->Leave(); }
        explicit operator bool() const { return ok_; }

      private:
        Decoder* decoder_;
        bool ok_;
    };

    // Per-event state while its children (possibly inside 1.x <extension> wrappers) are read.
    struct EventState {
        Event* event;
        std::span<const Field> sequence;
        int last_rank = -1;
        std::string_view last_name;
        std::uint32_t seen = 0;
        bool seen_extension = false;
    };

    static std::uint32_t Bit(Field f) { return std::uint32_t{1} << static_cast<unsigned>(f); }

    // --- scopes, names, errors
    Entered Enter(pugi::xml_node node, int index, QName* q);
    void Leave() {
        ns_.resize(frames_.back().ns_mark);
        frames_.pop_back();
    }
    std::optional<std::string_view> Lookup(std::string_view prefix) const;
    bool ResolveAttribute(pugi::xml_attribute a, QName* q, bool* is_declaration);
    std::string Path() const;
    bool Fail(std::string_view rule, std::string detail, std::string_view value = {});
    bool FailAttribute(std::string_view attribute, std::string_view rule, std::string detail,
                       std::string_view value = {});
    bool TooLarge(std::string_view rule, std::string detail);
    std::string_view CurrentName() const { return frames_.back().name; }
    void CollectNamespaces(std::size_t from, std::vector<NamespaceDecl>* out) const;

    // --- content helpers
    bool CheckText(pugi::xml_node child);
    bool ReadText(pugi::xml_node node, std::string_view* view, std::string* storage);
    bool ReadText(pugi::xml_node node, std::string* out);
    bool ReadAttributeValue(pugi::xml_attribute a, std::string_view name, std::string_view* out);
    bool StandardAttributes(pugi::xml_node node, bool* nil = nullptr);
    bool NoContent(pugi::xml_node node);
    bool ReadDateTime(pugi::xml_node node, DateTime* out);
    bool ReadOrder(bool out_of_order, std::string_view before, std::string_view after);

    // --- extensions
    bool ParseExtensionValue(pugi::xml_node node, ExtensionValue* value, std::string_view skip_attribute = {});
    bool ParseExtensionField(pugi::xml_node node, const QName& q, ExtensionField* field);
    bool ParseExtensionWrapper(pugi::xml_node node, Extensions* out);

    // --- events
    bool ParseEventList(pugi::xml_node node);
    bool ParseEventElement(pugi::xml_node node, EventType type, Event* event);
    bool ParseEventContent(pugi::xml_node node, EventState& st);
    bool ParseField(pugi::xml_node node, Field field, Event* event);
    bool ParseEpcList(pugi::xml_node node, std::vector<std::string>* out);
    bool ParseQuantityList(pugi::xml_node node, std::vector<QuantityElement>* out);
    bool ParseQuantityElement(pugi::xml_node node, QuantityElement* out);
    bool ParseLocation(pugi::xml_node node, Location* out);
    bool ParseBizTransactionList(pugi::xml_node node, std::vector<BizTransaction>* out);
    bool ParseSourceDestList(pugi::xml_node node, std::string_view item_name, std::vector<SourceDest>* out);
    bool ParsePersistentDisposition(pugi::xml_node node, PersistentDisposition* out);
    bool ParseErrorDeclaration(pugi::xml_node node, ErrorDeclaration* out);
    bool ParseSensorElementList(pugi::xml_node node, std::vector<SensorElement>* out);
    bool ParseSensorElement(pugi::xml_node node, SensorElement* out);
    bool ParseSensorMetadata(pugi::xml_node node, SensorMetadata* out);
    bool ParseSensorReport(pugi::xml_node node, SensorReport* out);

    // --- documents
    bool ParseRoot(pugi::xml_node root);
    bool ParseRootAttributes(pugi::xml_node root);
    bool ParseDocumentChildren(pugi::xml_node root);
    bool ParseHeader(pugi::xml_node node);
    bool ParseHeaderExtension(pugi::xml_node node);
    bool ParseSbdh(pugi::xml_node node);
    bool ParseBody(pugi::xml_node node);
    bool ParseQueryResults(pugi::xml_node node);
    bool ParseQueryResultsMember(pugi::xml_node node, std::string_view local);
    bool ParseResultsBody(pugi::xml_node node);
    bool ParseEpcisMasterData(pugi::xml_node node);
    bool ParseVocabularyList(pugi::xml_node node, std::vector<Vocabulary>* out);
    bool ParseVocabulary(pugi::xml_node node, Vocabulary* out);
    bool ParseVocabularyElement(pugi::xml_node node, VocabularyElement* out);
    bool ParseIdList(pugi::xml_node node, std::vector<std::string>* out);

    const DecodeLimits& limits_;
    const bool strict_;
    std::vector<Decl> ns_;
    std::vector<Frame> frames_;
    std::optional<Error> error_;
    // Declarations of ns_ at or past this index are below the root element (EPCISBody, EventList,
    // the event itself...); they belong to the events' namespace lists.
    std::size_t root_ns_end_ = 0;
    std::size_t event_count_ = 0;
    Document doc_;
};

// -------------------------------------------------------------------------------------------------
// Scopes, names, errors

Decoder::Entered Decoder::Enter(pugi::xml_node node, int index, QName* q) {
    const std::size_t mark = ns_.size();
    std::string_view duplicate;
    std::string_view bad_name;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        if (!IsQName(a.name())) bad_name = a.name();
        // pugixml does not enforce unique attribute names, which well-formed XML requires.
        for (pugi::xml_attribute b = node.first_attribute(); b != a; b = b.next_attribute()) {
            if (std::strcmp(a.name(), b.name()) == 0) duplicate = a.name();
        }
        std::string_view prefix;
        if (IsNamespaceDeclaration(a.name(), &prefix)) ns_.push_back({prefix, a.value()});
    }
    const std::string_view qualified = node.name();
    auto [prefix, local] = SplitQName(qualified);
    frames_.push_back({qualified, index, mark});
    q->prefix = prefix;
    q->local = local;
    q->ns = {};
    if (!IsQName(qualified)) bad_name = qualified;
    if (!bad_name.empty()) {
        return {this, Fail("xml.namespace",
                           "The name " + std::string(bad_name) +
                               " is not a qualified name (prefix:local with a single colon).",
                           bad_name)};
    }
    if (!duplicate.empty()) {
        return {this, Fail("xml.syntax",
                           "The element " + std::string(qualified) + " has the attribute " + std::string(duplicate) +
                               " more than once.",
                           duplicate)};
    }
    if (frames_.size() > limits_.max_depth) {
        return {this, TooLarge("limits.max_depth", "The XML elements are nested deeper than the limit of " +
                                                       std::to_string(limits_.max_depth) + " levels.")};
    }
    const auto ns = Lookup(prefix);
    if (!ns) {
        return {this, Fail("xml.namespace",
                           "The element " + std::string(qualified) + " uses the prefix " + Quote(prefix) +
                               ", which no xmlns declaration binds.",
                           qualified)};
    }
    q->ns = *ns;
    // Paths name standard elements by their local name (EPCISDocument, not epcis:EPCISDocument).
    if (IsStandardNamespace(q->ns)) frames_.back().name = local;
    return {this, true};
}

std::optional<std::string_view> Decoder::Lookup(std::string_view prefix) const {
    if (prefix == "xml") return xml::kNsXml;
    for (auto it = ns_.rbegin(); it != ns_.rend(); ++it) {
        if (it->prefix == prefix) return it->uri;
    }
    if (prefix.empty()) return std::string_view{};
    return std::nullopt;
}

bool Decoder::ResolveAttribute(pugi::xml_attribute a, QName* q, bool* is_declaration) {
    const std::string_view name = a.name();
    std::string_view declared;
    *is_declaration = IsNamespaceDeclaration(name, &declared);
    if (*is_declaration) return true;
    auto [prefix, local] = SplitQName(name);
    q->prefix = prefix;
    q->local = local;
    q->ns = {};
    // Unprefixed attributes are in no namespace (the default namespace does not apply to them).
    if (prefix.empty()) return true;
    const auto ns = Lookup(prefix);
    if (!ns) {
        return FailAttribute(name, "xml.namespace",
                             "The attribute " + std::string(name) + " uses the prefix " + Quote(prefix) +
                                 ", which no xmlns declaration binds.",
                             name);
    }
    q->ns = *ns;
    return true;
}

std::string Decoder::Path() const {
    std::string out;
    for (const Frame& f : frames_) {
        if (!out.empty()) out += '/';
        out += f.name;
        if (f.index > 0) {
            out += '[';
            out += std::to_string(f.index);
            out += ']';
        }
    }
    return out;
}

bool Decoder::Fail(std::string_view rule, std::string detail, std::string_view value) {
    if (!error_) error_ = InvalidArgument(Path(), std::string(rule), std::move(detail), value);
    return false;
}

bool Decoder::FailAttribute(std::string_view attribute, std::string_view rule, std::string detail,
                            std::string_view value) {
    if (!error_) {
        error_ = InvalidArgument(Path() + "/@" + std::string(attribute), std::string(rule), std::move(detail), value);
    }
    return false;
}

bool Decoder::TooLarge(std::string_view rule, std::string detail) {
    if (!error_) error_ = MakeError(ErrorCode::kTooLarge, Path(), std::string(rule), std::move(detail));
    return false;
}

void Decoder::CollectNamespaces(std::size_t from, std::vector<NamespaceDecl>* out) const {
    for (std::size_t i = from; i < ns_.size(); ++i) {
        if (xml::IsBindingNamespace(ns_[i].uri)) continue;
        out->push_back({std::string(ns_[i].prefix), std::string(ns_[i].uri)});
    }
}

// -------------------------------------------------------------------------------------------------
// Content helpers

// A non-element child of an element that has element content: only whitespace may appear there.
bool Decoder::CheckText(pugi::xml_node child) {
    const auto type = child.type();
    if ((type == pugi::node_pcdata || type == pugi::node_cdata) && !IsBlank(child.value())) {
        return Fail("xml.content",
                    "The element " + std::string(CurrentName()) + " holds child elements; text is not allowed in it.",
                    Trim(child.value()));
    }
    return true;
}

bool Decoder::ReadText(pugi::xml_node node, std::string_view* view, std::string* storage) {
    std::string_view single;
    int pieces = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto type = c.type();
        if (type == pugi::node_element) {
            return Fail("xml.content",
                        "The element " + std::string(CurrentName()) + " must hold text, not child elements.", c.name());
        }
        if (type != pugi::node_pcdata && type != pugi::node_cdata) continue;
        if (pieces == 0) {
            single = c.value();
        } else {
            if (pieces == 1) storage->assign(single);
            storage->append(c.value());
        }
        ++pieces;
    }
    const std::string_view text = Trim(pieces > 1 ? std::string_view(*storage) : single);
    if (text.size() > limits_.max_string_bytes) {
        return TooLarge("limits.max_string_bytes", "The text of " + std::string(CurrentName()) +
                                                       " is longer than the limit of " +
                                                       std::to_string(limits_.max_string_bytes) + " bytes.");
    }
    *view = text;
    return true;
}

bool Decoder::ReadText(pugi::xml_node node, std::string* out) {
    std::string_view view;
    std::string storage;
    if (!ReadText(node, &view, &storage)) return false;
    out->assign(view);
    return true;
}

bool Decoder::ReadAttributeValue(pugi::xml_attribute a, std::string_view name, std::string_view* out) {
    const std::string_view value = Trim(a.value());
    if (value.size() > limits_.max_string_bytes) {
        if (!error_) {
            error_ = MakeError(ErrorCode::kTooLarge, Path() + "/@" + std::string(name), "limits.max_string_bytes",
                               "The attribute " + std::string(name) + " is longer than the limit of " +
                                   std::to_string(limits_.max_string_bytes) + " bytes.");
        }
        return false;
    }
    *out = value;
    return true;
}

// Standard elements carry no attributes of their own except namespace declarations and xsi:*
// (schema hints); `nil` receives xsi:nil when asked for.
bool Decoder::StandardAttributes(pugi::xml_node node, bool* nil) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        QName q;
        bool declaration = false;
        if (!ResolveAttribute(a, &q, &declaration)) return false;
        if (declaration) continue;
        if (q.ns == xml::kNsXsi) {
            if (nil != nullptr && q.local == "nil") {
                const std::string_view v = Trim(a.value());
                *nil = v == "true" || v == "1";
            }
            continue;
        }
        return FailAttribute(a.name(), "xml.unknown_attribute",
                             "The element " + std::string(CurrentName()) + " has no attribute " + a.name() + ".",
                             a.name());
    }
    return true;
}

// Elements whose data is in their attributes (sensorMetadata, sensorReport).
bool Decoder::NoContent(pugi::xml_node node) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto type = c.type();
        if (type == pugi::node_element ||
            ((type == pugi::node_pcdata || type == pugi::node_cdata) && !IsBlank(c.value()))) {
            return Fail(
                "xml.content",
                "The element " + std::string(CurrentName()) + " carries its data in attributes; it must be empty.",
                type == pugi::node_element ? std::string_view(c.name()) : Trim(c.value()));
        }
    }
    return true;
}

bool Decoder::ReadDateTime(pugi::xml_node node, DateTime* out) {
    std::string_view text;
    std::string storage;
    if (!ReadText(node, &text, &storage)) return false;
    auto parsed = DateTime::Parse(text);
    if (!parsed) {
        return Fail("date_time.format",
                    "The element " + std::string(CurrentName()) +
                        " must be a date-time with a time zone, such as 2024-05-01T10:00:00.000+07:00.",
                    text);
    }
    *out = *parsed;
    return true;
}

// Strict mode only: reports `after` (the current element) appearing after `before`.
bool Decoder::ReadOrder(bool out_of_order, std::string_view before, std::string_view after) {
    if (!strict_ || !out_of_order) return true;
    return Fail("xml.element_order",
                "The element " + std::string(after) + " must come before " + std::string(before) +
                    " (EPCIS 2.0 XML schema order).",
                after);
}

// -------------------------------------------------------------------------------------------------
// Extensions

bool Decoder::ParseExtensionValue(pugi::xml_node node, ExtensionValue* value, std::string_view skip_attribute) {
    bool nil = false;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        QName q;
        bool declaration = false;
        if (!ResolveAttribute(a, &q, &declaration)) return false;
        if (declaration) continue;
        if (q.ns.empty() && !skip_attribute.empty() && q.local == skip_attribute) continue;
        std::string_view text;
        if (!ReadAttributeValue(a, a.name(), &text)) return false;
        if (q.ns == xml::kNsXsi && q.local == "nil" && (text == "true" || text == "1")) {
            nil = true;
            continue;
        }
        ExtensionField attribute{std::string(q.ns), std::string(q.prefix), std::string(q.local), {}};
        attribute.value.text.assign(text);
        value->attributes.push_back(std::move(attribute));
    }

    std::string_view single;
    std::string joined;
    int pieces = 0;
    bool has_elements = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        const auto type = c.type();
        if (type == pugi::node_element) {
            has_elements = true;
            QName q;
            Entered entered = Enter(c, 0, &q);
            if (!entered) return false;
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            value->fields.push_back(std::move(field));
        } else if (type == pugi::node_pcdata || type == pugi::node_cdata) {
            if (pieces == 0) {
                single = c.value();
            } else {
                if (pieces == 1) joined.assign(single);
                joined.append(c.value());
            }
            ++pieces;
        }
    }
    const std::string_view text = Trim(pieces > 1 ? std::string_view(joined) : single);
    if (text.size() > limits_.max_string_bytes) {
        return TooLarge("limits.max_string_bytes", "The text of " + std::string(CurrentName()) +
                                                       " is longer than the limit of " +
                                                       std::to_string(limits_.max_string_bytes) + " bytes.");
    }
    if (has_elements && !text.empty()) {
        return Fail("xml.content",
                    "The extension element " + std::string(CurrentName()) +
                        " mixes text and child elements, which the EPCIS model cannot hold.",
                    text);
    }
    if (nil) {
        if (has_elements || !text.empty()) {
            return Fail("xml.content",
                        "The element " + std::string(CurrentName()) + " is marked xsi:nil=\"true\" but has content.");
        }
        value->kind = ExtensionValue::Kind::kNull;
    } else if (has_elements) {
        value->kind = ExtensionValue::Kind::kObject;
    } else {
        value->kind = ExtensionValue::Kind::kString;
        value->text.assign(text);
    }
    return true;
}

// `node` has been entered and resolved to `q` by the caller.
bool Decoder::ParseExtensionField(pugi::xml_node node, const QName& q, ExtensionField* field) {
    field->ns.assign(q.ns);
    field->prefix.assign(q.prefix);
    field->name.assign(q.local);
    return ParseExtensionValue(node, &field->value);
}

// <extension> of a standard structure (1.x style) or <ilmd>: namespaced elements are extension
// fields; an inner <extension> continues the list.
bool Decoder::ParseExtensionWrapper(pugi::xml_node node, Extensions* out) {
    if (!StandardAttributes(node)) return false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (IsStandardNamespace(q.ns)) {
            if (q.local == "extension") {
                if (!ParseExtensionWrapper(c, out)) return false;
                continue;
            }
            return Fail("xml.unknown_element",
                        "The element " + std::string(q.local) +
                            " is not part of EPCIS here; user extensions must be in a namespace of their own.",
                        c.name());
        }
        ExtensionField field;
        if (!ParseExtensionField(c, q, &field)) return false;
        out->push_back(std::move(field));
    }
    return true;
}

// -------------------------------------------------------------------------------------------------
// Events

bool Decoder::ParseEventList(pugi::xml_node node) {
    if (!StandardAttributes(node)) return false;
    // Events are large; growing the vector one reallocation at a time costs more than this count.
    std::size_t children = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) children += c.type() == pugi::node_element;
    doc_.events.reserve(doc_.events.size() + std::min(children, limits_.max_events));
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, ++index, &q);
        if (!entered) return false;
        std::optional<EventType> type;
        if (IsStandardNamespace(q.ns)) {
            // EPCIS 1.x wrapped the newer event types in <extension>.
            if (q.local == "extension") {
                if (!ParseEventList(c)) return false;
                continue;
            }
            type = xml::EventTypeByName(q.local);
        }
        if (!type) {
            return Fail("xml.unknown_element",
                        "EventList holds ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent and "
                        "AssociationEvent elements; " +
                            std::string(c.name()) + " is not one of them.",
                        c.name());
        }
        if (++event_count_ > limits_.max_events) {
            return TooLarge("limits.max_events", "The document holds more than the limit of " +
                                                     std::to_string(limits_.max_events) + " events.");
        }
        // Parsed in place: an Event is over a kilobyte, moving it is not free.
        if (!ParseEventElement(c, *type, &doc_.events.emplace_back())) return false;
    }
    return true;
}

bool Decoder::ParseEventElement(pugi::xml_node node, EventType type, Event* event) {
    event->type = type;
    CollectNamespaces(root_ns_end_, &event->namespaces);
    if (!StandardAttributes(node)) return false;
    EventState st{event, xml::Sequence(type)};
    if (!ParseEventContent(node, st)) return false;

    const std::string_view type_name = EventTypeName(type);
    auto require = [&](Field f) {
        if (st.seen & Bit(f)) return true;
        return Fail("xml.required", "The " + std::string(type_name) + " has no " + std::string(xml::FieldName(f)) +
                                        " element, which it requires.");
    };
    if (!require(Field::kEventTime) || !require(Field::kEventTimeZoneOffset)) return false;
    if (type != EventType::kTransformationEvent && !require(Field::kAction)) return false;
    if (type == EventType::kTransactionEvent && !require(Field::kBizTransactionList)) return false;
    if (type == EventType::kAssociationEvent && !require(Field::kParentId)) return false;
    return true;
}

bool Decoder::ParseEventContent(pugi::xml_node node, EventState& st) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns)) {
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            st.event->extensions.push_back(std::move(field));
            st.seen_extension = true;
            continue;
        }
        // EPCIS 1.x moved newer elements into <baseExtension> / <extension>; their content
        // continues the event's sequence.
        if (q.local == "extension" || q.local == "baseExtension") {
            if (!StandardAttributes(c) || !ParseEventContent(c, st)) return false;
            continue;
        }
        const auto field = xml::FieldByName(q.local);
        const int rank = field ? xml::RankOf(st.sequence, *field) : -1;
        if (rank < 0) {
            return Fail("xml.unknown_element",
                        "The element " + std::string(q.local) + " is not part of " +
                            std::string(EventTypeName(st.event->type)) +
                            " in the EPCIS 2.0 XML schema; user extensions must be in a namespace of their own.",
                        q.local);
        }
        if ((st.seen & Bit(*field)) && *field != Field::kCertificationInfo) {
            return Fail("xml.duplicate",
                        "The element " + std::string(q.local) + " appears more than once in " +
                            std::string(EventTypeName(st.event->type)) + ".",
                        q.local);
        }
        if (strict_ && st.seen_extension) {
            return Fail("xml.element_order",
                        "The element " + std::string(q.local) +
                            " must come before the user extension elements of the event (EPCIS 2.0 XML schema order).",
                        q.local);
        }
        if (!ReadOrder(rank < st.last_rank, st.last_name, q.local)) return false;
        if (rank > st.last_rank) {
            st.last_rank = rank;
            st.last_name = q.local;
        }
        st.seen |= Bit(*field);
        if (!ParseField(c, *field, st.event)) return false;
    }
    return true;
}

bool Decoder::ParseField(pugi::xml_node node, Field field, Event* event) {
    auto text = [&](std::string* out) { return StandardAttributes(node) && ReadText(node, out); };
    auto optional_text = [&](std::optional<std::string>* out) {
        std::string value;
        if (!text(&value)) return false;
        *out = std::move(value);
        return true;
    };
    switch (field) {
        case Field::kEventTime:
            return StandardAttributes(node) && ReadDateTime(node, &event->event_time);
        case Field::kRecordTime: {
            DateTime t;
            if (!StandardAttributes(node) || !ReadDateTime(node, &t)) return false;
            event->record_time = t;
            return true;
        }
        case Field::kEventTimeZoneOffset:
            return text(&event->event_time_zone_offset);
        case Field::kEventId:
            return optional_text(&event->event_id);
        case Field::kErrorDeclaration:
            event->error_declaration.emplace();
            return ParseErrorDeclaration(node, &*event->error_declaration);
        case Field::kCertificationInfo: {
            std::string value;
            if (!text(&value)) return false;
            event->certification_info.push_back(std::move(value));
            event->certification_info_is_array = event->certification_info.size() > 1;
            return true;
        }
        case Field::kParentId:
            return optional_text(&event->parent_id);
        case Field::kEpcList:
            event->present.epc_list = true;
            return ParseEpcList(node, &event->epc_list);
        case Field::kChildEpcs:
            event->present.child_epcs = true;
            return ParseEpcList(node, &event->child_epcs);
        case Field::kInputEpcList:
            event->present.input_epc_list = true;
            return ParseEpcList(node, &event->input_epc_list);
        case Field::kOutputEpcList:
            event->present.output_epc_list = true;
            return ParseEpcList(node, &event->output_epc_list);
        case Field::kQuantityList:
            event->present.quantity_list = true;
            return ParseQuantityList(node, &event->quantity_list);
        case Field::kChildQuantityList:
            event->present.child_quantity_list = true;
            return ParseQuantityList(node, &event->child_quantity_list);
        case Field::kInputQuantityList:
            event->present.input_quantity_list = true;
            return ParseQuantityList(node, &event->input_quantity_list);
        case Field::kOutputQuantityList:
            event->present.output_quantity_list = true;
            return ParseQuantityList(node, &event->output_quantity_list);
        case Field::kTransformationId:
            return optional_text(&event->transformation_id);
        case Field::kAction: {
            std::string value;
            if (!text(&value)) return false;
            if (value == "ADD") {
                event->action = Action::kAdd;
            } else if (value == "OBSERVE") {
                event->action = Action::kObserve;
            } else if (value == "DELETE") {
                event->action = Action::kDelete;
            } else {
                return Fail("schema.enum", "The element action must be one of ADD, OBSERVE or DELETE.", value);
            }
            return true;
        }
        case Field::kBizStep:
            return optional_text(&event->biz_step);
        case Field::kDisposition:
            return optional_text(&event->disposition);
        case Field::kReadPoint:
            event->read_point.emplace();
            return ParseLocation(node, &*event->read_point);
        case Field::kBizLocation:
            event->biz_location.emplace();
            return ParseLocation(node, &*event->biz_location);
        case Field::kBizTransactionList:
            event->present.biz_transaction_list = true;
            return ParseBizTransactionList(node, &event->biz_transaction_list);
        case Field::kSourceList:
            event->present.source_list = true;
            return ParseSourceDestList(node, "source", &event->source_list);
        case Field::kDestinationList:
            event->present.destination_list = true;
            return ParseSourceDestList(node, "destination", &event->destination_list);
        case Field::kSensorElementList:
            event->present.sensor_element_list = true;
            return ParseSensorElementList(node, &event->sensor_element_list);
        case Field::kPersistentDisposition:
            event->persistent_disposition.emplace();
            return ParsePersistentDisposition(node, &*event->persistent_disposition);
        case Field::kIlmd:
            event->ilmd.emplace();
            return ParseExtensionWrapper(node, &*event->ilmd);
        case Field::kCount:
            break;
    }
    return true;
}

bool Decoder::ParseEpcList(pugi::xml_node node, std::vector<std::string>* out) {
    if (!StandardAttributes(node)) return false;
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, ++index, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns) || q.local != "epc") {
            return Fail("xml.unknown_element",
                        "An EPC list holds only epc elements; " + std::string(c.name()) + " is not allowed in it.",
                        c.name());
        }
        std::string value;
        if (!StandardAttributes(c) || !ReadText(c, &value)) return false;
        out->push_back(std::move(value));
    }
    return true;
}

bool Decoder::ParseQuantityList(pugi::xml_node node, std::vector<QuantityElement>* out) {
    if (!StandardAttributes(node)) return false;
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, ++index, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns) || q.local != "quantityElement") {
            return Fail("xml.unknown_element",
                        "A quantity list holds only quantityElement elements; " + std::string(c.name()) +
                            " is not allowed in it.",
                        c.name());
        }
        QuantityElement element;
        if (!ParseQuantityElement(c, &element)) return false;
        out->push_back(std::move(element));
    }
    return true;
}

bool Decoder::ParseQuantityElement(pugi::xml_node node, QuantityElement* out) {
    if (!StandardAttributes(node)) return false;
    static constexpr std::string_view kNames[] = {"epcClass", "quantity", "uom"};
    int last = -1;
    bool seen[3] = {false, false, false};
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        int rank = -1;
        if (IsStandardNamespace(q.ns)) {
            for (int i = 0; i < 3; ++i) {
                if (q.local == kNames[i]) rank = i;
            }
        }
        if (rank < 0) {
            return Fail("xml.unknown_element",
                        "A quantityElement holds only epcClass, quantity and uom; " + std::string(c.name()) +
                            " is not allowed in it.",
                        c.name());
        }
        if (seen[rank]) {
            return Fail("xml.duplicate", "The element " + std::string(q.local) + " appears more than once.", q.local);
        }
        if (!ReadOrder(rank < last, last >= 0 ? kNames[last] : std::string_view{}, q.local)) return false;
        last = std::max(last, rank);
        seen[rank] = true;
        if (rank == 0) {
            if (!StandardAttributes(c) || !ReadText(c, &out->epc_class)) return false;
        } else if (rank == 1) {
            bool nil = false;
            std::string_view text;
            std::string storage;
            if (!StandardAttributes(c, &nil) || !ReadText(c, &text, &storage)) return false;
            if (nil && text.empty()) continue;  // xsi:nil: the quantity is unknown
            double value = 0;
            if (!ParseXsdNumber(text, &value)) {
                return Fail("xml.number", "The element quantity must be a decimal number.", text);
            }
            out->quantity = value;
        } else {
            std::string uom;
            if (!StandardAttributes(c) || !ReadText(c, &uom)) return false;
            out->uom = std::move(uom);
        }
    }
    if (!seen[0]) return Fail("xml.required", "A quantityElement must have an epcClass element.");
    return true;
}

bool Decoder::ParseLocation(pugi::xml_node node, Location* out) {
    if (!StandardAttributes(node)) return false;
    bool has_id = false;
    bool after_id = false;  // something that must follow <id> was seen
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (IsStandardNamespace(q.ns)) {
            if (q.local == "id") {
                if (has_id) return Fail("xml.duplicate", "The element id appears more than once.", q.local);
                if (!ReadOrder(after_id, "the extension elements", "id")) return false;
                has_id = true;
                if (!StandardAttributes(c) || !ReadText(c, &out->id)) return false;
                continue;
            }
            if (q.local == "extension") {
                after_id = true;
                if (!ParseExtensionWrapper(c, &out->extensions)) return false;
                continue;
            }
            return Fail("xml.unknown_element",
                        "The element " + std::string(q.local) + " is not part of " +
                            std::string(frames_[frames_.size() - 2].name) +
                            "; user extensions must be in a namespace of their own.",
                        q.local);
        }
        after_id = true;
        ExtensionField field;
        if (!ParseExtensionField(c, q, &field)) return false;
        out->extensions.push_back(std::move(field));
    }
    if (!has_id) return Fail("xml.required", "The element " + std::string(CurrentName()) + " must have an id element.");
    return true;
}

bool Decoder::ParseBizTransactionList(pugi::xml_node node, std::vector<BizTransaction>* out) {
    if (!StandardAttributes(node)) return false;
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, ++index, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns) || q.local != "bizTransaction") {
            return Fail("xml.unknown_element",
                        "bizTransactionList holds only bizTransaction elements; " + std::string(c.name()) +
                            " is not allowed in it.",
                        c.name());
        }
        BizTransaction bt;
        for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
            QName aq;
            bool declaration = false;
            if (!ResolveAttribute(a, &aq, &declaration)) return false;
            if (declaration || aq.ns == xml::kNsXsi) continue;
            if (!aq.ns.empty() || aq.local != "type") {
                return FailAttribute(a.name(), "xml.unknown_attribute",
                                     "The element bizTransaction has no attribute " + std::string(a.name()) + ".",
                                     a.name());
            }
            std::string_view value;
            if (!ReadAttributeValue(a, "type", &value)) return false;
            bt.type = std::string(value);
        }
        if (!ReadText(c, &bt.value)) return false;
        out->push_back(std::move(bt));
    }
    return true;
}

bool Decoder::ParseSourceDestList(pugi::xml_node node, std::string_view item_name, std::vector<SourceDest>* out) {
    if (!StandardAttributes(node)) return false;
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, ++index, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns) || q.local != item_name) {
            return Fail("xml.unknown_element",
                        std::string(frames_[frames_.size() - 2].name) + " holds only " + std::string(item_name) +
                            " elements; " + std::string(c.name()) + " is not allowed in it.",
                        c.name());
        }
        SourceDest sd;
        bool has_type = false;
        for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
            QName aq;
            bool declaration = false;
            if (!ResolveAttribute(a, &aq, &declaration)) return false;
            if (declaration || aq.ns == xml::kNsXsi) continue;
            if (!aq.ns.empty() || aq.local != "type") {
                return FailAttribute(
                    a.name(), "xml.unknown_attribute",
                    "The element " + std::string(item_name) + " has no attribute " + std::string(a.name()) + ".",
                    a.name());
            }
            std::string_view value;
            if (!ReadAttributeValue(a, "type", &value)) return false;
            sd.type.assign(value);
            has_type = true;
        }
        if (!has_type) {
            return Fail("xml.required", "The element " + std::string(item_name) + " must have a type attribute.");
        }
        if (!ReadText(c, &sd.value)) return false;
        out->push_back(std::move(sd));
    }
    return true;
}

bool Decoder::ParsePersistentDisposition(pugi::xml_node node, PersistentDisposition* out) {
    if (!StandardAttributes(node)) return false;
    bool seen_set = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        const bool standard = IsStandardNamespace(q.ns);
        if (standard && q.local == "unset") {
            if (!ReadOrder(seen_set, "set", "unset")) return false;
            std::string value;
            if (!StandardAttributes(c) || !ReadText(c, &value)) return false;
            out->unset.push_back(std::move(value));
        } else if (standard && q.local == "set") {
            seen_set = true;
            std::string value;
            if (!StandardAttributes(c) || !ReadText(c, &value)) return false;
            out->set.push_back(std::move(value));
        } else {
            return Fail("xml.unknown_element",
                        "persistentDisposition holds only unset and set elements; " + std::string(c.name()) +
                            " is not allowed in it.",
                        c.name());
        }
    }
    return true;
}

bool Decoder::ParseErrorDeclaration(pugi::xml_node node, ErrorDeclaration* out) {
    if (!StandardAttributes(node)) return false;
    // The XSD makes this a repeated choice: any order.
    bool has_time = false;
    bool has_reason = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns)) {
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            out->extensions.push_back(std::move(field));
            continue;
        }
        auto once = [&](bool* seen) {
            if (*seen) return Fail("xml.duplicate", "The element " + std::string(q.local) + " appears more than once.");
            *seen = true;
            return true;
        };
        if (q.local == "declarationTime") {
            if (!once(&has_time) || !StandardAttributes(c) || !ReadDateTime(c, &out->declaration_time)) return false;
        } else if (q.local == "reason") {
            std::string value;
            if (!once(&has_reason) || !StandardAttributes(c) || !ReadText(c, &value)) return false;
            out->reason = std::move(value);
        } else if (q.local == "correctiveEventIDs") {
            if (!once(&out->has_corrective_event_ids) || !StandardAttributes(c)) return false;
            int index = 0;
            for (pugi::xml_node id = c.first_child(); id; id = id.next_sibling()) {
                if (id.type() != pugi::node_element) {
                    if (!CheckText(id)) return false;
                    continue;
                }
                QName iq;
                Entered entered_id = Enter(id, ++index, &iq);
                if (!entered_id) return false;
                if (!IsStandardNamespace(iq.ns) || iq.local != "correctiveEventID") {
                    return Fail("xml.unknown_element",
                                "correctiveEventIDs holds only correctiveEventID elements; " + std::string(id.name()) +
                                    " is not allowed in it.",
                                id.name());
                }
                std::string value;
                if (!StandardAttributes(id) || !ReadText(id, &value)) return false;
                out->corrective_event_ids.push_back(std::move(value));
            }
        } else if (q.local == "extension") {
            if (!ParseExtensionWrapper(c, &out->extensions)) return false;
        } else {
            return Fail("xml.unknown_element",
                        "The element " + std::string(q.local) +
                            " is not part of errorDeclaration; user extensions must be in a namespace of their own.",
                        q.local);
        }
    }
    if (!has_time) return Fail("xml.required", "The errorDeclaration must have a declarationTime element.");
    return true;
}

bool Decoder::ParseSensorElementList(pugi::xml_node node, std::vector<SensorElement>* out) {
    if (!StandardAttributes(node)) return false;
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, ++index, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns) || q.local != "sensorElement") {
            return Fail("xml.unknown_element",
                        "sensorElementList holds only sensorElement elements; " + std::string(c.name()) +
                            " is not allowed in it.",
                        c.name());
        }
        SensorElement element;
        if (!ParseSensorElement(c, &element)) return false;
        out->push_back(std::move(element));
    }
    return true;
}

bool Decoder::ParseSensorElement(pugi::xml_node node, SensorElement* out) {
    if (!StandardAttributes(node)) return false;
    // 0: nothing yet, 1: sensorMetadata, 2: sensorReport, 3: extensions.
    int stage = 0;
    int report_index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        const bool standard_report = std::string_view(c.name()).ends_with("sensorReport");
        QName q;
        Entered entered = Enter(c, standard_report ? ++report_index : 0, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns)) {
            stage = 3;
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            out->extensions.push_back(std::move(field));
            continue;
        }
        if (q.local == "sensorMetadata") {
            if (out->sensor_metadata) {
                return Fail("xml.duplicate", "The element sensorMetadata appears more than once.", q.local);
            }
            if (!ReadOrder(stage > 0, stage == 2 ? "sensorReport" : "the extension elements", "sensorMetadata")) {
                return false;
            }
            stage = 1;
            out->sensor_metadata.emplace();
            if (!ParseSensorMetadata(c, &*out->sensor_metadata)) return false;
        } else if (q.local == "sensorReport") {
            if (!ReadOrder(stage > 2, "the extension elements", "sensorReport")) return false;
            stage = std::max(stage, 2);
            SensorReport report;
            if (!ParseSensorReport(c, &report)) return false;
            out->sensor_reports.push_back(std::move(report));
        } else if (q.local == "extension") {
            stage = 3;
            if (!ParseExtensionWrapper(c, &out->extensions)) return false;
        } else {
            return Fail("xml.unknown_element",
                        "The element " + std::string(q.local) +
                            " is not part of sensorElement; user extensions must be in a namespace of their own.",
                        q.local);
        }
    }
    if (out->sensor_reports.empty()) {
        return Fail("xml.required", "A sensorElement must have at least one sensorReport element.");
    }
    return true;
}

namespace sensor {

using StringMember = std::optional<std::string> SensorReport::*;
using NumberMember = std::optional<double> SensorReport::*;

struct StringAttribute {
    std::string_view name;
    StringMember member;
};
struct NumberAttribute {
    std::string_view name;
    NumberMember member;
};

constexpr StringAttribute kReportStrings[] = {
    {"type", &SensorReport::type},
    {"exception", &SensorReport::exception},
    {"deviceID", &SensorReport::device_id},
    {"deviceMetadata", &SensorReport::device_metadata},
    {"rawData", &SensorReport::raw_data},
    {"dataProcessingMethod", &SensorReport::data_processing_method},
    {"bizRules", &SensorReport::biz_rules},
    {"microorganism", &SensorReport::microorganism},
    {"chemicalSubstance", &SensorReport::chemical_substance},
    {"coordinateReferenceSystem", &SensorReport::coordinate_reference_system},
    {"component", &SensorReport::component},
    {"stringValue", &SensorReport::string_value},
    {"hexBinaryValue", &SensorReport::hex_binary_value},
    {"uriValue", &SensorReport::uri_value},
    {"uom", &SensorReport::uom},
};

constexpr NumberAttribute kReportNumbers[] = {
    {"value", &SensorReport::value},          {"minValue", &SensorReport::min_value},
    {"maxValue", &SensorReport::max_value},   {"meanValue", &SensorReport::mean_value},
    {"sDev", &SensorReport::s_dev},           {"percRank", &SensorReport::perc_rank},
    {"percValue", &SensorReport::perc_value},
};

using MetadataStringMember = std::optional<std::string> SensorMetadata::*;
using MetadataTimeMember = std::optional<DateTime> SensorMetadata::*;

struct MetadataString {
    std::string_view name;
    MetadataStringMember member;
};
struct MetadataTime {
    std::string_view name;
    MetadataTimeMember member;
};

constexpr MetadataString kMetadataStrings[] = {
    {"deviceID", &SensorMetadata::device_id}, {"deviceMetadata", &SensorMetadata::device_metadata},
    {"rawData", &SensorMetadata::raw_data},   {"dataProcessingMethod", &SensorMetadata::data_processing_method},
    {"bizRules", &SensorMetadata::biz_rules},
};

constexpr MetadataTime kMetadataTimes[] = {
    {"time", &SensorMetadata::time},
    {"startTime", &SensorMetadata::start_time},
    {"endTime", &SensorMetadata::end_time},
};

}  // namespace sensor

bool Decoder::ParseSensorMetadata(pugi::xml_node node, SensorMetadata* out) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        QName q;
        bool declaration = false;
        if (!ResolveAttribute(a, &q, &declaration)) return false;
        if (declaration || q.ns == xml::kNsXsi) continue;
        std::string_view value;
        if (!ReadAttributeValue(a, a.name(), &value)) return false;
        if (!q.ns.empty()) {
            ExtensionField field{std::string(q.ns), std::string(q.prefix), std::string(q.local), {}};
            field.value.text.assign(value);
            out->extensions.push_back(std::move(field));
            continue;
        }
        bool known = false;
        for (const auto& s : sensor::kMetadataStrings) {
            if (q.local == s.name) {
                (out->*s.member) = std::string(value);
                known = true;
            }
        }
        for (const auto& t : sensor::kMetadataTimes) {
            if (q.local != t.name) continue;
            auto parsed = DateTime::Parse(value);
            if (!parsed) {
                return FailAttribute(q.local, "date_time.format",
                                     "The attribute " + std::string(q.local) +
                                         " must be a date-time with a time zone, such as 2024-05-01T10:00:00Z.",
                                     value);
            }
            (out->*t.member) = *parsed;
            known = true;
        }
        if (!known) {
            return FailAttribute(q.local, "xml.unknown_attribute",
                                 "sensorMetadata has no attribute " + std::string(q.local) +
                                     "; user extensions must be in a namespace of their own.",
                                 q.local);
        }
    }
    return NoContent(node);
}

bool Decoder::ParseSensorReport(pugi::xml_node node, SensorReport* out) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        QName q;
        bool declaration = false;
        if (!ResolveAttribute(a, &q, &declaration)) return false;
        if (declaration || q.ns == xml::kNsXsi) continue;
        std::string_view value;
        if (!ReadAttributeValue(a, a.name(), &value)) return false;
        if (!q.ns.empty()) {
            ExtensionField field{std::string(q.ns), std::string(q.prefix), std::string(q.local), {}};
            field.value.text.assign(value);
            out->extensions.push_back(std::move(field));
            continue;
        }
        bool known = false;
        for (const auto& s : sensor::kReportStrings) {
            if (q.local == s.name) {
                (out->*s.member) = std::string(value);
                known = true;
            }
        }
        for (const auto& n : sensor::kReportNumbers) {
            if (q.local != n.name) continue;
            double number = 0;
            if (!ParseXsdNumber(value, &number)) {
                return FailAttribute(q.local, "xml.number",
                                     "The attribute " + std::string(q.local) + " must be a number.", value);
            }
            (out->*n.member) = number;
            known = true;
        }
        if (q.local == "time") {
            auto parsed = DateTime::Parse(value);
            if (!parsed) {
                return FailAttribute(q.local, "date_time.format",
                                     "The attribute time must be a date-time with a time zone, such as "
                                     "2024-05-01T10:00:00Z.",
                                     value);
            }
            out->time = *parsed;
            known = true;
        } else if (q.local == "booleanValue") {
            bool b = false;
            if (!ParseXsdBoolean(value, &b)) {
                return FailAttribute(q.local, "xml.boolean", "The attribute booleanValue must be true or false.",
                                     value);
            }
            out->boolean_value = b;
            known = true;
        }
        if (!known) {
            return FailAttribute(q.local, "xml.unknown_attribute",
                                 "sensorReport has no attribute " + std::string(q.local) +
                                     "; user extensions must be in a namespace of their own.",
                                 q.local);
        }
    }
    return NoContent(node);
}

// -------------------------------------------------------------------------------------------------
// Documents

Result<Document> Decoder::Run(std::string_view text) {
    if (text.size() > limits_.max_document_bytes) {
        return MakeError(
            ErrorCode::kTooLarge, "", "limits.max_document_bytes",
            "The XML document is larger than the limit of " + std::to_string(limits_.max_document_bytes) + " bytes.");
    }
    pugi::xml_document dom;
    // parse_doctype keeps the DOCTYPE as a node so that it can be inspected; comments and
    // processing instructions are not even built.
    const pugi::xml_parse_result parsed =
        dom.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_auto);
    if (!parsed) {
        const std::size_t offset = std::min<std::size_t>(static_cast<std::size_t>(parsed.offset), text.size());
        return InvalidArgument("", "xml.syntax",
                               std::string("The document is not well-formed XML: ") + parsed.description() + " at " +
                                   Position(text, offset) + ".",
                               text.substr(offset, 40));
    }
    // pugixml accepts control characters and malformed UTF-8 that XML forbids; they would not
    // survive the trip to JSON or back to XML. UTF-16/32 input (NUL bytes up front) is converted
    // by pugixml and not scanned here.
    const bool wide =
        text.size() >= 2 && (text[0] == '\0' || text[1] == '\0' || static_cast<unsigned char>(text[0]) >= 0xFE);
    if (!wide) {
        const std::string_view encoding = DeclaredEncoding(text);
        // pugixml converts Latin-1 (the only single-byte encoding it knows) and reads anything
        // else as UTF-8.
        const bool utf8 = !EqualsIgnoreCase(encoding, "iso-8859-1") && !EqualsIgnoreCase(encoding, "latin1");
        const std::size_t bad = FindForbiddenByte(text, utf8);
        if (bad != std::string_view::npos) {
            return InvalidArgument("", "xml.syntax",
                                   "The document holds a byte that is not allowed in " +
                                       std::string(utf8 ? "UTF-8 " : "") + "XML at " + Position(text, bad) + ".",
                                   text.substr(bad, 8));
        }
    }
    pugi::xml_node root;
    for (pugi::xml_node c = dom.first_child(); c; c = c.next_sibling()) {
        switch (c.type()) {
            case pugi::node_doctype: {
                // Only `<!DOCTYPE name>` is tolerated: an internal subset could declare entities and
                // an external identifier points at a DTD, neither of which EPCIS uses.
                const std::string_view value = Trim(c.value());
                if (value.empty() || value.find_first_of(" \t\r\n[") != std::string_view::npos) {
                    return InvalidArgument("", "xml.doctype",
                                           "The document has a DOCTYPE with a DTD subset or an external identifier; "
                                           "EPCIS XML uses no DTD.",
                                           value);
                }
                break;
            }
            case pugi::node_element:
                if (root) {
                    return InvalidArgument("", "xml.syntax", "The document has more than one root element.", c.name());
                }
                root = c;
                break;
            case pugi::node_pcdata:
            case pugi::node_cdata:
                if (!IsBlank(c.value())) {
                    return InvalidArgument("", "xml.syntax", "The document has text outside its root element.",
                                           Trim(c.value()));
                }
                break;
            default:
                break;
        }
    }
    if (!root) return InvalidArgument("", "xml.syntax", "The document has no root element.");
    if (!ParseRoot(root)) {
        if (!error_)
            error_ = MakeError(ErrorCode::kInternal, "", "xml.internal", "The XML decoder failed without a reason.");
        return *error_;
    }
    return std::move(doc_);
}

bool Decoder::ParseRoot(pugi::xml_node root) {
    QName q;
    Entered entered = Enter(root, 0, &q);
    if (!entered) return false;
    const bool standard = IsStandardNamespace(q.ns);
    if (standard && q.local == "EPCISDocument") {
        doc_.kind = DocumentKind::kEpcisDocument;
    } else if (standard && q.local == "EPCISQueryDocument") {
        doc_.kind = DocumentKind::kEpcisQueryDocument;
    } else if (standard && q.local == "EPCISMasterDataDocument") {
        doc_.kind = DocumentKind::kEpcisMasterDataDocument;
    } else if (auto type = standard ? xml::EventTypeByName(q.local) : std::nullopt) {
        doc_.kind = DocumentKind::kBareEvent;
        root_ns_end_ = 0;  // the root is the event: its declarations are the event's
        Event event;
        event_count_ = 1;
        if (!ParseEventElement(root, *type, &event)) return false;
        doc_.events.push_back(std::move(event));
        return true;
    } else {
        return Fail("xml.root",
                    "The root element must be epcis:EPCISDocument, epcisq:EPCISQueryDocument, "
                    "epcismd:EPCISMasterDataDocument or an EPCIS event; " +
                        std::string(root.name()) + " is none of them.",
                    root.name());
    }
    root_ns_end_ = ns_.size();
    CollectNamespaces(0, &doc_.namespaces);
    return ParseRootAttributes(root) && ParseDocumentChildren(root);
}

bool Decoder::ParseRootAttributes(pugi::xml_node root) {
    bool has_version = false;
    bool has_creation_date = false;
    for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
        QName q;
        bool declaration = false;
        if (!ResolveAttribute(a, &q, &declaration)) return false;
        // xsi:schemaLocation and the like are hints for schema processors, not data.
        if (declaration || q.ns == xml::kNsXsi) continue;
        std::string_view value;
        if (!ReadAttributeValue(a, a.name(), &value)) return false;
        if (q.ns.empty() && q.local == "schemaVersion") {
            doc_.schema_version.assign(value);
            has_version = true;
        } else if (q.ns.empty() && q.local == "creationDate") {
            auto parsed = DateTime::Parse(value);
            if (!parsed) {
                return FailAttribute("creationDate", "date_time.format",
                                     "The attribute creationDate must be a date-time with a time zone, such as "
                                     "2024-05-01T10:00:00Z.",
                                     value);
            }
            doc_.creation_date = *parsed;
            has_creation_date = true;
        } else {
            ExtensionField field{std::string(q.ns), std::string(q.prefix), std::string(q.local), {}};
            field.value.text.assign(value);
            doc_.extensions.push_back(std::move(field));
        }
    }
    if (!has_version) {
        return Fail("xml.required",
                    "The root element " + std::string(CurrentName()) + " must have a schemaVersion attribute.");
    }
    if (!has_creation_date) {
        return Fail("xml.required",
                    "The root element " + std::string(CurrentName()) + " must have a creationDate attribute.");
    }
    return true;
}

bool Decoder::ParseDocumentChildren(pugi::xml_node root) {
    bool has_header = false;
    bool has_body = false;
    bool has_results = false;  // query document with QueryResults members right under the root
    const bool query = doc_.kind == DocumentKind::kEpcisQueryDocument;
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns)) {
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            doc_.extensions.push_back(std::move(field));
            continue;
        }
        if (q.local == "EPCISHeader") {
            if (has_header) return Fail("xml.duplicate", "The element EPCISHeader appears more than once.");
            if (!ReadOrder(has_body, "EPCISBody", "EPCISHeader")) return false;
            has_header = true;
            if (!ParseHeader(c)) return false;
        } else if (q.local == "EPCISBody") {
            if (has_body) return Fail("xml.duplicate", "The element EPCISBody appears more than once.");
            has_body = true;
            if (!ParseBody(c)) return false;
        } else if (q.local == "extension") {
            if (!ParseExtensionWrapper(c, &doc_.extensions)) return false;
        } else if (query && (q.local == "queryName" || q.local == "subscriptionID" || q.local == "resultsBody")) {
            // Some producers leave out EPCISBody/QueryResults around these.
            has_results = true;
            if (!ParseQueryResultsMember(c, q.local)) return false;
        } else {
            return Fail("xml.unknown_element",
                        "The element " + std::string(q.local) + " is not part of " +
                            std::string(DocumentKindName(doc_.kind)) +
                            "; user extensions must be in a namespace of their own.",
                        q.local);
        }
    }
    if (!has_body && !has_results) {
        return Fail("xml.required", "The " + std::string(DocumentKindName(doc_.kind)) +
                                        " has no EPCISBody element, which it requires.");
    }
    return true;
}

bool Decoder::ParseHeader(pugi::xml_node node) {
    doc_.has_header = true;
    if (!StandardAttributes(node)) return false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (q.ns == xml::kNsSbdh && q.local == "StandardBusinessDocumentHeader") {
            if (!ParseSbdh(c)) return false;
        } else if (!IsStandardNamespace(q.ns)) {
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            doc_.header_extensions.push_back(std::move(field));
        } else if (q.local == "extension") {
            if (!ParseHeaderExtension(c)) return false;
        } else if (q.local == "EPCISMasterData") {
            if (!ParseEpcisMasterData(c)) return false;
        } else {
            return Fail("xml.unknown_element", "The element " + std::string(q.local) + " is not part of EPCISHeader.",
                        q.local);
        }
    }
    return true;
}

// EPCISHeader/extension: EPCISMasterData and a further extension.
bool Decoder::ParseHeaderExtension(pugi::xml_node node) {
    if (!StandardAttributes(node)) return false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns)) {
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            doc_.header_extensions.push_back(std::move(field));
        } else if (q.local == "EPCISMasterData") {
            if (!ParseEpcisMasterData(c)) return false;
        } else if (q.local == "extension") {
            if (!ParseHeaderExtension(c)) return false;
        } else {
            return Fail("xml.unknown_element",
                        "The element " + std::string(q.local) + " is not part of the EPCISHeader extension.", q.local);
        }
    }
    return true;
}

// The SBDH is kept only for what the model has of it: sender, receiver, instance identifier.
bool Decoder::ParseSbdh(pugi::xml_node node) {
    auto first_text = [&](pugi::xml_node parent, std::string_view child_name, std::optional<std::string>* out) {
        for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            QName q;
            Entered entered = Enter(c, 0, &q);
            if (!entered) return false;
            if (q.ns != xml::kNsSbdh || q.local != child_name) continue;
            std::string value;
            if (!ReadText(c, &value)) return false;
            *out = std::move(value);
            return true;
        }
        return true;
    };
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (q.ns != xml::kNsSbdh) continue;
        if (q.local == "Sender" && !doc_.sender) {
            if (!first_text(c, "Identifier", &doc_.sender)) return false;
        } else if (q.local == "Receiver" && !doc_.receiver) {
            if (!first_text(c, "Identifier", &doc_.receiver)) return false;
        } else if (q.local == "DocumentIdentification") {
            if (!first_text(c, "InstanceIdentifier", &doc_.instance_identifier)) return false;
        }
    }
    return true;
}

bool Decoder::ParseBody(pugi::xml_node node) {
    if (!StandardAttributes(node)) return false;
    bool has_content = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns)) {
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            doc_.extensions.push_back(std::move(field));
            continue;
        }
        if (q.local == "extension") {
            if (!ParseExtensionWrapper(c, &doc_.extensions)) return false;
            continue;
        }
        std::string_view expected;
        switch (doc_.kind) {
            case DocumentKind::kEpcisQueryDocument:
                expected = "QueryResults";
                break;
            case DocumentKind::kEpcisMasterDataDocument:
                expected = "VocabularyList";
                break;
            default:
                expected = "EventList";
                break;
        }
        if (q.local != expected) {
            return Fail("xml.unknown_element",
                        "The EPCISBody of " + std::string(DocumentKindName(doc_.kind)) + " holds " +
                            std::string(expected) + "; " + std::string(q.local) + " is not supported.",
                        q.local);
        }
        if (has_content) {
            return Fail("xml.duplicate", "The element " + std::string(q.local) + " appears more than once.");
        }
        has_content = true;
        bool ok = false;
        if (doc_.kind == DocumentKind::kEpcisQueryDocument) {
            ok = ParseQueryResults(c);
        } else if (doc_.kind == DocumentKind::kEpcisMasterDataDocument) {
            ok = ParseVocabularyList(c, &doc_.master_data);
        } else {
            ok = ParseEventList(c);
        }
        if (!ok) return false;
    }
    return true;
}

bool Decoder::ParseQueryResults(pugi::xml_node node) {
    if (!StandardAttributes(node)) return false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns)) {
            ExtensionField field;
            if (!ParseExtensionField(c, q, &field)) return false;
            doc_.extensions.push_back(std::move(field));
        } else if (q.local == "extension") {
            if (!ParseExtensionWrapper(c, &doc_.extensions)) return false;
        } else if (q.local == "queryName" || q.local == "subscriptionID" || q.local == "resultsBody") {
            if (!ParseQueryResultsMember(c, q.local)) return false;
        } else {
            return Fail("xml.unknown_element", "The element " + std::string(q.local) + " is not part of QueryResults.",
                        q.local);
        }
    }
    return true;
}

bool Decoder::ParseQueryResultsMember(pugi::xml_node node, std::string_view local) {
    auto text_once = [&](std::optional<std::string>* out) {
        if (out->has_value()) {
            return Fail("xml.duplicate", "The element " + std::string(local) + " appears more than once.");
        }
        std::string value;
        if (!StandardAttributes(node) || !ReadText(node, &value)) return false;
        *out = std::move(value);
        return true;
    };
    if (local == "queryName") return text_once(&doc_.query_name);
    if (local == "subscriptionID") return text_once(&doc_.subscription_id);
    return ParseResultsBody(node);
}

bool Decoder::ParseResultsBody(pugi::xml_node node) {
    if (!StandardAttributes(node)) return false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        const bool standard = IsStandardNamespace(q.ns);
        if (standard && q.local == "EventList") {
            if (!ParseEventList(c)) return false;
        } else if (standard && q.local == "VocabularyList") {
            if (!ParseVocabularyList(c, &doc_.master_data)) return false;
        } else {
            return Fail("xml.unknown_element",
                        "resultsBody holds an EventList or a VocabularyList; " + std::string(c.name()) +
                            " is not allowed in it.",
                        c.name());
        }
    }
    return true;
}

bool Decoder::ParseEpcisMasterData(pugi::xml_node node) {
    if (!StandardAttributes(node)) return false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (IsStandardNamespace(q.ns) && q.local == "VocabularyList") {
            if (!ParseVocabularyList(c, &doc_.master_data)) return false;
        } else {
            return Fail("xml.unknown_element",
                        "EPCISMasterData holds a VocabularyList; " + std::string(c.name()) + " is not supported.",
                        c.name());
        }
    }
    return true;
}

bool Decoder::ParseVocabularyList(pugi::xml_node node, std::vector<Vocabulary>* out) {
    if (!StandardAttributes(node)) return false;
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, ++index, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns) || q.local != "Vocabulary") {
            return Fail(
                "xml.unknown_element",
                "VocabularyList holds only Vocabulary elements; " + std::string(c.name()) + " is not allowed in it.",
                c.name());
        }
        Vocabulary vocabulary;
        if (!ParseVocabulary(c, &vocabulary)) return false;
        out->push_back(std::move(vocabulary));
    }
    return true;
}

// An element's required unqualified `id`/`type` attribute; no other attributes are accepted.
bool Decoder::ParseVocabulary(pugi::xml_node node, Vocabulary* out) {
    bool has_type = false;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        QName q;
        bool declaration = false;
        if (!ResolveAttribute(a, &q, &declaration)) return false;
        if (declaration || q.ns == xml::kNsXsi) continue;
        if (!q.ns.empty() || q.local != "type") {
            return FailAttribute(a.name(), "xml.unknown_attribute",
                                 "Vocabulary has no attribute " + std::string(a.name()) + ".", a.name());
        }
        std::string_view value;
        if (!ReadAttributeValue(a, "type", &value)) return false;
        out->type.assign(value);
        has_type = true;
    }
    if (!has_type) return Fail("xml.required", "A Vocabulary must have a type attribute.");
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, 0, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns) || q.local != "VocabularyElementList") {
            return Fail("xml.unknown_element",
                        "Vocabulary holds a VocabularyElementList; " + std::string(c.name()) + " is not supported.",
                        c.name());
        }
        if (!StandardAttributes(c)) return false;
        int index = 0;
        for (pugi::xml_node e = c.first_child(); e; e = e.next_sibling()) {
            if (e.type() != pugi::node_element) {
                if (!CheckText(e)) return false;
                continue;
            }
            QName eq;
            Entered entered_element = Enter(e, ++index, &eq);
            if (!entered_element) return false;
            if (!IsStandardNamespace(eq.ns) || eq.local != "VocabularyElement") {
                return Fail("xml.unknown_element",
                            "VocabularyElementList holds only VocabularyElement elements; " + std::string(e.name()) +
                                " is not allowed in it.",
                            e.name());
            }
            VocabularyElement element;
            if (!ParseVocabularyElement(e, &element)) return false;
            out->elements.push_back(std::move(element));
        }
    }
    return true;
}

bool Decoder::ParseVocabularyElement(pugi::xml_node node, VocabularyElement* out) {
    bool has_id = false;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        QName q;
        bool declaration = false;
        if (!ResolveAttribute(a, &q, &declaration)) return false;
        if (declaration || q.ns == xml::kNsXsi) continue;
        if (!q.ns.empty() || q.local != "id") {
            return FailAttribute(a.name(), "xml.unknown_attribute",
                                 "VocabularyElement has no attribute " + std::string(a.name()) + ".", a.name());
        }
        std::string_view value;
        if (!ReadAttributeValue(a, "id", &value)) return false;
        out->id.assign(value);
        has_id = true;
    }
    if (!has_id) return Fail("xml.required", "A VocabularyElement must have an id attribute.");
    bool seen_children = false;
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        const bool is_attribute = std::string_view(c.name()) == "attribute";
        QName q;
        Entered entered = Enter(c, is_attribute ? ++index : 0, &q);
        if (!entered) return false;
        const bool standard = IsStandardNamespace(q.ns);
        if (standard && q.local == "attribute") {
            if (!ReadOrder(seen_children, "children", "attribute")) return false;
            VocabularyAttribute attribute;
            bool attribute_has_id = false;
            for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
                QName aq;
                bool declaration = false;
                if (!ResolveAttribute(a, &aq, &declaration)) return false;
                if (declaration || !aq.ns.empty() || aq.local != "id") continue;
                std::string_view value;
                if (!ReadAttributeValue(a, "id", &value)) return false;
                attribute.id.assign(value);
                attribute_has_id = true;
            }
            if (!attribute_has_id) return Fail("xml.required", "A master data attribute must have an id attribute.");
            if (!ParseExtensionValue(c, &attribute.value, "id")) return false;
            out->attributes.push_back(std::move(attribute));
        } else if (standard && q.local == "children") {
            if (seen_children) return Fail("xml.duplicate", "The element children appears more than once.");
            seen_children = true;
            if (!ParseIdList(c, &out->children)) return false;
        } else {
            return Fail("xml.unknown_element",
                        "VocabularyElement holds attribute and children elements; " + std::string(c.name()) +
                            " is not supported.",
                        c.name());
        }
    }
    return true;
}

bool Decoder::ParseIdList(pugi::xml_node node, std::vector<std::string>* out) {
    if (!StandardAttributes(node)) return false;
    int index = 0;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) {
            if (!CheckText(c)) return false;
            continue;
        }
        QName q;
        Entered entered = Enter(c, ++index, &q);
        if (!entered) return false;
        if (!IsStandardNamespace(q.ns) || q.local != "id") {
            return Fail("xml.unknown_element",
                        "children holds only id elements; " + std::string(c.name()) + " is not allowed in it.",
                        c.name());
        }
        std::string value;
        if (!StandardAttributes(c) || !ReadText(c, &value)) return false;
        out->push_back(std::move(value));
    }
    return true;
}

}  // namespace

Result<Document> DecodeXmlDocument(std::string_view text, const DecodeLimits& limits) {
    return DecodeXmlDocument(text, limits, XmlDecodeOptions{});
}

Result<Document> DecodeXmlDocument(std::string_view text, const DecodeLimits& limits, const XmlDecodeOptions& options) {
    Decoder decoder(limits, options);
    return decoder.Run(text);
}

}  // namespace txng::epcis
