#include "registry/tax_code.hpp"

#include <algorithm>
#include <array>

#include "registry/province.hpp"

namespace txng::registry {
namespace {

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error Syntax(std::string_view where, std::string_view text) {
    return InvalidArgument(std::string(where), "tax_code.syntax",
                           "A tax code is 10 digits (an enterprise), 10 digits, '-' and 3 digits (a branch), or the "
                           "12-digit personal identification number (a household business).",
                           text);
}

}  // namespace

int TaxCodeCheckDigit(std::string_view nine) {
    static constexpr std::array<int, 9> kWeights = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    if (nine.size() != 9 || !AllDigits(nine)) return -1;
    int sum = 0;
    for (std::size_t i = 0; i < 9; ++i) sum += kWeights[i] * (nine[i] - '0');
    const int check = 10 - sum % 11;
    return check == 10 ? -1 : check;
}

Result<TaxCode> ParseTaxCode(std::string_view text, std::string_view where) {
    std::string_view main = text;
    std::string_view branch;
    if (text.size() == 14 && text[10] == '-') {
        main = text.substr(0, 10);
        branch = text.substr(11);
    } else if (text.size() == 13) {
        main = text.substr(0, 10);
        branch = text.substr(10);
    }
    if (!AllDigits(main) || (!branch.empty() && !AllDigits(branch))) return Syntax(where, text);
    if (main.size() == 12 && branch.empty()) {
        const std::string_view birth_province = main.substr(0, 3);
        const bool known = birth_province[0] == '0' &&
                           std::any_of(FormerProvinces().begin(), FormerProvinces().end(),
                                       [&](const FormerProvince& p) { return p.code == birth_province.substr(1); });
        if (!known) {
            return InvalidArgument(std::string(where), "tax_code.personal_id",
                                   "A 12-digit personal identification number starts with the 3-digit code of the "
                                   "province where the birth was registered (001-096); this one does not.",
                                   text);
        }
        return TaxCode{std::string(main), TaxCodeKind::kPersonalId};
    }
    if (main.size() != 10) return Syntax(where, text);
    if (TaxCodeCheckDigit(main.substr(0, 9)) != main[9] - '0') {
        return InvalidArgument(std::string(where), "tax_code.check_digit",
                               "The tenth digit of the tax code is not the check digit of the first nine: the code "
                               "is mistyped.",
                               text);
    }
    if (branch.empty()) return TaxCode{std::string(main), TaxCodeKind::kOrganisation};
    if (branch == "000") {
        return InvalidArgument(std::string(where), "tax_code.branch", "A dependent unit's suffix runs from 001 to 999.",
                               text);
    }
    return TaxCode{std::string(main) + "-" + std::string(branch), TaxCodeKind::kDependentUnit};
}

}  // namespace txng::registry
