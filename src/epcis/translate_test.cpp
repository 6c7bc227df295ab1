#include "epcis/translate.hpp"

#include <gtest/gtest.h>

namespace txng::epcis {
namespace {

Event Sample() {
    Event e;
    e.epc_list = {"urn:epc:id:sgtin:8934567.000123.1001", "https://qr.example.vn/01/08934567001236/21/7",
                  "urn:epc:idpat:sgtin:8934567.000123.*", "https://example.com/not-gs1"};
    e.parent_id = "urn:epc:id:sscc:8934567.1000000001";
    e.quantity_list = {QuantityElement{"urn:epc:class:lgtin:8934567.000123.L1", 5.0, "KGM"}};
    e.read_point = Location{"urn:epc:id:sgln:8934567.00001.0", {}};
    e.source_list = {SourceDest{"owning_party", "urn:epc:id:pgln:8934567.00002"}};
    return e;
}

TEST(TranslateTest, HeaderValuesRoundTrip) {
    for (auto f : {EpcFormat::kAlwaysDigitalLink, EpcFormat::kAlwaysEpcUrn, EpcFormat::kNeverTranslates,
                   EpcFormat::kNoPreference}) {
        EXPECT_EQ(ParseEpcFormat(EpcFormatName(f)), f);
    }
    EXPECT_FALSE(ParseEpcFormat("always_epc_urn"));
}

TEST(TranslateTest, DigitalLinkFormRewritesUrns) {
    Event e = Sample();
    TranslateIdentifiers(e, EpcFormat::kAlwaysDigitalLink, nullptr);
    EXPECT_EQ(e.epc_list[0], "https://id.gs1.org/01/08934567001236/21/1001");
    EXPECT_EQ(e.epc_list[1], "https://qr.example.vn/01/08934567001236/21/7");  // already a Digital Link
    EXPECT_EQ(e.epc_list[2], "urn:epc:idpat:sgtin:8934567.000123.*");
    EXPECT_EQ(e.epc_list[3], "https://example.com/not-gs1");
    EXPECT_EQ(*e.parent_id, "https://id.gs1.org/00/189345670000000014");
    EXPECT_EQ(e.quantity_list[0].epc_class, "https://id.gs1.org/01/08934567001236/10/L1");
    EXPECT_EQ(e.read_point->id, "https://id.gs1.org/414/8934567000017");
    EXPECT_EQ(e.source_list[0].value, "https://id.gs1.org/417/8934567000024");
}

TEST(TranslateTest, UrnFormNeedsTheCompanyPrefix) {
    Event e = Sample();
    TranslateIdentifiers(e, EpcFormat::kAlwaysDigitalLink, nullptr);
    Event unknown = e;
    TranslateIdentifiers(unknown, EpcFormat::kAlwaysEpcUrn, nullptr);
    EXPECT_EQ(unknown.epc_list[0], "https://id.gs1.org/01/08934567001236/21/1001");

    gs1::TableCompanyPrefixProvider prefixes;
    prefixes.Add("8934567");
    TranslateIdentifiers(e, EpcFormat::kAlwaysEpcUrn, &prefixes);
    const Event original = Sample();
    EXPECT_EQ(e.epc_list[0], original.epc_list[0]);
    EXPECT_EQ(e.epc_list[1], "urn:epc:id:sgtin:8934567.000123.7");
    EXPECT_EQ(*e.parent_id, *original.parent_id);
    EXPECT_EQ(e.quantity_list[0].epc_class, original.quantity_list[0].epc_class);
    EXPECT_EQ(e.read_point->id, original.read_point->id);
    EXPECT_EQ(e.source_list[0].value, original.source_list[0].value);
}

TEST(TranslateTest, NeverTranslatesKeepsEverything) {
    Event e = Sample();
    TranslateIdentifiers(e, EpcFormat::kNeverTranslates, nullptr);
    EXPECT_EQ(e, Sample());
}

}  // namespace
}  // namespace txng::epcis
