#include "epcis/uri.hpp"

namespace txng::epcis {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// unreserved / sub-delims / ":" "@" "/" "?" and "[" "]" (allowed in the authority's IP-literal).
bool IsUriChar(char c) {
    if (IsAlpha(c) || IsDigit(c)) return true;
    switch (c) {
        case '-':
        case '.':
        case '_':
        case '~':  // unreserved
        case '!':
        case '$':
        case '&':
        case '\'':
        case '(':
        case ')':
        case '*':
        case '+':
        case ',':
        case ';':
        case '=':  // sub-delims
        case ':':
        case '@':
        case '/':
        case '?':
        case '#':
        case '[':
        case ']':
            return true;
        default:
            return false;
    }
}

}  // namespace

bool IsAbsoluteUri(std::string_view s) {
    if (s.empty() || !IsAlpha(s[0])) return false;
    std::size_t i = 1;
    while (i < s.size() && (IsAlpha(s[i]) || IsDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) ++i;
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    // "[" and "]" are legal only inside the authority (an IP literal host).
    std::size_t authority_end = i;
    if (s.substr(i, 2) == "//") {
        authority_end = s.find_first_of("/?#", i + 2);
        if (authority_end == std::string_view::npos) authority_end = s.size();
    }
    bool seen_fragment = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size() || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) return false;
            i += 2;
            continue;
        }
        if (c == '#') {
            if (seen_fragment) return false;  // only one fragment
            seen_fragment = true;
            continue;
        }
        if ((c == '[' || c == ']') && i >= authority_end) return false;
        if (!IsUriChar(c)) return false;
    }
    return true;
}

}  // namespace txng::epcis
