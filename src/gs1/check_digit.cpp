#include "gs1/check_digit.hpp"

#include <array>

#include "gs1/charset.hpp"

namespace txng::gs1 {

namespace {

constexpr std::string_view kCset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

// The first 97 primes: enough weights for any alphanumeric GS1 key (the longest AI value is 90).
constexpr std::array<int, 97> kPrimes = {
    2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,  61,  67,  71,
    73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173,
    179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281,
    283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409,
    419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509};

// Precondition: `digits` is all digits.
char Mod10(std::string_view digits) {
    int sum = 0;
    int weight = 3;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        sum += (*it - '0') * weight;
        weight = 4 - weight;  // alternates 3, 1, 3, ...
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace

Result<char> ComputeCheckDigit(std::string_view digits) {
    if (!IsAllDigits(digits)) {
        return InvalidArgument("", "check_digit.syntax", "A check digit can only be computed over one or more digits.",
                               digits);
    }
    return Mod10(digits);
}

Result<std::string> AppendCheckDigit(std::string_view digits) {
    auto check = ComputeCheckDigit(digits);
    if (!check) return check.error();
    std::string out(digits);
    out.push_back(*check);
    return out;
}

bool HasValidCheckDigit(std::string_view digits_with_check) {
    if (digits_with_check.size() < 2 || !IsAllDigits(digits_with_check)) return false;
    return Mod10(digits_with_check.substr(0, digits_with_check.size() - 1)) == digits_with_check.back();
}

Result<void> VerifyCheckDigit(std::string_view digits_with_check, std::string_view key, std::string_view where) {
    if (digits_with_check.size() < 2 || !IsAllDigits(digits_with_check)) {
        return InvalidArgument(std::string(where), std::string(key) + ".syntax",
                               "A key with a check digit must consist of at least two digits.", digits_with_check);
    }
    const char expected = Mod10(digits_with_check.substr(0, digits_with_check.size() - 1));
    if (expected != digits_with_check.back()) {
        return InvalidArgument(
            std::string(where), std::string(key) + ".check_digit",
            std::string("The check digit is ") + digits_with_check.back() + " but should be " + expected + ".",
            digits_with_check);
    }
    return {};
}

Result<std::string> ComputeCheckCharacterPair(std::string_view data) {
    if (data.empty() || data.size() > kPrimes.size()) {
        return InvalidArgument("", "check_pair.syntax",
                               "A check character pair can only be computed over 1 to 97 characters.", data);
    }
    int sum = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const auto value = Cset82Index(data[i]);
        if (!value) {
            return InvalidArgument("", "check_pair.syntax",
                                   "A check character pair can only be computed over GS1 character set 82.", data);
        }
        sum += *value * kPrimes[data.size() - 1 - i];
    }
    sum %= 1021;
    return std::string{kCset32[static_cast<std::size_t>(sum >> 5)], kCset32[static_cast<std::size_t>(sum & 31)]};
}

bool HasValidCheckCharacterPair(std::string_view data_with_pair) {
    if (data_with_pair.size() < 3) return false;
    auto pair = ComputeCheckCharacterPair(data_with_pair.substr(0, data_with_pair.size() - 2));
    return pair && *pair == data_with_pair.substr(data_with_pair.size() - 2);
}

}  // namespace txng::gs1
