#pragma once
// The client's address behind reverse proxies. A node behind a proxy (nginx, a load balancer) sees
// every request come from the proxy; the proxy says whom it serves in X-Forwarded-For. That header
// is believed only when the peer is a proxy the operator named (`[server] trusted_proxies`), and
// read from the right: each trusted proxy appends the address it saw, so the rightmost address
// that is not a trusted proxy is the client (anything left of it the client could have written).
// Used for sign-in limits and the audit log's client address.

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace txng::http {

class TrustedProxies {
  public:
    TrustedProxies() = default;
    // Addresses ("10.0.0.5", "::1") and networks in CIDR form ("10.0.0.0/8", "fd00::/8").
    // kInvalidArgument (rule `config.trusted_proxies`) naming the first that is neither.
    static Result<TrustedProxies> Parse(const std::vector<std::string>& specs);

    bool empty() const { return networks_.empty(); }
    bool Contains(const boost::asio::ip::address& address) const;

  private:
    struct Network {
        boost::asio::ip::address base;
        unsigned prefix = 0;  // bits
    };
    std::vector<Network> networks_;
};

// An address as logs and limits use it: IPv4 as is, IPv6 in brackets ("[2001:db8::1]"), with
// ":port" when `port` is not 0. IPv4-mapped IPv6 addresses are written as IPv4.
std::string AddressText(const boost::asio::ip::address& address, unsigned short port = 0);

// The client of a request that came from `peer` with these X-Forwarded-For values (every field of
// that name, in order): the peer itself unless it is trusted; else the rightmost forwarded address
// that is not trusted (the leftmost when all are). A malformed entry stops the walk at the last
// address known good. Written as AddressText (no port for forwarded ones).
std::string ClientAddress(const boost::asio::ip::address& peer, unsigned short peer_port,
                          const std::vector<std::string_view>& forwarded_for, const TrustedProxies& trusted);

}  // namespace txng::http
