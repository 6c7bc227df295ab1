#include "common/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace txng {
namespace {

TEST(Utf8Test, AcceptsVietnameseAndRejectsMalformedSequences) {
    EXPECT_TRUE(ValidUtf8("Hợp tác xã Lục Ngạn"));
    EXPECT_TRUE(ValidUtf8(""));
    EXPECT_FALSE(ValidUtf8("\xc3"));              // truncated
    EXPECT_FALSE(ValidUtf8("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(ValidUtf8("\xed\xa0\x80"));      // surrogate
    EXPECT_FALSE(ValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_FALSE(ValidUtf8("a\xffz"));
}

TEST(Utf8Test, CountsCodePointsNotBytes) {
    EXPECT_EQ(CodePointCount("Đà Nẵng"), 7u);
    EXPECT_EQ(std::string("Đà Nẵng").size(), 11u);
    EXPECT_EQ(CodePointCount(""), 0u);
}

}  // namespace
}  // namespace txng
