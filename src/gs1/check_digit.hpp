#pragma once
// GS1 check digits (mod 10, GS1 General Specifications "check digit calculation") and the check
// character pair of alphanumeric keys (mod 1021, used by the GMN, AI 8013). Pure functions;
// thread-safe.

#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::gs1 {

// The GS1 mod-10 check digit ('0'..'9') of `digits`, the key without its check digit: digits are
// weighted 3, 1, 3, 1, ... starting from the rightmost one. Error rule `check_digit.syntax` when
// `digits` is empty or holds a non-digit.
Result<char> ComputeCheckDigit(std::string_view digits);

// `digits` followed by their check digit. Same errors as ComputeCheckDigit.
Result<std::string> AppendCheckDigit(std::string_view digits);

// True when `digits_with_check` has at least two characters, all digits, and its last digit is
// the check digit of the others.
bool HasValidCheckDigit(std::string_view digits_with_check);

// Verifies the last digit of `digits_with_check`. `key` names the key in rule ids and messages
// ("gtin" -> rules `gtin.syntax`, `gtin.check_digit`); `where` goes to Error::where.
Result<void> VerifyCheckDigit(std::string_view digits_with_check, std::string_view key, std::string_view where);

// The two check characters (from CSET 32: 23456789ABCDEFGHJKLMNPQRSTUVWXYZ) of an alphanumeric
// key such as a GMN: the CSET 82 values of `data` are weighted by the primes 2, 3, 5, 7, ...
// from the right, summed modulo 1021, and the 10-bit result is split into two 5-bit halves.
// Error rule `check_pair.syntax` when `data` is empty, longer than 97 characters or holds a
// character outside CSET 82.
Result<std::string> ComputeCheckCharacterPair(std::string_view data);

// True when `data_with_pair` ends with the correct check character pair of what precedes it.
bool HasValidCheckCharacterPair(std::string_view data_with_pair);

}  // namespace txng::gs1
