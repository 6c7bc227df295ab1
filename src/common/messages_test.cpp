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

namespace txng {
namespace {

TEST(MessagesTest, RepositoryRulesHaveTheirOwnSummaries) {
    EXPECT_EQ(RuleSummary("query.unknown_parameter", Language::kEnglish), "Unknown query parameter");
    EXPECT_EQ(RuleSummary("query.value", Language::kVietnamese), "Tham số truy vấn không hợp lệ");
    EXPECT_EQ(RuleSummary("capture.event_id_conflict", Language::kEnglish),
              "The eventID is already used by other data");
    EXPECT_EQ(RuleSummary("store.sqlite", Language::kEnglish), "The store is not available");
}

TEST(MessagesTest, StampSheetRulesHaveTheirOwnSummaries) {
    EXPECT_EQ(RuleSummary("sheet.code_size", Language::kVietnamese), "Bố cục tờ tem không hợp lệ");
    EXPECT_EQ(RuleSummary("sheet.grid", Language::kEnglish), "Invalid stamp sheet layout");
    EXPECT_EQ(RuleSummary("sheet.write", Language::kVietnamese), "Không ghi được tờ tem: đầu ra đã dừng");
    EXPECT_EQ(RuleSummary("sheet.font", Language::kVietnamese), "Thiếu phông chữ có đủ chữ tiếng Việt");
}

TEST(MessagesTest, StampRulesHaveTheirOwnSummaries) {
    EXPECT_EQ(RuleSummary("stamp.transition", Language::kVietnamese), "Tem không chuyển được sang trạng thái này");
    EXPECT_EQ(RuleSummary("stamp.batch_not_ready", Language::kEnglish), "The stamp batch is not ready yet");
    EXPECT_EQ(RuleSummary("stamp.count", Language::kEnglish), "Invalid stamp request");
    EXPECT_EQ(RuleSummary("registry.not_found", Language::kVietnamese), "Không có trong sổ đăng ký");
    EXPECT_EQ(RuleSummary("registry.exists", Language::kEnglish), "Invalid input");
}

}  // namespace
}  // namespace txng
