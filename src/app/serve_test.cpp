#include "app/serve.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace txng::app {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = fs::temp_directory_path() / ("txng-config-" + std::to_string(std::random_device{}()) + ".toml");
    }
    void TearDown() override { fs::remove(path_); }
    void Write(const std::string& text) { std::ofstream(path_) << text; }
    fs::path path_;
};

TEST_F(ConfigTest, ReadsEveryKey) {
    Write(R"(db = "sqlite:x.db"
listen = "0.0.0.0:9000"
log_level = "debug"
data_dir = "/var/lib/txng"
[limits]
capture_events = 500
capture_bytes = 1048576
capture_queue_events = 5000
per_page_max = 200
header_bytes = 8192
target_bytes = 2048
max_connections = 10
header_timeout_ms = 1500
idle_timeout_ms = 2500
body_timeout_ms = 3500
)");
    ServeConfig c;
    ASSERT_TRUE(LoadConfigFile(path_.string(), c));
    EXPECT_EQ(c.db, "sqlite:x.db");
    EXPECT_EQ(c.listen, "0.0.0.0:9000");
    EXPECT_EQ(c.log_level, "debug");
    EXPECT_EQ(c.data_dir, "/var/lib/txng");
    EXPECT_EQ(c.api.capture_limit, 500u);
    EXPECT_EQ(c.api.capture_file_size_limit, 1048576u);
    EXPECT_EQ(c.store.max_queued_events, 5000u);
    EXPECT_EQ(c.api.max_per_page, 200u);
    EXPECT_EQ(c.server.header_limit, 8192u);
    EXPECT_EQ(c.server.target_limit, 2048u);
    EXPECT_EQ(c.server.max_connections, 10u);
    EXPECT_EQ(c.server.header_timeout.count(), 1500);
    EXPECT_EQ(c.server.idle_timeout.count(), 2500);
    EXPECT_EQ(c.server.body_timeout.count(), 3500);
}

TEST_F(ConfigTest, UnknownKeysAndWrongTypesAreNamed) {
    ServeConfig c;
    Write("dbb = \"sqlite:x.db\"\n");
    auto unknown = LoadConfigFile(path_.string(), c);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().rule, "config.unknown_key");
    EXPECT_EQ(unknown.error().where, "dbb");
    Write("[limits]\nmax_connections = \"many\"\n");
    auto wrong = LoadConfigFile(path_.string(), c);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().rule, "config.type");
    EXPECT_EQ(wrong.error().where, "limits.max_connections");
    Write("db = [\n");
    auto syntax = LoadConfigFile(path_.string(), c);
    ASSERT_FALSE(syntax);
    EXPECT_EQ(syntax.error().rule, "config.syntax");
}

TEST(ListenTest, HostAndPort) {
    auto v4 = ParseListen("127.0.0.1:8080");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->first, "127.0.0.1");
    EXPECT_EQ(v4->second, 8080);
    auto v6 = ParseListen("[::1]:0");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->first, "::1");
    EXPECT_EQ(v6->second, 0);
    EXPECT_FALSE(ParseListen("8080"));
    EXPECT_FALSE(ParseListen("host:99999"));
    EXPECT_FALSE(ParseListen("host:80x"));
}

TEST(NodeTest, UnknownStoreSchemeIsAClearError) {
    ServeConfig c;
    c.db = "mysql://nowhere";
    c.listen = "127.0.0.1:0";
    auto node = Node::Create(c);
    ASSERT_FALSE(node);
    EXPECT_EQ(node.error().rule, "store.url");
}

}  // namespace
}  // namespace txng::app
