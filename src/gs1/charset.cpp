#include "gs1/charset.hpp"

namespace txng::gs1 {

namespace {

// CSET 82 in its standard order; a character's index is its value in check character pairs.
constexpr std::string_view kCset82Ordered =
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

}  // namespace

std::string_view CharsetName(Charset charset) {
    switch (charset) {
        case Charset::kNumeric:
            return "numeric";
        case Charset::kCset82:
            return "cset82";
        case Charset::kCset39:
            return "cset39";
        case Charset::kCset64:
            return "cset64";
    }
    return "unknown";
}

std::string_view CharsetDescription(Charset charset) {
    switch (charset) {
        case Charset::kNumeric:
            return "digits";
        case Charset::kCset82:
            return "GS1 AI encodable character set 82";
        case Charset::kCset39:
            return "GS1 AI encodable character set 39 (digits, upper-case letters, '#', '-', '/')";
        case Charset::kCset64:
            return "GS1 AI encodable character set 64 (base64url)";
    }
    return "an unknown character set";
}

bool InCharset(char c, Charset charset) {
    switch (charset) {
        case Charset::kNumeric:
            return IsDigit(c);
        case Charset::kCset82:
            return kCset82Ordered.find(c) != std::string_view::npos;
        case Charset::kCset39:
            return IsDigit(c) || IsUpperAlpha(c) || c == '#' || c == '-' || c == '/';
        case Charset::kCset64:
            return IsDigit(c) || IsUpperAlpha(c) || IsLowerAlpha(c) || c == '-' || c == '_' || c == '=';
    }
    return false;
}

bool IsAllDigits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (!IsDigit(c)) return false;
    }
    return true;
}

std::optional<std::size_t> FirstOutside(std::string_view text, Charset charset) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!InCharset(text[i], charset)) return i;
    }
    return std::nullopt;
}

std::optional<int> Cset82Index(char c) {
    const auto pos = kCset82Ordered.find(c);
    if (pos == std::string_view::npos || c == '\0') return std::nullopt;
    return static_cast<int>(pos);
}

}  // namespace txng::gs1
