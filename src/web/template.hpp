#pragma once
// HTML templates for server-rendered public pages (the product page a consumer sees after scanning
// a QR code): a subset of Mustache in which every substitution is HTML-escaped. There is no raw
// output (`{{{x}}}` and `{{& x}}` do not compile), so data from enterprises, which is hostile
// input, cannot reach a page unescaped.
//
// Supported: `{{name}}`, dotted names `{{a.b}}`, `{{.}}` (the current item), name lookup up the
// context stack, sections `{{#name}}...{{/name}}`, inverted sections `{{^name}}...{{/name}}`,
// comments `{{! ...}}`, partials `{{> name}}` (inlined when compiling; a partial may not include
// itself, directly or not) and the Mustache rules for standalone lines (a section, comment or
// partial tag alone on its line takes that line's whitespace and line break with it; a standalone
// partial is indented like its tag). Not supported: raw output, set delimiters (`{{=<% %>=}}`),
// lambdas, template inheritance.
//
// Escaping makes substitutions safe in element content and in quoted attribute values
// (`href="{{url}}"`). It is not enough in unquoted attributes, inside <script> or <style>, or in
// URL attributes, where `javascript:` URLs run code: pass link targets through SafeUrl.
//
// A Template is compiled once (a node tree; no parsing when rendering) and is immutable: copies
// share it and it may render from many threads at once.

#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/error.hpp"

namespace txng::web {

// Integer types rendered in decimal; not bool nor the character types.
template <typename T>
concept Integer = std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char> && !std::same_as<T, wchar_t> &&
                  !std::same_as<T, char8_t> && !std::same_as<T, char16_t> && !std::same_as<T, char32_t>;

// A value of the rendering context: empty, a flag, text, a list or an object (names to values).
class Value {
  public:
    enum class Kind : std::uint8_t { kEmpty, kFlag, kText, kList, kObject };

    Value() = default;  // empty: false, renders nothing
    Value(std::string text) : kind_(Kind::kText), text_(std::move(text)) {}
    Value(std::string_view text) : kind_(Kind::kText), text_(text) {}
    Value(const char* text) : kind_(Kind::kText), text_(text == nullptr ? "" : text) {}
    Value(bool flag) : kind_(Kind::kFlag), flag_(flag) {}
    // Text: the number in decimal (so 0 is truthy, as "0" is).
    template <Integer T>
    Value(T number) : kind_(Kind::kText), text_(std::to_string(number)) {}

    static Value List(std::vector<Value> items);
    static Value Object();  // an object without names (truthy)

    // Sets `name` (replacing a value of that name); a value that is not an object becomes an
    // empty object first. Returns *this, to chain.
    Value& Set(std::string name, Value value) &;
    Value&& Set(std::string name, Value value) &&;
    // Appends an item; a value that is not a list becomes an empty list first.
    Value& Push(Value item) &;
    Value&& Push(Value item) &&;

    Kind kind() const { return kind_; }
    // False for an empty value, false, empty text and an empty list; true otherwise (objects too).
    bool Truthy() const;
    // The value of `name` in an object; nullptr when absent or when this is not an object.
    const Value* Find(std::string_view name) const;
    // The text of a text value; empty for other kinds.
    std::string_view Text() const { return kind_ == Kind::kText ? std::string_view(text_) : std::string_view(); }
    // The items of a list; empty for other kinds.
    std::span<const Value> Items() const {
        return kind_ == Kind::kList ? std::span<const Value>(items_) : std::span<const Value>();
    }

  private:
    Kind kind_ = Kind::kEmpty;
    bool flag_ = false;
    std::string text_;
    // A list's items, or an object's values with their names in names_ (same order).
    std::vector<Value> items_;
    std::vector<std::string> names_;
};

// Partials by name, for `{{> name}}`.
using Partials = std::map<std::string, std::string, std::less<>>;

class Template {
  public:
    // Renders nothing.
    Template() = default;

    // kInvalidArgument when the source is not a valid template, with `where` = "line:column" (1-based,
    // columns in code points) of the offending tag, or "partial:line:column" inside a partial.
    // Rules: `template.raw_output` for `{{{name}}}` and `{{& name}}`; `template.syntax` for an
    // unclosed tag, an unmatched or unclosed section, a bad name, an unknown or recursive partial,
    // set delimiters, sections nested over 100 deep; `template.too_large` when partials expand the
    // source past 4 MiB.
    static Result<Template> Compile(std::string_view source, const Partials& partials = {});

    // Appends the page for `context` to `out`. Only text values render; a name that resolves to
    // nothing, a flag, a list or an object renders as nothing.
    void RenderTo(const Value& context, std::string& out) const;
    std::string Render(const Value& context) const;

  private:
    struct Impl;
    std::shared_ptr<const Impl> impl_;
};

// `text` with & < > " ' ` = replaced by &amp; &lt; &gt; &quot; &#39; &#96; &#61;; other bytes (UTF-8
// included) unchanged.
std::string EscapeHtml(std::string_view text);
void AppendEscapedHtml(std::string_view text, std::string& out);

// `url` when it is safe as a link target: its scheme is http, https, mailto or tel (any case), or it
// is relative to the site (starts with '/', '?' or '#', but not "//" or "/\", which browsers read as
// another host); "#" otherwise, and for any URL holding a control character (browsers drop tabs
// and line breaks, so "java\tscript:" would run). The result still needs escaping (rendering does it).
std::string SafeUrl(std::string_view url);

}  // namespace txng::web
