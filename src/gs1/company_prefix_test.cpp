#include "gs1/company_prefix.hpp"

#include <gtest/gtest.h>

namespace txng::gs1 {
namespace {

TEST(CompanyPrefixTest, EmptyTableKnowsNothing) {
    TableCompanyPrefixProvider prefixes;
    EXPECT_EQ(prefixes.PrefixLength("4012345123456"), std::nullopt);
    EXPECT_EQ(prefixes.PrefixLength(""), std::nullopt);
}

TEST(CompanyPrefixTest, AddRegistersThePrefixWithItsOwnLength) {
    TableCompanyPrefixProvider prefixes;
    prefixes.Add("4012345");
    EXPECT_EQ(prefixes.PrefixLength("4012345123456"), 7);
    EXPECT_EQ(prefixes.PrefixLength("4012345"), 7);
    EXPECT_EQ(prefixes.PrefixLength("401234"), std::nullopt);
    EXPECT_EQ(prefixes.PrefixLength("4012346123456"), std::nullopt);
}

TEST(CompanyPrefixTest, LongestMatchWins) {
    TableCompanyPrefixProvider prefixes;
    prefixes.Add("893");          // a national block
    prefixes.Add("8931234");      // a licence inside it
    prefixes.Add("89312345678");  // an individually assigned prefix
    EXPECT_EQ(prefixes.PrefixLength("8931234000017"), 7);
    EXPECT_EQ(prefixes.PrefixLength("8931234567890"), 11);
    EXPECT_EQ(prefixes.PrefixLength("8939999000017"), 3);
}

TEST(CompanyPrefixTest, ConstructorTableMayGiveLengthsOtherThanTheKeyLength) {
    // A table keyed by a GS1 prefix range with the company prefix length used in that range, as
    // GS1's gcpprefixformatlist does.
    TableCompanyPrefixProvider prefixes({{"893", 7}, {"0614141", 7}});
    EXPECT_EQ(prefixes.PrefixLength("8935555000017"), 7);
    EXPECT_EQ(prefixes.PrefixLength("0614141123452"), 7);
}

TEST(CompanyPrefixTest, OnlyTheFirstTwelveCharactersAreLookedUp) {
    TableCompanyPrefixProvider prefixes({{"4012345678901", 13}});
    EXPECT_EQ(prefixes.PrefixLength("4012345678901"), std::nullopt);
    TableCompanyPrefixProvider twelve;
    twelve.Add("999999999999");
    EXPECT_EQ(twelve.PrefixLength("9999999999994"), 12);
}

TEST(CompanyPrefixTest, AlphanumericKeysMatchOnTheirLeadingDigits) {
    TableCompanyPrefixProvider prefixes;
    prefixes.Add("4012345");
    EXPECT_EQ(prefixes.PrefixLength("4012345ABC"), 7);
}

TEST(CompanyPrefixTest, UsableThroughTheInterface) {
    TableCompanyPrefixProvider table;
    table.Add("061414");
    const CompanyPrefixProvider& provider = table;
    EXPECT_EQ(provider.PrefixLength("0614141234567"), 6);
}

}  // namespace
}  // namespace txng::gs1
