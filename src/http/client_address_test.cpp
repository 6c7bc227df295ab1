#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace txng::http {
namespace {

namespace ip = boost::asio::ip;

TrustedProxies Proxies(std::vector<std::string> specs) {
    auto p = TrustedProxies::Parse(specs);
    EXPECT_TRUE(p) << (p ? "" : p.error().ToString());
    return p ? *p : TrustedProxies();
}

TEST(ClientAddressTest, NetworksMatchByPrefix) {
    const auto p = Proxies({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1"});
    EXPECT_TRUE(p.Contains(ip::make_address("10.200.3.4")));
    EXPECT_FALSE(p.Contains(ip::make_address("11.0.0.1")));
    EXPECT_TRUE(p.Contains(ip::make_address("192.168.1.7")));
    EXPECT_FALSE(p.Contains(ip::make_address("192.168.1.8")));
    EXPECT_TRUE(p.Contains(ip::make_address("fd12:3456::1")));
    EXPECT_FALSE(p.Contains(ip::make_address("fe80::1")));
    EXPECT_TRUE(p.Contains(ip::make_address("::1")));
    EXPECT_TRUE(p.Contains(ip::make_address("::ffff:10.1.2.3"))) << "IPv4-mapped is IPv4";
    EXPECT_TRUE(Proxies({"0.0.0.0/0"}).Contains(ip::make_address("203.0.113.9")));
    EXPECT_TRUE(Proxies({"10.1.2.0/23"}).Contains(ip::make_address("10.1.3.255")));
    EXPECT_FALSE(Proxies({"10.1.2.0/23"}).Contains(ip::make_address("10.1.4.0")));
}

TEST(ClientAddressTest, BadSpecsNameTheRule) {
    for (const std::string bad : {"10.0.0.0/33", "fd00::/129", "proxy.local", "10.0.0.0/", "10.0.0.0/8x", ""}) {
        auto p = TrustedProxies::Parse({bad});
        ASSERT_FALSE(p) << bad;
        EXPECT_EQ(p.error().rule, "config.trusted_proxies");
    }
}

TEST(ClientAddressTest, ForwardedForIsBelievedOnlyFromTrustedProxies) {
    const auto proxies = Proxies({"10.0.0.0/8"});
    const auto proxy = ip::make_address("10.0.0.2");
    const auto stranger = ip::make_address("203.0.113.9");
    // Not behind a trusted proxy: the header is the client's own words.
    EXPECT_EQ(ClientAddress(stranger, 5555, {"198.51.100.1"}, proxies), "203.0.113.9:5555");
    EXPECT_EQ(ClientAddress(proxy, 5555, {"198.51.100.1"}, TrustedProxies()), "10.0.0.2:5555");
    // Behind one: the rightmost untrusted entry, whatever the client wrote before it.
    EXPECT_EQ(ClientAddress(proxy, 5555, {"198.51.100.1"}, proxies), "198.51.100.1");
    EXPECT_EQ(ClientAddress(proxy, 5555, {"1.2.3.4, 198.51.100.1, 10.0.0.7"}, proxies), "198.51.100.1");
    EXPECT_EQ(ClientAddress(proxy, 5555, {"1.2.3.4", "198.51.100.1 , 10.0.0.7"}, proxies), "198.51.100.1");
    EXPECT_EQ(ClientAddress(proxy, 5555, {"[2001:db8::1]:443"}, proxies), "[2001:db8::1]");
    EXPECT_EQ(ClientAddress(proxy, 5555, {"198.51.100.1:8443"}, proxies), "198.51.100.1");
    // All trusted: the leftmost; none: the proxy itself; garbage: stop at the last good one.
    EXPECT_EQ(ClientAddress(proxy, 5555, {"10.0.0.9, 10.0.0.8"}, proxies), "10.0.0.9");
    EXPECT_EQ(ClientAddress(proxy, 5555, {}, proxies), "10.0.0.2:5555");
    EXPECT_EQ(ClientAddress(proxy, 5555, {"garbage"}, proxies), "10.0.0.2:5555");
    EXPECT_EQ(ClientAddress(proxy, 5555, {"garbage, 10.0.0.8"}, proxies), "10.0.0.8");
    EXPECT_EQ(AddressText(ip::make_address("::1"), 80), "[::1]:80");
    EXPECT_EQ(AddressText(ip::make_address("::ffff:10.1.2.3")), "10.1.2.3");
}

}  // namespace
}  // namespace txng::http
