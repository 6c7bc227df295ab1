#include "gs1/keys.hpp"

#include <gtest/gtest.h>

namespace txng::gs1 {
namespace {

TEST(KeysTest, NormalizeGtinPadsEveryGtinLengthToFourteen) {
    EXPECT_EQ(*NormalizeGtin("96385074"), "00000096385074");        // GTIN-8
    EXPECT_EQ(*NormalizeGtin("614141000036"), "00614141000036");    // GTIN-12 (UPC-A)
    EXPECT_EQ(*NormalizeGtin("4012345123456"), "04012345123456");   // GTIN-13
    EXPECT_EQ(*NormalizeGtin("12345678901231"), "12345678901231");  // GTIN-14
}

TEST(KeysTest, NormalizeGtinRejectsBadGtins) {
    struct Case {
        const char* gtin;
        const char* rule;
    };
    for (const auto& c :
         {Case{"", "gtin.charset"}, Case{"4012345A23456", "gtin.charset"}, Case{" 4012345123456", "gtin.charset"},
          Case{"1234567", "gtin.length"}, Case{"123456789", "gtin.length"}, Case{"123456789012345", "gtin.length"},
          Case{"4012345123457", "gtin.check_digit"}, Case{"96385075", "gtin.check_digit"}}) {
        auto gtin = NormalizeGtin(c.gtin);
        ASSERT_FALSE(gtin) << c.gtin;
        EXPECT_EQ(gtin.error().rule, c.rule) << c.gtin;
        EXPECT_EQ(gtin.error().where, "gtin");
    }
    auto where = NormalizeGtin("4012345123457", "product.gtin");
    ASSERT_FALSE(where);
    EXPECT_EQ(where.error().where, "product.gtin");
}

TEST(KeysTest, ValidateGtin14RequiresFourteenDigits) {
    EXPECT_TRUE(ValidateGtin14("09506000134352"));
    EXPECT_EQ(ValidateGtin14("9506000134352").error().rule, "gtin.length");
    EXPECT_EQ(ValidateGtin14("09506000134353").error().rule, "gtin.check_digit");
}

TEST(KeysTest, GlnAndExtension) {
    EXPECT_TRUE(ValidateGln("4012345000115"));
    EXPECT_EQ(ValidateGln("4012345000116").error().rule, "gln.check_digit");
    EXPECT_EQ(ValidateGln("401234500011").error().rule, "gln.length");
    EXPECT_EQ(ValidateGln("401234500011X").error().rule, "gln.charset");
    EXPECT_EQ(ValidateGln("4012345000116").error().where, "gln");
    EXPECT_TRUE(ValidateGlnExtension("987"));
    EXPECT_TRUE(ValidateGlnExtension("A-1/2"));
    EXPECT_EQ(ValidateGlnExtension("").error().rule, "ai.length");
    EXPECT_EQ(ValidateGlnExtension("123456789012345678901").error().rule, "ai.length");
    EXPECT_EQ(ValidateGlnExtension("a b").error().rule, "ai.charset");
}

TEST(KeysTest, Sscc) {
    EXPECT_TRUE(ValidateSscc("040123450000003338"));
    EXPECT_TRUE(ValidateSscc("106141411234567897"));
    EXPECT_EQ(ValidateSscc("040123450000003339").error().rule, "sscc.check_digit");
    EXPECT_EQ(ValidateSscc("04012345000000333").error().rule, "sscc.length");
}

TEST(KeysTest, GraiWithFillerDigitAndOptionalSerial) {
    EXPECT_TRUE(ValidateGrai("04012345666663"));
    EXPECT_TRUE(ValidateGrai("0401234566666387"));
    EXPECT_TRUE(ValidateGrai("04012345666663ABCDEFGHIJKLMNOP"));
    EXPECT_EQ(ValidateGrai("04012345666663ABCDEFGHIJKLMNOPQ").error().rule, "grai.length");
    EXPECT_EQ(ValidateGrai("4012345666663").error().rule, "grai.length");
    EXPECT_EQ(ValidateGrai("14012345666663").error().rule, "grai.filler_digit");
    EXPECT_EQ(ValidateGrai("04012345666664").error().rule, "grai.check_digit");
    EXPECT_EQ(ValidateGrai("04012345666663 1").error().rule, "grai.charset");
}

TEST(KeysTest, Giai) {
    EXPECT_TRUE(ValidateGiai("4012345AAbb"));
    EXPECT_TRUE(ValidateGiai("123456789012345678901234567890"));
    EXPECT_EQ(ValidateGiai("1234567890123456789012345678901").error().rule, "giai.length");
    EXPECT_EQ(ValidateGiai("").error().rule, "giai.length");
    EXPECT_EQ(ValidateGiai("4012345#").error().rule, "giai.charset");
}

TEST(KeysTest, GsrnAndGsrnp) {
    EXPECT_TRUE(ValidateGsrn("401234598765400000"));
    EXPECT_TRUE(ValidateGsrnp("401234500000987658"));
    EXPECT_EQ(ValidateGsrn("401234598765400001").error().rule, "gsrn.check_digit");
    EXPECT_EQ(ValidateGsrnp("401234500000987659").error().rule, "gsrn.check_digit");
    EXPECT_EQ(ValidateGsrnp("401234500000987659").error().where, "gsrnp");
    EXPECT_EQ(ValidateGsrn("4012345987654000").error().rule, "gsrn.length");
}

TEST(KeysTest, GdtiWithOptionalSerial) {
    EXPECT_TRUE(ValidateGdti("4012345555554"));
    EXPECT_TRUE(ValidateGdti("401234555555498"));
    EXPECT_TRUE(ValidateGdti("4012345000092PO-4711"));
    EXPECT_TRUE(ValidateGdti("401234555555412345678901234567"));
    EXPECT_EQ(ValidateGdti("4012345555554123456789012345678").error().rule, "gdti.length");
    EXPECT_EQ(ValidateGdti("4012345555555").error().rule, "gdti.check_digit");
}

TEST(KeysTest, GcnWithOptionalNumericSerial) {
    EXPECT_TRUE(ValidateGcn("4012345999990"));
    EXPECT_TRUE(ValidateGcn("401234599999044"));
    EXPECT_TRUE(ValidateGcn("4012345999990000000000000"));
    EXPECT_EQ(ValidateGcn("40123459999900000000000000").error().rule, "gcn.length");
    EXPECT_EQ(ValidateGcn("401234599999044A").error().rule, "gcn.charset");
    EXPECT_EQ(ValidateGcn("4012345999991").error().rule, "gcn.check_digit");
}

TEST(KeysTest, GincAndGsin) {
    EXPECT_TRUE(ValidateGinc("0614141xyz47/11"));
    EXPECT_EQ(ValidateGinc("0614141 xyz").error().rule, "ginc.charset");
    EXPECT_EQ(ValidateGinc("1234567890123456789012345678901").error().rule, "ginc.length");
    EXPECT_TRUE(ValidateGsin("40123459999876541"));
    EXPECT_EQ(ValidateGsin("40123459999876542").error().rule, "gsin.check_digit");
    EXPECT_EQ(ValidateGsin("4012345999987654").error().rule, "gsin.length");
}

TEST(KeysTest, CpidUsesCharacterSet39) {
    EXPECT_TRUE(ValidateCpid("4012345ABC"));
    EXPECT_TRUE(ValidateCpid("061414111111111111111-A#/"));
    EXPECT_EQ(ValidateCpid("4012345abc").error().rule, "cpid.charset");
    EXPECT_EQ(ValidateCpid("4012345A.C").error().rule, "cpid.charset");
    EXPECT_EQ(ValidateCpid("1234567890123456789012345678901").error().rule, "cpid.length");
}

TEST(KeysTest, ItipIsAGtinWithPieceAndTotal) {
    EXPECT_TRUE(ValidateItip("040123451234560102"));
    EXPECT_TRUE(ValidateItip("040123451234569999"));
    EXPECT_EQ(ValidateItip("040123451234570102").error().rule, "itip.check_digit");
    EXPECT_EQ(ValidateItip("040123451234560201").error().rule, "itip.piece_of_total");
    EXPECT_EQ(ValidateItip("0401234512345601").error().rule, "itip.length");
}

TEST(KeysTest, GmnCheckCharacterPair) {
    EXPECT_TRUE(ValidateGmn("1987654Ad4X4bL5ttr2310c2K"));
    EXPECT_TRUE(ValidateGmn("12345FC"));
    EXPECT_EQ(ValidateGmn("1987654Ad4X4bL5ttr2310c2L").error().rule, "gmn.check_pair");
    EXPECT_EQ(ValidateGmn("12345FD").error().rule, "gmn.check_pair");
    EXPECT_EQ(ValidateGmn("12345 FC").error().rule, "gmn.charset");
    EXPECT_EQ(ValidateGmn("1234567890123456789012345FC").error().rule, "gmn.length");
}

}  // namespace
}  // namespace txng::gs1
