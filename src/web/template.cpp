#include "web/template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace txng::web {

// ---- Value

Value Value::List(std::vector<Value> items) {
    Value v;
    v.kind_ = Kind::kList;
    v.items_ = std::move(items);
    return v;
}

Value Value::Object() {
    Value v;
    v.kind_ = Kind::kObject;
    return v;
}

Value& Value::Set(std::string name, Value value) & {
    if (kind_ != Kind::kObject) *this = Object();
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) {
            items_[i] = std::move(value);
            return *this;
        }
    }
    names_.push_back(std::move(name));
    items_.push_back(std::move(value));
    return *this;
}

Value&& Value::Set(std::string name, Value value) && { return std::move(Set(std::move(name), std::move(value))); }

Value& Value::Push(Value item) & {
    if (kind_ != Kind::kList) *this = List({});
    items_.push_back(std::move(item));
    return *this;
}

Value&& Value::Push(Value item) && { return std::move(Push(std::move(item))); }

bool Value::Truthy() const {
    switch (kind_) {
        case Kind::kEmpty:
            return false;
        case Kind::kFlag:
            return flag_;
        case Kind::kText:
            return !text_.empty();
        case Kind::kList:
            return !items_.empty();
        case Kind::kObject:
            return true;
    }
    return false;
}

const Value* Value::Find(std::string_view name) const {
    if (kind_ != Kind::kObject) return nullptr;
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) return &items_[i];
    }
    return nullptr;
}

// ---- Escaping and URLs

namespace {

std::string_view Entity(char c) {
    switch (c) {
        case '&':
            return "&amp;";
        case '<':
            return "&lt;";
        case '>':
            return "&gt;";
        case '"':
            return "&quot;";
        case '\'':
            return "&#39;";
        case '`':
            return "&#96;";
        case '=':
            return "&#61;";
        default:
            return {};
    }
}

bool AsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool AsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsIgnoringCase(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (c != lower[i]) return false;
    }
    return true;
}

}  // namespace

void AppendEscapedHtml(std::string_view text, std::string& out) {
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::string_view entity = Entity(text[i]);
        if (entity.empty()) continue;
        out.append(text.data() + run, i - run);
        out.append(entity);
        run = i + 1;
    }
    out.append(text.data() + run, text.size() - run);
}

std::string EscapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    AppendEscapedHtml(text, out);
    return out;
}

