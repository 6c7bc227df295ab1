#include "http/target.hpp"

#include <gtest/gtest.h>

namespace txng::http {
namespace {

TEST(TargetTest, SplitsOriginForm) {
    auto t = SplitTarget("/events?eventType=ObjectEvent&perPage=10");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/events");
    EXPECT_EQ(t->query, "eventType=ObjectEvent&perPage=10");
    auto bare = SplitTarget("/a%20b");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->path, "/a%20b");
    EXPECT_EQ(bare->query, "");
    EXPECT_EQ(SplitTarget("/x?y#frag")->query, "y");
}

TEST(TargetTest, SplitsAbsoluteAndAsteriskForms) {
    auto abs = SplitTarget("http://example.com:8080/events?x=1");
    ASSERT_TRUE(abs);
    EXPECT_EQ(abs->path, "/events");
    EXPECT_EQ(abs->query, "x=1");
    EXPECT_EQ(SplitTarget("http://example.com")->path, "/");
    EXPECT_EQ(SplitTarget("*")->path, "*");
    auto bad = SplitTarget("events");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().rule, "http.target");
}

TEST(TargetTest, PercentDecode) {
    EXPECT_EQ(PercentDecode("ni%3A%2F%2F%2Fsha-256%3Bx%3Fver%3DCBV2.0").value(), "ni:///sha-256;x?ver=CBV2.0");
    EXPECT_EQ(PercentDecode("a+b%20c").value(), "a+b c");
    EXPECT_EQ(PercentDecode("%e1%BB%87").value(), "\xE1\xBB\x87");
    EXPECT_FALSE(PercentDecode("%"));
    EXPECT_FALSE(PercentDecode("%4"));
    EXPECT_FALSE(PercentDecode("%4g"));
}

TEST(TargetTest, RedactsSecretsInQuery) {
    EXPECT_EQ(RedactTarget("/events?eventType=ObjectEvent&access_token=abc&API_KEY=k"),
              "/events?eventType=ObjectEvent&access_token=REDACTED&API_KEY=REDACTED");
    EXPECT_EQ(RedactTarget("/events"), "/events");
    EXPECT_EQ(RedactTarget("/x?flag&password=p"), "/x?flag&password=REDACTED");
}

}  // namespace
}  // namespace txng::http
