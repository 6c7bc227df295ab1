#include "registry/tax_code.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace txng::registry {
namespace {

// The weighted sum of the first nine digits, computed here independently of the code under test.
int WeightedSum(std::string_view nine) {
    static constexpr std::array<int, 9> kWeights = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    int sum = 0;
    for (std::size_t i = 0; i < 9; ++i) sum += kWeights[i] * (nine[i] - '0');
    return sum;
}

std::string NineDigits(int n) {
    std::string s = std::to_string(n);
    return std::string(9 - s.size(), '0') + s;
}

::testing::AssertionResult Rejected(std::string_view text, std::string_view rule, std::string_view where = "taxCode") {
    auto r = ParseTaxCode(text, where);
    if (r) return ::testing::AssertionFailure() << "'" << text << "' was accepted as '" << r->value << "'";
    const Error& e = r.error();
    if (e.code != ErrorCode::kInvalidArgument || e.rule != rule || e.where != where || e.value != text) {
        return ::testing::AssertionFailure() << "'" << text << "': " << e.ToString();
    }
    return ::testing::AssertionSuccess();
}

TEST(TaxCodeTest, AcceptsAKnownValidEnterpriseCode) {
    auto r = ParseTaxCode("0314409058");
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(r->value, "0314409058");
    EXPECT_EQ(r->kind, TaxCodeKind::kOrganisation);
    // 31·0 + 29·3 + 23·1 + 19·4 + 17·4 + 13·0 + 7·9 + 5·0 + 3·5 = 332; 332 mod 11 = 2; 10 - 2 = 8.
    EXPECT_EQ(WeightedSum("031440905"), 332);
    EXPECT_EQ(TaxCodeCheckDigit("031440905"), 8);
}

TEST(TaxCodeTest, CheckDigitFollowsTheWeightedSumModEleven) {
    // Every 9-digit prefix of the form 0ddddd0d0 and a spread of others: the check digit is 10 - sum % 11, or -1.
    for (int n = 0; n < 1'000'000'000; n += 7919 * 13) {
        const std::string nine = NineDigits(n);
        const int rest = WeightedSum(nine) % 11;
        const int expected = rest == 0 ? -1 : 10 - rest;
        ASSERT_EQ(TaxCodeCheckDigit(nine), expected) << nine;
        if (expected >= 0) {
            const std::string code = nine + static_cast<char>('0' + expected);
            auto r = ParseTaxCode(code);
            ASSERT_TRUE(r) << code << ": " << r.error().ToString();
            EXPECT_EQ(r->value, code);
        }
    }
}

TEST(TaxCodeTest, CheckDigitIsMinusOneWhenTheWeightedSumIsAMultipleOfEleven) {
    // Search a non-zero prefix whose weighted sum is a multiple of 11: 10 - 0 = 10 is never issued.
    std::string found;
    for (int n = 100'000'000; n < 1'000'000'000 && found.empty(); ++n) {
        const std::string nine = NineDigits(n);
        if (WeightedSum(nine) % 11 == 0) found = nine;
    }
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(TaxCodeCheckDigit(found), -1) << found;
    // No tenth digit makes a valid code of it.
    for (char last = '0'; last <= '9'; ++last) {
        EXPECT_TRUE(Rejected(found + last, "tax_code.check_digit"));
    }
    EXPECT_EQ(TaxCodeCheckDigit("000000000"), -1);  // the sum 0 is a multiple of 11 too
}

TEST(TaxCodeTest, CheckDigitIsMinusOneForAnythingButNineDigits) {
    EXPECT_EQ(TaxCodeCheckDigit(""), -1);
    EXPECT_EQ(TaxCodeCheckDigit("03144090"), -1);
    EXPECT_EQ(TaxCodeCheckDigit("0314409058"), -1);
    EXPECT_EQ(TaxCodeCheckDigit("03144090A"), -1);
    EXPECT_EQ(TaxCodeCheckDigit(" 31440905"), -1);
}

TEST(TaxCodeTest, EverySingleDigitMistypeIsRejected) {
    const std::string valid = "0314409058";
    for (std::size_t pos = 0; pos < valid.size(); ++pos) {
        for (char d = '0'; d <= '9'; ++d) {
            if (d == valid[pos]) continue;
            std::string typo = valid;
            typo[pos] = d;
            EXPECT_TRUE(Rejected(typo, "tax_code.check_digit")) << "position " << pos;
        }
    }
}

TEST(TaxCodeTest, BranchFormsNormaliseToTheHyphenatedForm) {
    for (const char* text : {"0314409058-002", "0314409058002"}) {
        auto r = ParseTaxCode(text);
        ASSERT_TRUE(r) << text << ": " << r.error().ToString();
        EXPECT_EQ(r->value, "0314409058-002") << text;
        EXPECT_EQ(r->kind, TaxCodeKind::kDependentUnit) << text;
    }
    auto last = ParseTaxCode("0314409058-999");
    ASSERT_TRUE(last);
    EXPECT_EQ(last->value, "0314409058-999");
}

TEST(TaxCodeTest, BranchSuffixZeroIsRejected) {
    EXPECT_TRUE(Rejected("0314409058-000", "tax_code.branch"));
    EXPECT_TRUE(Rejected("0314409058000", "tax_code.branch"));
}

TEST(TaxCodeTest, BranchOfAMistypedCodeFailsOnTheCheckDigit) {
    EXPECT_TRUE(Rejected("0314409059-002", "tax_code.check_digit"));
    EXPECT_TRUE(Rejected("0314409059002", "tax_code.check_digit"));
}

TEST(TaxCodeTest, WrongLengthsAndCharactersAreSyntaxErrors) {
    for (const char* text : {"",
                             "031440905",        // 9 digits
                             "03144090588",      // 11 digits
                             "03144090580021",   // 14 digits
                             "031440905800212",  // 15 digits
                             " 0314409058",      // leading space
                             "0314409058 ",      // trailing space
                             "0314409058\n",     // trailing line break
                             "031440905A",       // a letter
                             "03144O9058",       // letter O for zero
                             "+314409058",       // a sign
                             "0314-409058",      // hyphen in the wrong place
                             "0314409058-02",    // short branch suffix
                             "0314409058-0021",  // long branch suffix
                             "0314409058-00a",   // letter in the suffix
                             "0314409058_002",   // wrong separator
                             "0314409058 002",   // space as separator
                             "-0314409058",      // leading hyphen
                             "03144090-8002"}) {
        EXPECT_TRUE(Rejected(text, "tax_code.syntax"));
    }
}

TEST(TaxCodeTest, ErrorsNameTheGivenWhere) {
    EXPECT_TRUE(Rejected("123", "tax_code.syntax", "owner"));
    EXPECT_TRUE(Rejected("0314409059", "tax_code.check_digit", "enterprise.taxCode"));
}

TEST(TaxCodeTest, PersonalIdStartingWithAFormerProvinceCodeIsAccepted) {
    for (const char* text : {"001099012345", "079203001234", "096185000001", "027300123456"}) {
        auto r = ParseTaxCode(text);
        ASSERT_TRUE(r) << text << ": " << r.error().ToString();
        EXPECT_EQ(r->value, text);
        EXPECT_EQ(r->kind, TaxCodeKind::kPersonalId);
    }
}

TEST(TaxCodeTest, PersonalIdWithAnUnknownBirthProvinceIsRejected) {
    EXPECT_TRUE(Rejected("003099012345", "tax_code.personal_id"));  // 03 was never a province code
    EXPECT_TRUE(Rejected("100099012345", "tax_code.personal_id"));  // does not start with 0
    EXPECT_TRUE(Rejected("000099012345", "tax_code.personal_id"));
    EXPECT_TRUE(Rejected("099099012345", "tax_code.personal_id"));
}

TEST(TaxCodeTest, PersonalIdMustBeDigits) {
    EXPECT_TRUE(Rejected("00109901234X", "tax_code.syntax"));
    EXPECT_TRUE(Rejected("00109901234", "tax_code.syntax"));  // 11 digits
    // 13 digits are a dependent unit's code, never a personal id with an extra digit.
    auto branch = ParseTaxCode("0010990123456");
    ASSERT_TRUE(branch) << branch.error().ToString();
    EXPECT_EQ(branch->value, "0010990123-456");
    EXPECT_EQ(branch->kind, TaxCodeKind::kDependentUnit);
    EXPECT_TRUE(Rejected("0010990124456", "tax_code.check_digit"));
}

}  // namespace
}  // namespace txng::registry