std::string SafeUrl(std::string_view url) {
    static constexpr std::string_view kRefused = "#";
    for (const char c : url) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) return std::string(kRefused);
    }
    if (url.empty()) return std::string(kRefused);
    if (url[0] == '/') {
        if (url.size() > 1 && (url[1] == '/' || url[1] == '\\')) return std::string(kRefused);
        return std::string(url);
    }
    if (url[0] == '?' || url[0] == '#') return std::string(url);
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"  (RFC 3986)
    if (!AsciiAlpha(url[0])) return std::string(kRefused);
    std::size_t i = 1;
    while (i < url.size() &&
           (AsciiAlpha(url[i]) || AsciiDigit(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')) {
        ++i;
    }
    if (i == url.size() || url[i] != ':') return std::string(kRefused);
    const std::string_view scheme = url.substr(0, i);
    for (const std::string_view allowed : {"http", "https", "mailto", "tel"}) {
        if (EqualsIgnoringCase(scheme, allowed)) return std::string(url);
    }
    return std::string(kRefused);
}

// ---- Compiling

namespace template_tree {

struct Node {
    enum class Kind : std::uint8_t { kText, kVariable, kSection, kInverted };
    Kind kind = Kind::kText;
    // kText: the text. Otherwise the name as written in the tag, trimmed.
    std::string text;
    // The name split at its dots; empty for "." (the current item).
    std::vector<std::string> path;
    // A section's content.
    std::vector<Node> children;
};

}  // namespace template_tree

using template_tree::Node;

struct Template::Impl {
    std::vector<Node> nodes;
    std::size_t text_bytes = 0;  // of all text nodes, to size the output
};

namespace {

constexpr std::size_t kMaxDepth = 100;               // sections nested, partials included
constexpr std::size_t kMaxExpandedBytes = 4u << 20;  // all sources compiled, partials each time used

std::string_view Trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

bool NameChar(char c) { return AsciiAlpha(c) || AsciiDigit(c) || c == '_' || c == '-'; }

// "." or names of [A-Za-z0-9_-] joined by dots; fills `path`.
bool ParseName(std::string_view name, std::vector<std::string>& path) {
    path.clear();
    if (name == ".") return true;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        const std::string_view part = name.substr(start, dot - start);
        if (part.empty() || !std::all_of(part.begin(), part.end(), NameChar)) return false;
        path.emplace_back(part);
        if (dot == name.size()) return true;
        start = dot + 1;
    }
}

bool PartialName(std::string_view name) {
    return !name.empty() &&
           std::all_of(name.begin(), name.end(), [](char c) { return NameChar(c) || c == '.' || c == '/'; });
}

// Appends a node, merging adjacent texts.
void AppendNode(std::vector<Node>& nodes, Node node) {
    if (node.kind == Node::Kind::kText) {
        if (node.text.empty()) return;
        if (!nodes.empty() && nodes.back().kind == Node::Kind::kText) {
            nodes.back().text += node.text;
            return;
        }
    }
    nodes.push_back(std::move(node));
}

void AppendText(std::vector<Node>& nodes, std::string_view text) {
    if (text.empty()) return;
    if (!nodes.empty() && nodes.back().kind == Node::Kind::kText) {
        nodes.back().text += text;
        return;
    }
    Node node;
    node.text = std::string(text);
    nodes.push_back(std::move(node));
}

// `source` with `indent` before each of its lines.
std::string Indent(std::string_view source, std::string_view indent) {
    if (source.empty()) return {};
    std::string out(indent);
    for (std::size_t i = 0; i < source.size(); ++i) {
        out += source[i];
        if (source[i] == '\n' && i + 1 < source.size()) out += indent;
    }
    return out;
}

struct Shared {
    const Partials& partials;
    std::vector<std::string_view> chain;  // partials being compiled, outermost first
    std::size_t budget = kMaxExpandedBytes;
};

class Compiler {
  public:
    Compiler(std::string_view source, std::string_view name, std::size_t depth, Shared& shared)
        : source_(source), name_(name), depth_(depth), shared_(shared) {}

    Result<std::vector<Node>> Run() {
        if (source_.size() > shared_.budget) {
            return InvalidArgument(Where(0), "template.too_large",
                                   fmt::format("the template with its partials is over {} bytes", kMaxExpandedBytes));
        }
        shared_.budget -= source_.size();

        struct Open {
            Node node;
            std::size_t tag = 0;  // offset of the opening tag
            std::string_view tag_text;
        };
        std::vector<Open> open;
        std::vector<Node> root;
        const auto children = [&]() -> std::vector<Node>& { return open.empty() ? root : open.back().node.children; };

        std::size_t text_start = 0;
        while (true) {
            const std::size_t tag = source_.find("{{", text_start);
            if (tag == std::string_view::npos) break;
            if (tag + 2 < source_.size() && source_[tag + 2] == '{') return RawOutput(tag);
            const std::size_t close = source_.find("}}", tag + 2);
            if (close == std::string_view::npos) {
                return Fail(tag, "template.syntax", "the tag is not closed with '}}'", source_.substr(tag, 40));
            }
            const std::size_t tag_end = close + 2;
            const std::string_view tag_text = source_.substr(tag, tag_end - tag);
            const std::string_view content = source_.substr(tag + 2, close - tag - 2);
            const char sigil = content.empty() ? '\0' : content[0];
            const bool special = sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!' || sigil == '>';
            const std::string_view name = Trim(special ? content.substr(1) : content);
            if (sigil == '&') return RawOutput(tag);
            if (sigil == '=') return Fail(tag, "template.syntax", "changing the delimiters is not supported", tag_text);

            // A section, comment or partial tag alone on its line takes the line with it.
            std::size_t text_end = tag;
            std::size_t next = tag_end;
            std::string_view indent;
            if (special) {
                std::size_t line_start = tag;
                while (line_start > 0 && (source_[line_start - 1] == ' ' || source_[line_start - 1] == '\t')) {
                    --line_start;
                }
                if (line_start == 0 || source_[line_start - 1] == '\n') {
                    std::size_t line_end = tag_end;
                    while (line_end < source_.size() && (source_[line_end] == ' ' || source_[line_end] == '\t')) {
                        ++line_end;
                    }
                    bool standalone = true;
                    if (source_.substr(line_end, 2) == "\r\n") {
                        line_end += 2;
                    } else if (source_.substr(line_end, 1) == "\n") {
                        line_end += 1;
                    } else if (line_end != source_.size()) {
                        standalone = false;
                    }
                    if (standalone) {
                        text_end = line_start;
                        next = line_end;
                        indent = source_.substr(line_start, tag - line_start);
                    }
                }
            }
            AppendText(children(), source_.substr(text_start, text_end - text_start));
            text_start = next;

            switch (sigil) {
                case '!':
                    break;
                case '#':
                case '^': {
                    Node node;
                    node.kind = sigil == '#' ? Node::Kind::kSection : Node::Kind::kInverted;
                    if (!ParseName(name, node.path)) return BadName(tag, tag_text);
                    if (depth_ + open.size() >= kMaxDepth) {
                        return Fail(tag, "template.syntax",
                                    fmt::format("sections are nested more than {} deep", kMaxDepth), tag_text);
                    }
                    node.text = std::string(name);
                    open.push_back({std::move(node), tag, tag_text});
                    break;
                }
                case '/': {
                    std::vector<std::string> path;
                    if (!ParseName(name, path)) return BadName(tag, tag_text);
                    if (open.empty()) {
                        return Fail(tag, "template.syntax", fmt::format("'{}' closes no open section", tag_text),
                                    tag_text);
                    }
                    if (open.back().node.text != name) {
                        return Fail(tag, "template.syntax",
                                    fmt::format("'{}' does not close the section '{}' opened at {}", tag_text,
                                                open.back().tag_text, Position(open.back().tag)),
                                    tag_text);
                    }
                    Node node = std::move(open.back().node);
                    open.pop_back();
                    AppendNode(children(), std::move(node));
                    break;
                }
                case '>': {
                    auto nodes = Partial(tag, tag_text, name, indent, open.size());
                    if (!nodes) return nodes.error();
                    for (Node& node : *nodes) AppendNode(children(), std::move(node));
                    break;
                }
                default: {
                    Node node;
                    node.kind = Node::Kind::kVariable;
                    if (!ParseName(name, node.path)) return BadName(tag, tag_text);
                    node.text = std::string(name);
                    AppendNode(children(), std::move(node));
                    break;
                }
            }
        }
        AppendText(children(), source_.substr(text_start));
        if (!open.empty()) {
            return Fail(open.back().tag, "template.syntax", fmt::format("'{}' is not closed", open.back().tag_text),
                        open.back().tag_text);
        }
        return root;
    }

  private:
    Result<std::vector<Node>> Partial(std::size_t tag, std::string_view tag_text, std::string_view name,
                                      std::string_view indent, std::size_t open_sections) {
        if (!PartialName(name)) return BadName(tag, tag_text);
        const auto it = shared_.partials.find(name);
        if (it == shared_.partials.end()) {
            return Fail(tag, "template.syntax", fmt::format("there is no partial '{}'", name), tag_text);
        }
        if (std::find(shared_.chain.begin(), shared_.chain.end(), name) != shared_.chain.end()) {
            return Fail(tag, "template.syntax", fmt::format("the partial '{}' includes itself", name), tag_text);
        }
        shared_.chain.push_back(it->first);
        const std::string indented = Indent(it->second, indent);
        auto nodes = Compiler(indent.empty() ? std::string_view(it->second) : indented, it->first,
                              depth_ + open_sections, shared_)
                         .Run();
        if (!nodes && !indent.empty() && nodes.error().rule == "template.syntax") {
            // Positions as in the partial's own source, without the indentation.
            auto plain = Compiler(it->second, it->first, depth_ + open_sections, shared_).Run();
            if (!plain) nodes = plain.error();
        }
        shared_.chain.pop_back();
        return nodes;
    }

    // "line:column" of `offset`, both 1-based, the column in code points.
    std::string Position(std::size_t offset) const {
        std::size_t line = 1;
        std::size_t column = 1;
        for (std::size_t i = 0; i < offset && i < source_.size(); ++i) {
            if (source_[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(source_[i]) & 0xc0) != 0x80) {
                ++column;
            }
        }
        return fmt::format("{}:{}", line, column);
    }

    std::string Where(std::size_t offset) const {
        return name_.empty() ? Position(offset) : fmt::format("{}:{}", name_, Position(offset));
    }

    Error Fail(std::size_t offset, std::string rule, std::string detail, std::string_view value) const {
        return InvalidArgument(Where(offset), std::move(rule), std::move(detail), value);
    }

    Error RawOutput(std::size_t tag) const {
        std::size_t end = source_.find("}}", tag + 2);
        end = end == std::string_view::npos ? source_.size() : end + (source_.substr(end, 3) == "}}}" ? 3 : 2);
        return Fail(tag, "template.raw_output",
                    "unescaped output ('{{{name}}}', '{{& name}}') is not supported; build markup in the template",
                    source_.substr(tag, end - tag));
    }

    Error BadName(std::size_t tag, std::string_view tag_text) const {
        return Fail(tag, "template.syntax",
                    fmt::format("bad name in '{}': names are '.' or words of letters, digits, '_' and '-' "
                                "joined by dots",
                                tag_text),
                    tag_text);
    }

    std::string_view source_;
    std::string_view name_;  // of the partial; empty for the template itself
    std::size_t depth_;      // sections open around this source
    Shared& shared_;
};

std::size_t TextBytes(const std::vector<Node>& nodes) {
    std::size_t n = 0;
    for (const Node& node : nodes) n += node.kind == Node::Kind::kText ? node.text.size() : TextBytes(node.children);
    return n;
}

// ---- Rendering

// The context stack: the innermost value first, on the C++ stack.
struct Frame {
    const Value* value;
    const Frame* parent;
};

const Value* Resolve(const Node& node, const Frame& top) {
    if (node.path.empty()) return top.value;
    const Value* value = nullptr;
    for (const Frame* f = &top; f != nullptr && value == nullptr; f = f->parent) value = f->value->Find(node.path[0]);
    for (std::size_t i = 1; i < node.path.size() && value != nullptr; ++i) value = value->Find(node.path[i]);
    return value;
}

void RenderNodes(const std::vector<Node>& nodes, const Frame& frame, std::string& out) {
    for (const Node& node : nodes) {
        switch (node.kind) {
            case Node::Kind::kText:
                out += node.text;
                break;
            case Node::Kind::kVariable:
                if (const Value* value = Resolve(node, frame)) AppendEscapedHtml(value->Text(), out);
                break;
            case Node::Kind::kSection: {
                const Value* value = Resolve(node, frame);
                if (value == nullptr || !value->Truthy()) break;
                if (value->kind() == Value::Kind::kList) {
                    for (const Value& item : value->Items()) RenderNodes(node.children, Frame{&item, &frame}, out);
                } else {
                    RenderNodes(node.children, Frame{value, &frame}, out);
                }
                break;
            }
            case Node::Kind::kInverted: {
                const Value* value = Resolve(node, frame);
                if (value == nullptr || !value->Truthy()) RenderNodes(node.children, frame, out);
                break;
            }
        }
    }
}

}  // namespace

Result<Template> Template::Compile(std::string_view source, const Partials& partials) {
    Shared shared{partials, {}};
    auto nodes = Compiler(source, {}, 0, shared).Run();
    if (!nodes) return nodes.error();
    auto impl = std::make_shared<Impl>();
    impl->nodes = std::move(*nodes);
    impl->text_bytes = TextBytes(impl->nodes);
    Template t;
    t.impl_ = std::move(impl);
    return t;
}

void Template::RenderTo(const Value& context, std::string& out) const {
    if (impl_ == nullptr) return;
    RenderNodes(impl_->nodes, Frame{&context, nullptr}, out);
}

std::string Template::Render(const Value& context) const {
    std::string out;
    if (impl_ == nullptr) return out;
    out.reserve(impl_->text_bytes + impl_->text_bytes / 2);
    RenderTo(context, out);
    return out;
}

}  // namespace txng::web
