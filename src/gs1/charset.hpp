#pragma once
// Character sets of GS1 data: digits, AI encodable character set 82 ("CSET 82", used by most
// alphanumeric AIs), character set 39 ("CSET 39", used by CPID) and character set 64 ("CSET 64",
// base64url, used by the digital signature AI 8030). Pure functions; thread-safe.

#include <cstddef>
#include <optional>
#include <string_view>

namespace txng::gs1 {

enum class Charset : unsigned char {
    kNumeric,  // 0-9
    kCset82,   // ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z
    kCset39,   // # - / 0-9 A-Z
    kCset64,   // A-Z a-z 0-9 - _ (and = as padding)
};

// Stable short name: "numeric", "cset82", "cset39", "cset64".
std::string_view CharsetName(Charset charset);
// One English phrase for messages, e.g. "digits" or "GS1 character set 82".
std::string_view CharsetDescription(Charset charset);

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsUpperAlpha(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLowerAlpha(char c) { return c >= 'a' && c <= 'z'; }

// True when `c` belongs to `charset`.
bool InCharset(char c, Charset charset);

// True when `text` is non-empty and every character is a digit.
bool IsAllDigits(std::string_view text);

// Position of the first character of `text` outside `charset`; nullopt when all belong.
std::optional<std::size_t> FirstOutside(std::string_view text, Charset charset);

// Index (0..81) of `c` in the ordered CSET 82 table (used by the GMN check character pair);
// nullopt when `c` is not in CSET 82.
std::optional<int> Cset82Index(char c);

}  // namespace txng::gs1
