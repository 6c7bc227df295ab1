#include "epcis/json_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "epcis/json_reader.hpp"

namespace txng::epcis::json_internal {
namespace {

namespace json = boost::json;

void AppendString(std::string_view s, std::string& out) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t run = 0;  // start of the pending run of bytes that need no escape
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        out.push_back('\\');
        switch (c) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '\n':
                out.push_back('n');
                break;
            case '\r':
                out.push_back('r');
                break;
            case '\t':
                out.push_back('t');
                break;
            case '\b':
                out.push_back('b');
                break;
            case '\f':
                out.push_back('f');
                break;
            default:
                out.append("u00");
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xF]);
                break;
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

template <typename Int>
void AppendInt(Int i, std::string& out) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, i);
    out.append(buf, r.ptr);
}

// `limit`: stop descending once `out` is longer (previews); 0 means no limit.
void Write(const json::value& v, std::string& out, std::size_t limit) {
    switch (v.kind()) {
        case json::kind::null:
            out.append("null");
            return;
        case json::kind::bool_:
            out.append(v.get_bool() ? "true" : "false");
            return;
        case json::kind::int64:
            AppendInt(v.get_int64(), out);
            return;
        case json::kind::uint64:
            AppendInt(v.get_uint64(), out);
            return;
        case json::kind::double_:
            AppendDouble(v.get_double(), out);
            return;
        case json::kind::string:
            if (IsMarkedNumber(v) && IsJsonNumber(MarkedNumberText(v))) {
                out.append(MarkedNumberText(v));
            } else if (IsMarkedNumber(v)) {
                AppendString(MarkedNumberText(v), out);
            } else {
                const auto& s = v.get_string();
                AppendString(std::string_view(s.data(), s.size()), out);
            }
            return;
        case json::kind::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& item : v.get_array()) {
                if (!first) out.push_back(',');
                first = false;
                if (limit != 0 && out.size() > limit) {
                    out.append("...");
                    break;
                }
                Write(item, out, limit);
            }
            out.push_back(']');
            return;
        }
        case json::kind::object: {
            out.push_back('{');
            bool first = true;
            for (const auto& member : v.get_object()) {
                if (!first) out.push_back(',');
                first = false;
                if (limit != 0 && out.size() > limit) {
                    out.append("...");
                    break;
                }
                AppendString(std::string_view(member.key().data(), member.key().size()), out);
                out.push_back(':');
                Write(member.value(), out, limit);
            }
            out.push_back('}');
            return;
        }
    }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

void AppendDouble(double d, std::string& out) {
    if (!std::isfinite(d)) {
        out.append("null");
        return;
    }
    char buf[32];
    // Without a format argument to_chars gives the shortest text that reads back to `d`, choosing
    // plain or exponent notation by length: 150 -> "150", 0.005 -> "0.005", 1e21 -> "1e+21".
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, r.ptr);
}

void WriteJson(const json::value& v, std::string& out) { Write(v, out, 0); }

std::string PreviewJson(const json::value& v, std::size_t max_bytes) {
    std::string out;
    if (v.is_string() && !IsMarkedNumber(v)) {
        // A string value is shown without quotes, as people typed it.
        const std::string_view s(v.get_string().data(), v.get_string().size());
        std::size_t cut = std::min(s.size(), max_bytes);
        // Do not split a UTF-8 sequence.
        while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        return std::string(s.substr(0, cut));
    }
    Write(v, out, max_bytes);
    return out;
}

bool IsJsonNumber(std::string_view t) {
    std::size_t i = 0;
    if (i < t.size() && t[i] == '-') ++i;
    if (i >= t.size()) return false;
    if (t[i] == '0') {
        ++i;
    } else if (IsDigit(t[i])) {
        while (i < t.size() && IsDigit(t[i])) ++i;
    } else {
        return false;
    }
    if (i < t.size() && t[i] == '.') {
        ++i;
        if (i >= t.size() || !IsDigit(t[i])) return false;
        while (i < t.size() && IsDigit(t[i])) ++i;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        if (i >= t.size() || !IsDigit(t[i])) return false;
        while (i < t.size() && IsDigit(t[i])) ++i;
    }
    return i == t.size();
}

}  // namespace txng::epcis::json_internal
