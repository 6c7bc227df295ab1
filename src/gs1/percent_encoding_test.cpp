#include "gs1/percent_encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace txng::gs1 {
namespace {

TEST(PercentEncodingTest, StrictEncodingLeavesOnlyUnreservedCharacters) {
    EXPECT_EQ(PercentEncodeDlValue("ABC-123.x_y~z"), "ABC-123.x_y~z");
    EXPECT_EQ(PercentEncodeDlValue("!\"%&'()*+,/:;<=>?"), "%21%22%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F");
    EXPECT_EQ(PercentEncodeDlValue("a b#c@d"), "a%20b%23c%40d");
    EXPECT_EQ(PercentEncodeDlValue("caf\xC3\xA9"), "caf%C3%A9");
    EXPECT_EQ(PercentEncodeDlValue(""), "");
}

TEST(PercentEncodingTest, EventHashEncodingKeepsApostropheSemicolonAndEquals) {
    EXPECT_EQ(PercentEncodeDlValue("51qIgY)<&Jp3*j7'SDB", DlEscaping::kEventHash), "51qIgY%29%3C%26Jp3%2Aj7'SDB");
    EXPECT_EQ(PercentEncodeDlValue("a;b=c", DlEscaping::kEventHash), "a;b=c");
    EXPECT_EQ(PercentEncodeDlValue("6789/&%\"!?()", DlEscaping::kEventHash), "6789%2F%26%25%22%21%3F%28%29");
}

TEST(PercentEncodingTest, DecodeReversesEncode) {
    const std::string all = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    EXPECT_EQ(*PercentDecode(PercentEncodeDlValue(all)), all);
    EXPECT_EQ(*PercentDecode(PercentEncodeDlValue(all, DlEscaping::kEventHash)), all);
}

TEST(PercentEncodingTest, DecodeAcceptsEitherHexCaseAndLiteralCharacters) {
    EXPECT_EQ(*PercentDecode("a%2fb%2Fc"), "a/b/c");
    EXPECT_EQ(*PercentDecode("a!b'c"), "a!b'c");
    EXPECT_EQ(*PercentDecode("a+b"), "a+b");
    EXPECT_EQ(*PercentDecode("a+b", "", /*plus_as_space=*/true), "a b");
    EXPECT_EQ(*PercentDecode(""), "");
}

TEST(PercentEncodingTest, DecodeRejectsMalformedEscapes) {
    for (const char* bad : {"%", "a%", "a%2", "a%G0", "a%0G", "%%41", "a% 1"}) {
        auto decoded = PercentDecode(bad, "path/21");
        ASSERT_FALSE(decoded) << bad;
        EXPECT_EQ(decoded.error().rule, "percent_encoding.malformed") << bad;
        EXPECT_EQ(decoded.error().where, "path/21");
        EXPECT_EQ(decoded.error().value, bad);
    }
    auto nul = PercentDecode("a%00b");
    ASSERT_FALSE(nul);
    EXPECT_EQ(nul.error().rule, "percent_encoding.nul");
}

TEST(PercentEncodingTest, EpcEscapingCoversTheSevenCharactersOfTds) {
    EXPECT_EQ(EscapeEpcComponent("\"%&/<>?"), "%22%25%26%2F%3C%3E%3F");
    EXPECT_EQ(EscapeEpcComponent("!'()*+,-.:;=_azAZ09"), "!'()*+,-.:;=_azAZ09");
    EXPECT_EQ(EscapeEpcComponent("11111111111111-A#/"), "11111111111111-A%23%2F");
    EXPECT_EQ(EscapeEpcComponent(""), "");
}

TEST(PercentEncodingTest, EpcUnescapeReversesEscape) {
    const std::string all = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    EXPECT_EQ(*UnescapeEpcComponent(EscapeEpcComponent(all)), all);
    EXPECT_EQ(*UnescapeEpcComponent("6789%2F%26%25%22!%3F()"), "6789/&%\"!?()");
    EXPECT_EQ(*UnescapeEpcComponent("a%2fb"), "a/b");
    EXPECT_EQ(*UnescapeEpcComponent("a%21b"), "a!b");  // needless escapes of CSET 82 characters are tolerated
}

TEST(PercentEncodingTest, EpcUnescapeRejectsWhatTdsForbids) {
    struct Case {
        const char* text;
        const char* rule;
    };
    for (const auto& c :
         {Case{"a/b", "epc_uri.charset"}, Case{"a\"b", "epc_uri.charset"}, Case{"a&b", "epc_uri.charset"},
          Case{"a<b", "epc_uri.charset"}, Case{"a>b", "epc_uri.charset"}, Case{"a?b", "epc_uri.charset"},
          Case{"a b", "epc_uri.charset"}, Case{"a#b", "epc_uri.charset"}, Case{"a%b", "epc_uri.escape"},
          Case{"a%2", "epc_uri.escape"}, Case{"a%20b", "epc_uri.escape"}, Case{"a%23b", "epc_uri.escape"},
          Case{"a%C3%A9", "epc_uri.escape"}}) {
        auto decoded = UnescapeEpcComponent(c.text, "sgtin.serial");
        ASSERT_FALSE(decoded) << c.text;
        EXPECT_EQ(decoded.error().rule, c.rule) << c.text;
        EXPECT_EQ(decoded.error().where, "sgtin.serial");
    }
}

}  // namespace
}  // namespace txng::gs1
