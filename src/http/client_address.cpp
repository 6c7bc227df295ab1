#include "http/client_address.hpp"

#include <charconv>
#include <optional>

namespace txng::http {
namespace {

namespace ip = boost::asio::ip;

// IPv4-mapped IPv6 (::ffff:a.b.c.d) as IPv4, so that one client is one key whatever the socket.
ip::address Unmapped(const ip::address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
    return a;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// An X-Forwarded-For entry: an address, "[v6]" or "[v6]:port", or "v4:port".
std::optional<ip::address> ParseEntry(std::string_view entry) {
    entry = Trim(entry);
    if (entry.empty()) return std::nullopt;
    if (entry.front() == '[') {
        const auto close = entry.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        entry = entry.substr(1, close - 1);
    } else if (entry.find(':') == entry.rfind(':') && entry.find(':') != std::string_view::npos) {
        entry = entry.substr(0, entry.find(':'));  // v4:port
    }
    boost::system::error_code ec;
    auto a = ip::make_address(std::string(entry), ec);
    if (ec) return std::nullopt;
    return Unmapped(a);
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& specs) {
    TrustedProxies out;
    for (const auto& spec : specs) {
        auto bad = [&] {
            return InvalidArgument("trusted_proxies", "config.trusted_proxies",
                                   "Give addresses (10.0.0.5, ::1) or networks in CIDR form (10.0.0.0/8, fd00::/8).",
                                   spec);
        };
        const auto slash = spec.find('/');
        boost::system::error_code ec;
        auto base = ip::make_address(spec.substr(0, slash), ec);
        if (ec) return bad();
        base = Unmapped(base);
        const unsigned bits = base.is_v4() ? 32 : 128;
        unsigned prefix = bits;
        if (slash != std::string::npos) {
            const std::string_view p = std::string_view(spec).substr(slash + 1);
            auto [ptr, err] = std::from_chars(p.data(), p.data() + p.size(), prefix);
            if (err != std::errc() || ptr != p.data() + p.size() || p.empty() || prefix > bits) return bad();
        }
        out.networks_.push_back(Network{base, prefix});
    }
    return out;
}

bool TrustedProxies::Contains(const ip::address& address) const {
    const ip::address a = Unmapped(address);
    for (const auto& n : networks_) {
        if (a.is_v4() != n.base.is_v4()) continue;
        unsigned char x[16] = {}, y[16] = {};
        std::size_t len = 0;
        if (a.is_v4()) {
            const auto ab = a.to_v4().to_bytes();
            const auto nb = n.base.to_v4().to_bytes();
            std::copy(ab.begin(), ab.end(), x);
            std::copy(nb.begin(), nb.end(), y);
            len = 4;
        } else {
            const auto ab = a.to_v6().to_bytes();
            const auto nb = n.base.to_v6().to_bytes();
            std::copy(ab.begin(), ab.end(), x);
            std::copy(nb.begin(), nb.end(), y);
            len = 16;
        }
        unsigned left = n.prefix;
        bool match = true;
        for (std::size_t i = 0; i < len && left > 0 && match; ++i) {
            const unsigned take = left >= 8 ? 8 : left;
            const auto mask = static_cast<unsigned char>(0xFF << (8 - take));
            match = (x[i] & mask) == (y[i] & mask);
            left -= take;
        }
        if (match) return true;
    }
    return false;
}

std::string AddressText(const ip::address& address, unsigned short port) {
    const ip::address a = Unmapped(address);
    std::string out = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
    if (port != 0) out += ":" + std::to_string(port);
    return out;
}

std::string ClientAddress(const ip::address& peer, unsigned short peer_port,
                          const std::vector<std::string_view>& forwarded_for, const TrustedProxies& trusted) {
    if (trusted.empty() || !trusted.Contains(peer)) return AddressText(peer, peer_port);
    // Every entry of every field, left to right.
    std::vector<std::string_view> entries;
    for (std::string_view field : forwarded_for) {
        while (true) {
            const auto comma = field.find(',');
            entries.push_back(field.substr(0, comma));
            if (comma == std::string_view::npos) break;
            field.remove_prefix(comma + 1);
        }
    }
    std::optional<ip::address> client;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        auto a = ParseEntry(*it);
        if (!a) break;  // written by someone we cannot vouch for: the last good one is the client
        client = *a;
        if (!trusted.Contains(*a)) break;
    }
    return client ? AddressText(*client) : AddressText(peer, peer_port);
}

}  // namespace txng::http
