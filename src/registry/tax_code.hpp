#pragma once
// Vietnamese tax codes (mã số thuế, MST), which identify enterprises in the registry:
//   - 10 digits: an enterprise or organisation. The first two digits were the province of the
//     tax office that issued it, the next seven a sequence, the tenth a check digit over the first
//     nine: 10 - (31·d1 + 29·d2 + 23·d3 + 19·d4 + 17·d5 + 13·d6 + 7·d7 + 5·d8 + 3·d9) mod 11 (a
//     result of 10 is never issued);
//   - 10 digits, '-', 3 digits (001-999): a dependent unit (branch, representative office); also
//     accepted as 13 digits without the hyphen;
//   - 12 digits: the personal identification number (số định danh cá nhân), which serves as the
//     tax code of individuals and household businesses since 1 July 2025. Its first three digits are
//     the code of the province where the birth was registered (one of the 63 pre-2025 codes), the
//     fourth encodes century and sex. It has no check digit.
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::registry {

enum class TaxCodeKind { kOrganisation, kDependentUnit, kPersonalId };

struct TaxCode {
    std::string value;  // normalised: "0101234567", "0101234567-001" or 12 digits
    TaxCodeKind kind = TaxCodeKind::kOrganisation;
};

// Checks and normalises `text` (surrounding spaces are not accepted). Errors are kInvalidArgument
// naming `where`: rule `tax_code.syntax` (wrong length or characters), `tax_code.check_digit`,
// `tax_code.branch` (dependent-unit suffix 000), `tax_code.personal_id` (birth province unknown).
Result<TaxCode> ParseTaxCode(std::string_view text, std::string_view where = "taxCode");

// The check digit of the first nine digits of an organisation's tax code; -1 when the weighted
// sum gives 10 (no valid tax code starts with these nine digits) or `nine` is not nine digits.
int TaxCodeCheckDigit(std::string_view nine);

}  // namespace txng::registry
