#include "gs1/check_digit.hpp"

#include <gtest/gtest.h>

namespace txng::gs1 {
namespace {

TEST(CheckDigitTest, ComputesGs1Mod10CheckDigits) {
    EXPECT_EQ(*ComputeCheckDigit("0950600013435"), '2');      // GTIN 09506000134352
    EXPECT_EQ(*ComputeCheckDigit("1234567890123"), '1');      // GTIN 12345678901231
    EXPECT_EQ(*ComputeCheckDigit("401234500011"), '5');       // GLN 4012345000115
    EXPECT_EQ(*ComputeCheckDigit("04012345000000333"), '8');  // SSCC 040123450000003338
    EXPECT_EQ(*ComputeCheckDigit("4012345999987654"), '1');   // GSIN 40123459999876541
    EXPECT_EQ(*ComputeCheckDigit("40123450000098765"), '8');  // GSRN 401234500000987658
    EXPECT_EQ(*ComputeCheckDigit("9638507"), '4');            // GTIN-8 96385074
    EXPECT_EQ(*ComputeCheckDigit("0"), '0');
    EXPECT_EQ(*ComputeCheckDigit("1"), '7');
}

TEST(CheckDigitTest, LeadingZerosDoNotChangeTheCheckDigit) {
    EXPECT_EQ(*ComputeCheckDigit("9638507"), *ComputeCheckDigit("0000009638507"));
}

TEST(CheckDigitTest, RejectsEmptyOrNonDigitInput) {
    for (const char* bad : {"", "12a4", " 123", "\xEF\xBC\x91"}) {
        auto check = ComputeCheckDigit(bad);
        ASSERT_FALSE(check) << bad;
        EXPECT_EQ(check.error().rule, "check_digit.syntax");
        EXPECT_EQ(check.error().code, ErrorCode::kInvalidArgument);
    }
}

TEST(CheckDigitTest, AppendsTheCheckDigit) {
    EXPECT_EQ(*AppendCheckDigit("0950600013435"), "09506000134352");
    EXPECT_FALSE(AppendCheckDigit("09506X"));
}

TEST(CheckDigitTest, RecognisesValidAndInvalidCheckDigits) {
    EXPECT_TRUE(HasValidCheckDigit("09506000134352"));
    EXPECT_TRUE(HasValidCheckDigit("96385074"));
    EXPECT_TRUE(HasValidCheckDigit("00"));
    EXPECT_FALSE(HasValidCheckDigit("09506000134353"));
    EXPECT_FALSE(HasValidCheckDigit("0"));
    EXPECT_FALSE(HasValidCheckDigit(""));
    EXPECT_FALSE(HasValidCheckDigit("0950600013435X"));
}

TEST(CheckDigitTest, VerifyNamesTheKeyInRuleAndWhere) {
    EXPECT_TRUE(VerifyCheckDigit("4012345000115", "gln", "location"));
    auto wrong = VerifyCheckDigit("4012345000116", "gln", "location");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().rule, "gln.check_digit");
    EXPECT_EQ(wrong.error().where, "location");
    EXPECT_EQ(wrong.error().value, "4012345000116");
    EXPECT_NE(wrong.error().detail.find("should be 5"), std::string::npos);
    auto syntax = VerifyCheckDigit("40123A", "gln", "location");
    ASSERT_FALSE(syntax);
    EXPECT_EQ(syntax.error().rule, "gln.syntax");
}

TEST(CheckDigitTest, ComputesTheGmnCheckCharacterPair) {
    // Example of the GS1 General Specifications (GMN).
    EXPECT_EQ(*ComputeCheckCharacterPair("1987654Ad4X4bL5ttr2310c"), "2K");
    EXPECT_EQ(*ComputeCheckCharacterPair("12345"), "FC");
    EXPECT_EQ(*ComputeCheckCharacterPair("4012345ABC"), "4T");
}

TEST(CheckDigitTest, CheckCharacterPairRejectsBadInput) {
    for (std::string bad : {std::string(), std::string("abc#"), std::string("a b"), std::string(98, 'A')}) {
        auto pair = ComputeCheckCharacterPair(bad);
        ASSERT_FALSE(pair) << bad;
        EXPECT_EQ(pair.error().rule, "check_pair.syntax");
    }
    EXPECT_TRUE(ComputeCheckCharacterPair(std::string(97, 'z')));
}

TEST(CheckDigitTest, RecognisesValidAndInvalidCheckCharacterPairs) {
    EXPECT_TRUE(HasValidCheckCharacterPair("1987654Ad4X4bL5ttr2310c2K"));
    EXPECT_FALSE(HasValidCheckCharacterPair("1987654Ad4X4bL5ttr2310c2L"));
    EXPECT_FALSE(HasValidCheckCharacterPair("1987654Ad4X4bL5ttr2310d2K"));
    EXPECT_FALSE(HasValidCheckCharacterPair("2K"));
    EXPECT_FALSE(HasValidCheckCharacterPair(""));
}

}  // namespace
}  // namespace txng::gs1
