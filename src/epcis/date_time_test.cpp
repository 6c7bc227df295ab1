#include "epcis/date_time.hpp"

#include <gtest/gtest.h>

namespace txng::epcis {
namespace {

TEST(DateTimeTest, ParsesOffsetAndKeepsWrittenForm) {
    auto t = DateTime::Parse("2020-03-04T11:00:30.000+01:00");
    ASSERT_TRUE(t.has_value()) << t.error().ToString();
    EXPECT_EQ(t->ToString(), "2020-03-04T11:00:30.000+01:00");
    EXPECT_EQ(t->ToUtcString(3), "2020-03-04T10:00:30.000Z");
    EXPECT_EQ(t->offset_minutes, 60);
    EXPECT_EQ(t->UnixMillis(), 1583316030000);
}

TEST(DateTimeTest, ZuluAndNoFraction) {
    auto t = DateTime::Parse("2005-07-11T11:30:47Z");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->ToString(), "2005-07-11T11:30:47Z");
    EXPECT_EQ(t->ToUtcString(3), "2005-07-11T11:30:47.000Z");
}

TEST(DateTimeTest, RoundsFourthFractionDigitHalfUp) {
    EXPECT_EQ(DateTime::Parse("2020-01-01T00:00:00.1235Z")->ToUtcString(3), "2020-01-01T00:00:00.124Z");
    EXPECT_EQ(DateTime::Parse("2020-01-01T00:00:00.1234Z")->ToUtcString(3), "2020-01-01T00:00:00.123Z");
    EXPECT_EQ(DateTime::Parse("2020-12-31T23:59:59.9999Z")->ToUtcString(3), "2021-01-01T00:00:00.000Z");
}

TEST(DateTimeTest, NegativeOffsetCrossesDay) {
    auto t = DateTime::Parse("2005-04-03T20:33:31.116-06:00");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->ToUtcString(3), "2005-04-04T02:33:31.116Z");
    EXPECT_EQ(t->ToString(), "2005-04-03T20:33:31.116-06:00");
}

TEST(DateTimeTest, EqualInstantsInDifferentZonesCompareEqual) {
    EXPECT_EQ(*DateTime::Parse("2020-03-04T11:00:30+01:00"), *DateTime::Parse("2020-03-04T10:00:30.000Z"));
    EXPECT_LT(*DateTime::Parse("2020-03-04T11:00:30+01:00"), *DateTime::Parse("2020-03-04T10:00:31Z"));
}

TEST(DateTimeTest, RejectsMalformed) {
    for (const char* bad : {"", "2020-03-04", "2020-03-04T11:00:30", "2020-13-04T11:00:30Z", "2021-02-29T00:00:00Z",
                            "2020-03-04T24:00:00Z", "2020-03-04T11:60:00Z", "2020-03-04T11:00:30.Z",
                            "2020-03-04T11:00:30+1:00", "2020-03-04 11:00:30Z", "2020-03-04T11:00:30Zjunk",
                            "0000-01-01T00:00:00Z", "2020-03-04T11:00:30+15:00", "2020-03-04T11:00:60Z"}) {
        auto t = DateTime::Parse(bad);
        EXPECT_FALSE(t.has_value()) << bad;
        if (!t) {
            EXPECT_EQ(t.error().rule, "date_time.format");
        }
    }
}

TEST(DateTimeTest, AcceptsLeapDayAndLeapSecond) {
    EXPECT_TRUE(DateTime::Parse("2024-02-29T00:00:00Z").has_value());
    EXPECT_TRUE(DateTime::Parse("2016-12-31T23:59:60Z").has_value());
    EXPECT_TRUE(DateTime::Parse("2017-01-01T06:59:60+07:00").has_value());
}

TEST(DateTimeTest, TimeZoneOffset) {
    EXPECT_EQ(*ParseTimeZoneOffset("+07:00"), 420);
    EXPECT_EQ(*ParseTimeZoneOffset("-06:30"), -390);
    EXPECT_FALSE(ParseTimeZoneOffset("07:00").has_value());
    EXPECT_FALSE(ParseTimeZoneOffset("+7:00").has_value());
    EXPECT_EQ(FormatTimeZoneOffset(-390), "-06:30");
}

}  // namespace
}  // namespace txng::epcis
