#include "gs1/charset.hpp"

#include <gtest/gtest.h>

#include <string>

namespace txng::gs1 {
namespace {

TEST(CharsetTest, Cset82HasItsEightyTwoCharacters) {
    int count = 0;
    for (int c = 0; c < 256; ++c) count += InCharset(static_cast<char>(c), Charset::kCset82) ? 1 : 0;
    EXPECT_EQ(count, 82);
    for (char c : std::string("!\"%&'()*+,-./:;<=>?_azAZ09")) EXPECT_TRUE(InCharset(c, Charset::kCset82)) << c;
    for (char c : std::string(" #$@[]\\^`{|}~\t")) EXPECT_FALSE(InCharset(c, Charset::kCset82)) << c;
    EXPECT_FALSE(InCharset('\0', Charset::kCset82));
}

TEST(CharsetTest, Cset39HasDigitsUpperCaseAndThreeSymbols) {
    int count = 0;
    for (int c = 0; c < 256; ++c) count += InCharset(static_cast<char>(c), Charset::kCset39) ? 1 : 0;
    EXPECT_EQ(count, 39);
    for (char c : std::string("#-/09AZ")) EXPECT_TRUE(InCharset(c, Charset::kCset39)) << c;
    for (char c : std::string("a_.!")) EXPECT_FALSE(InCharset(c, Charset::kCset39)) << c;
}

TEST(CharsetTest, Cset64IsBase64Url) {
    for (char c : std::string("azAZ09-_=")) EXPECT_TRUE(InCharset(c, Charset::kCset64)) << c;
    for (char c : std::string("+/.!")) EXPECT_FALSE(InCharset(c, Charset::kCset64)) << c;
}

TEST(CharsetTest, NumericIsDigitsOnly) {
    EXPECT_TRUE(IsAllDigits("0123456789"));
    EXPECT_FALSE(IsAllDigits(""));
    EXPECT_FALSE(IsAllDigits("12a"));
    EXPECT_FALSE(InCharset('a', Charset::kNumeric));
}

TEST(CharsetTest, FirstOutsideFindsTheOffendingPosition) {
    EXPECT_EQ(FirstOutside("ABC#1", Charset::kCset82), 3u);
    EXPECT_EQ(FirstOutside("ABC1", Charset::kCset82), std::nullopt);
    EXPECT_EQ(FirstOutside("", Charset::kNumeric), std::nullopt);
}

TEST(CharsetTest, Cset82IndexFollowsTheStandardOrder) {
    EXPECT_EQ(Cset82Index('!'), 0);
    EXPECT_EQ(Cset82Index('0'), 13);
    EXPECT_EQ(Cset82Index('A'), 29);
    EXPECT_EQ(Cset82Index('_'), 55);
    EXPECT_EQ(Cset82Index('z'), 81);
    EXPECT_EQ(Cset82Index('#'), std::nullopt);
}

TEST(CharsetTest, NamesAreStable) {
    EXPECT_EQ(CharsetName(Charset::kNumeric), "numeric");
    EXPECT_EQ(CharsetName(Charset::kCset82), "cset82");
    EXPECT_EQ(CharsetName(Charset::kCset39), "cset39");
    EXPECT_EQ(CharsetName(Charset::kCset64), "cset64");
    EXPECT_FALSE(CharsetDescription(Charset::kCset82).empty());
}

}  // namespace
}  // namespace txng::gs1
