#include "common/error.hpp"

#include <gtest/gtest.h>

namespace txng {
namespace {

TEST(ErrorTest, EveryCodeHasOneHttpStatus) {
    EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
    EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
    EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409);
    EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
    EXPECT_EQ(HttpStatus(ErrorCode::kUriTooLong), 414);
    EXPECT_EQ(HttpStatus(ErrorCode::kHeaderTooLarge), 431);
    EXPECT_EQ(HttpStatus(ErrorCode::kMethodNotAllowed), 405);
    EXPECT_EQ(HttpStatus(ErrorCode::kTooManyRequests), 429);
    EXPECT_EQ(HttpStatus(ErrorCode::kTimeout), 408);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
    EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
}

TEST(ErrorTest, ToStringNamesWhereRuleAndValue) {
    Error e = InvalidArgument("epcList[0]", "gtin.check_digit", "check digit is wrong", "09506000134353");
    EXPECT_EQ(e.ToString(), "epcList[0]: check digit is wrong [rule gtin.check_digit] (value '09506000134353')");
}

TEST(ErrorTest, WithinPrefixesPaths) {
    Error e = InvalidArgument("action", "enum", "bad");
    EXPECT_EQ(e.Within("eventList[2]").where, "eventList[2].action");
    Error idx = InvalidArgument("[3]", "enum", "bad");
    EXPECT_EQ(idx.Within("epcList").where, "epcList[3]");
    Error none = InvalidArgument("", "enum", "bad");
    EXPECT_EQ(none.Within("x").where, "x");
}

TEST(ErrorTest, ShortenValueKeepsUtf8Whole) {
    std::string long_value(Error::kMaxValueLength - 1, 'a');
    long_value += "\xE1\xBB\x87";  // "ệ", three bytes straddling the cut
    long_value += "tail";
    std::string s = ShortenValue(long_value);
    EXPECT_EQ(s, std::string(Error::kMaxValueLength - 1, 'a') + "...");
}

TEST(ErrorTest, ValueOnErrorResultThrowsLogicError) {
    Result<int> r = InvalidArgument("x", "rule", "bad");
    EXPECT_FALSE(r.has_value());
    EXPECT_THROW((void)r.value(), std::logic_error);
}

}  // namespace
}  // namespace txng
