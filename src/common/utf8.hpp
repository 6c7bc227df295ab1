#pragma once
// UTF-8 checks shared by the API (query strings) and the registry (names and addresses).

#include <string_view>

namespace txng {

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool ValidUtf8(std::string_view s);

// The number of code points in `s` (well-formed UTF-8): what a person counts as its length.
std::size_t CodePointCount(std::string_view s);

}  // namespace txng
