#include "demo/identifiers.hpp"

#include <gtest/gtest.h>

#include "gs1/check_digit.hpp"
#include "gs1/epc_uri.hpp"
#include "gs1/keys.hpp"

namespace txng::demo {
namespace {

TEST(IdentifiersTest, CheckDigitMatchesTheGs1Calculation) {
    EXPECT_EQ(WithCheckDigit("629104150021"), "6291041500213");  // GS1 General Specifications example
    for (const char* digits : {"893521047300", "0893604217002", "08935204700001234"}) {
        const std::string key = WithCheckDigit(digits);
        EXPECT_TRUE(gs1::HasValidCheckDigit(key)) << key;
        EXPECT_EQ(key.back(), *gs1::ComputeCheckDigit(digits));
    }
}

TEST(IdentifiersTest, KeysHaveTheirLengths) {
    EXPECT_EQ(MakeGln("8935210473", 4), "8935210473042");
    EXPECT_TRUE(gs1::ValidateGln(MakeGln("8938611", 12345)));
    EXPECT_TRUE(gs1::ValidateGtin14(MakeGtin14('0', "89360582", 3)));
    EXPECT_TRUE(gs1::ValidateGtin14(MakeGtin14('1', "893604217", 2)));
    EXPECT_TRUE(gs1::ValidateSscc(MakeSscc('3', "89352047", 42)));
    EXPECT_EQ(ZeroPad(42, 5), "00042");
    EXPECT_EQ(ZeroPad(123456, 3), "123456");
}

// Each URN must translate, through the gs1 module, to the Digital Link the demo writes.
TEST(IdentifiersTest, UrnAndDigitalLinkFormsAgree) {
    const std::string base = "https://id.gs1.org";
    const std::string gtin = MakeGtin14('0', "89360582", 3);
    const std::string gln = MakeGln("89352047", 4);
    const std::string sscc = MakeSscc('0', "893604217", 731045);
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {SgtinUri(gtin, 8, "0012345678", ""), SgtinUri(gtin, 8, "0012345678", base)},
        {LgtinUri(gtin, 8, "CR250701003", ""), LgtinUri(gtin, 8, "CR250701003", base)},
        {SsccUri(sscc, 9, ""), SsccUri(sscc, 9, base)},
        {SglnUri(gln, 8, "0", ""), SglnUri(gln, 8, "0", base)},
        {SglnUri(gln, 8, "POS1", ""), SglnUri(gln, 8, "POS1", base)},
        {PglnUri(gln, 8, ""), PglnUri(gln, 8, base)},
        {GiaiUri("893604217", "TL0009", ""), GiaiUri("893604217", "TL0009", base)},
    };
    for (const auto& [urn, dl] : pairs) {
        ASSERT_TRUE(gs1::ValidateEpcUri(urn)) << urn;
        auto converted = gs1::EpcUriToDigitalLink(urn);
        ASSERT_TRUE(converted) << urn;
        EXPECT_EQ(*converted, dl);
    }
    EXPECT_EQ(SgtinUriPrefix(gtin, 8, ""), "urn:epc:id:sgtin:89360582.00003.");
    EXPECT_EQ(GtinClassUri(gtin, 8, ""), "urn:epc:idpat:sgtin:89360582.00003.*");
    EXPECT_TRUE(gs1::ValidateEpcUri(GtinClassUri(gtin, 8, "")));
    EXPECT_EQ(GtinClassUri(gtin, 8, "https://qr.banmexanh.vn"), "https://qr.banmexanh.vn/01/" + gtin);
}

}  // namespace
}  // namespace txng::demo
