#include "common/log.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <sstream>

namespace txng::log {
namespace {

// Captures log lines for one test and restores the quiet default afterwards.
class LogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        SetOutputForTesting(&out_);
        SetLevel(Level::kInfo);
    }
    void TearDown() override {
        SetOutputForTesting(nullptr);
        SetLevel(Level::kWarn);
    }
    std::ostringstream out_;
};

TEST_F(LogTest, WritesOneJsonObjectPerLine) {
    std::string target = "/events?x=1";
    Info("request", {{"method", "GET"}, {"target", target}, {"status", 200}, {"ms", 1.5}, {"ok", true}});
    std::string line = out_.str();
    ASSERT_FALSE(line.empty());
    EXPECT_EQ(line.back(), '\n');
    auto json = boost::json::parse(line).as_object();
    EXPECT_EQ(json.at("level"), "info");
    EXPECT_EQ(json.at("msg"), "request");
    EXPECT_EQ(json.at("method"), "GET");
    EXPECT_EQ(json.at("target"), "/events?x=1");
    EXPECT_EQ(json.at("status").as_int64(), 200);
    EXPECT_DOUBLE_EQ(json.at("ms").as_double(), 1.5);
    EXPECT_EQ(json.at("ok"), true);
    std::string ts(json.at("ts").as_string());
    EXPECT_EQ(ts.size(), std::string("2024-05-01T08:30:00.123456Z").size()) << ts;
    EXPECT_EQ(ts.back(), 'Z');
}

TEST_F(LogTest, LevelFiltersLines) {
    Debug("hidden");
    EXPECT_TRUE(out_.str().empty());
    Warn("shown");
    EXPECT_NE(out_.str().find("\"level\":\"warn\""), std::string::npos);
    SetLevel(Level::kOff);
    out_.str("");
    Error("hidden too");
    EXPECT_TRUE(out_.str().empty());
    EXPECT_FALSE(Enabled(Level::kError));
}

TEST_F(LogTest, EscapesControlCharactersAndInvalidUtf8) {
    Info("line\nbreak \"quoted\"", {{"raw", std::string_view("a\x01\xFF\xC3\xA9z", 6)}});
    auto json = boost::json::parse(out_.str()).as_object();
    EXPECT_EQ(json.at("msg"), "line\nbreak \"quoted\"");
    EXPECT_EQ(json.at("raw"), "a\x01\xEF\xBF\xBD\xC3\xA9z");
}

TEST(LogLevelTest, ParsesNamesCaseInsensitively) {
    EXPECT_EQ(ParseLevel("trace").value(), Level::kTrace);
    EXPECT_EQ(ParseLevel("DEBUG").value(), Level::kDebug);
    EXPECT_EQ(ParseLevel("info").value(), Level::kInfo);
    EXPECT_EQ(ParseLevel("warning").value(), Level::kWarn);
    EXPECT_EQ(ParseLevel("warn").value(), Level::kWarn);
    EXPECT_EQ(ParseLevel("error").value(), Level::kError);
    EXPECT_EQ(ParseLevel("off").value(), Level::kOff);
    auto bad = ParseLevel("loud");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().rule, "log.level");
    EXPECT_EQ(bad.error().value, "loud");
    EXPECT_EQ(LevelName(Level::kWarn), "warn");
}

TEST(LogLevelTest, DefaultIsWarn) { EXPECT_EQ(GetLevel(), Level::kWarn); }

}  // namespace
}  // namespace txng::log
