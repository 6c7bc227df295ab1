#include "common/messages.hpp"

#include <gtest/gtest.h>

namespace txng {
namespace {

TEST(MessagesTest, MostSpecificPrefixWins) {
    EXPECT_EQ(RuleSummary("json.syntax", Language::kVietnamese), "Lỗi cú pháp JSON");
    EXPECT_EQ(RuleSummary("json.depth", Language::kEnglish), "Invalid JSON");
    EXPECT_EQ(RuleSummary("cbv.bizStep", Language::kVietnamese), "Giá trị không thuộc từ vựng CBV chuẩn");
    EXPECT_EQ(RuleSummary("gtin.check_digit", Language::kEnglish), "Invalid GS1 identifier");
}

TEST(MessagesTest, PrefixMustEndAtASeparator) {
    // "jsonx" is not in the "json" family.
    EXPECT_EQ(RuleSummary("jsonx.thing", Language::kEnglish), "Invalid input");
    EXPECT_EQ(RuleSummary("", Language::kVietnamese), "Dữ liệu không hợp lệ");
}

TEST(MessagesTest, DisplayLeadsWithVietnameseThenEnglishDetail) {
    Error e = InvalidArgument("epcisBody.eventList[1].bizStep", "cbv.bizStep", "bizStep is not a CBV word or URI",
                              "transforming");
    EXPECT_EQ(DisplayError(e),
              "epcisBody.eventList[1].bizStep: Giá trị không thuộc từ vựng CBV chuẩn / bizStep is not a CBV word or "
              "URI [rule cbv.bizStep] (value 'transforming')");
}

}  // namespace
}  // namespace txng
