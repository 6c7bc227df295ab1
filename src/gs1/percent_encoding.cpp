#include "gs1/percent_encoding.hpp"

#include <optional>

#include "gs1/charset.hpp"

namespace txng::gs1 {

namespace {

constexpr std::string_view kHexUpper = "0123456789ABCDEF";

bool IsUnreserved(char c) {
    return IsDigit(c) || IsUpperAlpha(c) || IsLowerAlpha(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

std::optional<int> HexValue(char c) {
    if (IsDigit(c)) return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return std::nullopt;
}

void AppendEscape(std::string& out, unsigned char byte) {
    out.push_back('%');
    out.push_back(kHexUpper[byte >> 4]);
    out.push_back(kHexUpper[byte & 0x0F]);
}

// Literal characters of a TDS GS3A3 component.
bool IsEpcLiteral(char c) {
    if (IsDigit(c) || IsUpperAlpha(c) || IsLowerAlpha(c)) return true;
    constexpr std::string_view kOther = "!'()*+,-.:;=_";
    return kOther.find(c) != std::string_view::npos;
}

}  // namespace

std::string PercentEncodeDlValue(std::string_view value, DlEscaping escaping) {
    std::string out;
    out.reserve(value.size() + 8);
    for (char c : value) {
        const bool literal =
            IsUnreserved(c) || (escaping == DlEscaping::kEventHash && (c == '\'' || c == ';' || c == '='));
        if (literal) {
            out.push_back(c);
        } else {
            AppendEscape(out, static_cast<unsigned char>(c));
        }
    }
    return out;
}

Result<std::string> PercentDecode(std::string_view text, std::string_view where, bool plus_as_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+' && plus_as_space) {
            out.push_back(' ');
            continue;
        }
        if (c != '%') {
            out.push_back(c);
            continue;
        }
        const auto hi = i + 1 < text.size() ? HexValue(text[i + 1]) : std::nullopt;
        const auto lo = i + 2 < text.size() ? HexValue(text[i + 2]) : std::nullopt;
        if (!hi || !lo) {
            return InvalidArgument(std::string(where), "percent_encoding.malformed",
                                   "A '%' at position " + std::to_string(i) + " is not followed by two hex digits.",
                                   text);
        }
        const int byte = *hi * 16 + *lo;
        if (byte == 0) {
            return InvalidArgument(std::string(where), "percent_encoding.nul",
                                   "The escape %00 (NUL) at position " + std::to_string(i) + " is not allowed.", text);
        }
        out.push_back(static_cast<char>(byte));
        i += 2;
    }
    return out;
}

std::string EscapeEpcComponent(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 8);
    for (char c : value) {
        switch (c) {
            case '"':
            case '%':
            case '&':
            case '/':
            case '<':
            case '>':
            case '?':
            case '#':
                AppendEscape(out, static_cast<unsigned char>(c));
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

Result<std::string> UnescapeEpcComponent(std::string_view component, std::string_view where) {
    std::string out;
    out.reserve(component.size());
    for (std::size_t i = 0; i < component.size(); ++i) {
        const char c = component[i];
        if (c == '%') {
            const auto hi = i + 1 < component.size() ? HexValue(component[i + 1]) : std::nullopt;
            const auto lo = i + 2 < component.size() ? HexValue(component[i + 2]) : std::nullopt;
            if (!hi || !lo) {
                return InvalidArgument(std::string(where), "epc_uri.escape",
                                       "A '%' at position " + std::to_string(i) + " is not followed by two hex digits.",
                                       component);
            }
            const char decoded = static_cast<char>(*hi * 16 + *lo);
            if (!InCharset(decoded, Charset::kCset82)) {
                return InvalidArgument(std::string(where), "epc_uri.escape",
                                       "The escape at position " + std::to_string(i) +
                                           " does not stand for a character of GS1 character set 82.",
                                       component);
            }
            out.push_back(decoded);
            i += 2;
            continue;
        }
        if (!IsEpcLiteral(c)) {
            return InvalidArgument(std::string(where), "epc_uri.charset",
                                   "The character '" + std::string(1, c) + "' at position " + std::to_string(i) +
                                       (InCharset(c, Charset::kCset82) ? " must be %-escaped in an EPC URI."
                                                                       : " is not allowed in an EPC URI component."),
                                   component);
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace txng::gs1
