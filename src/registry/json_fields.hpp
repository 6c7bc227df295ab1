#pragma once
// Reading the registry's JSON records: text fields checked the same way everywhere (valid UTF-8,
// no control characters, no surrounding spaces, bounded length) and objects whose unknown members
// are refused, with errors naming the field. Internal to src/registry.

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/utf8.hpp"

namespace txng::registry::detail {

namespace json = boost::json;

inline constexpr std::size_t kMaxName = 300;  // code points
inline constexpr std::size_t kMaxText = 500;  // street, brand, category, contact fields
inline constexpr std::size_t kMaxListItems = 100;

inline bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::string Join(std::string_view outer, std::string_view inner) {
    if (outer.empty()) return std::string(inner);
    if (!inner.empty() && inner.front() == '[') return std::string(outer) + std::string(inner);
    return std::string(outer) + "." + std::string(inner);
}

// A text field: valid UTF-8, no control characters, no surrounding spaces, at most `max` code
// points; `required` refuses the empty text.
inline Result<void> CheckText(std::string_view text, std::string_view where, std::size_t max, bool required) {
    if (!ValidUtf8(text)) return InvalidArgument(std::string(where), "text.utf8", "The text is not valid UTF-8.");
    if (required && text.empty())
        return InvalidArgument(std::string(where), "field.required", "This field is required.");
    if (CodePointCount(text) > max) {
        return InvalidArgument(std::string(where), "text.too_long",
                               fmt::format("The text is longer than {} characters.", max), text);
    }
    // C0 controls, DEL, and the C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F).
    bool control = false;
    for (std::size_t i = 0; i < text.size() && !control; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        control = c < 0x20 || c == 0x7f ||
                  (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f);
    }
    if (control) {
        return InvalidArgument(std::string(where), "text.control",
                               "The text holds control characters (line breaks, tabs).", text);
    }
    if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) {
        return InvalidArgument(std::string(where), "text.spaces", "The text starts or ends with a space.", text);
    }
    return {};
}

// Reads the members of one JSON object, refusing unknown ones and wrong types.
class ObjectReader {
  public:
    ObjectReader(const json::object& object, std::string path) : object_(object), path_(std::move(path)) {}

    static Result<ObjectReader> Of(const json::value& value, std::string path) {
        if (!value.is_object()) {
            return InvalidArgument(path.empty() ? "$" : path, "json.type", "Expected a JSON object.");
        }
        return ObjectReader(value.get_object(), std::move(path));
    }

    std::string Where(std::string_view key) const { return Join(path_, key); }

    // Fails on members not in `known`.
    Result<void> OnlyKnown(std::initializer_list<std::string_view> known) const {
        for (const auto& member : object_) {
            if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
                return InvalidArgument(Where(member.key()), "field.unknown",
                                       "Unknown field (field names are case-sensitive camelCase).",
                                       std::string_view(member.key()));
            }
        }
        return {};
    }

    const json::value* Find(std::string_view key) const {
        const auto* v = object_.if_contains(key);
        return v == nullptr || v->is_null() ? nullptr : v;
    }

    Result<std::string> String(std::string_view key, std::size_t max, bool required) const {
        const json::value* v = Find(key);
        if (v == nullptr) {
            if (required) return InvalidArgument(Where(key), "field.required", "This field is required.");
            return std::string();
        }
        if (!v->is_string()) return InvalidArgument(Where(key), "json.type", "Expected a string.");
        std::string s(v->get_string());
        if (auto ok = CheckText(s, Where(key), max, required); !ok) return ok.error();
        return s;
    }

    Result<std::vector<std::string>> Strings(std::string_view key) const {
        std::vector<std::string> out;
        const json::value* v = Find(key);
        if (v == nullptr) return out;
        if (!v->is_array()) return InvalidArgument(Where(key), "json.type", "Expected an array of strings.");
        const auto& a = v->get_array();
        if (a.size() > kMaxListItems) {
            return InvalidArgument(Where(key), "list.too_long", fmt::format("At most {} items.", kMaxListItems));
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string where = fmt::format("{}[{}]", Where(key), i);
            if (!a[i].is_string()) return InvalidArgument(where, "json.type", "Expected a string.");
            out.emplace_back(a[i].get_string());
        }
        return out;
    }

    Result<std::optional<double>> Number(std::string_view key) const {
        const json::value* v = Find(key);
        if (v == nullptr) return std::optional<double>();
        if (!v->is_number()) return InvalidArgument(Where(key), "json.type", "Expected a number.");
        return std::optional<double>(v->to_number<double>());
    }

  private:
    const json::object& object_;
    std::string path_;
};

}  // namespace txng::registry::detail
