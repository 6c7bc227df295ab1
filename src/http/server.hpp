#pragma once
// A generic HTTP/1.1 server: keep-alive, pipelining, Expect: 100-continue, HEAD for GET routes,
// limits and timeouts against slow or hostile clients, graceful shutdown, an access log line and
// Prometheus metrics per request. It knows nothing of the routes it serves.
//
// What the server answers by itself (all as problem responses, see problem.hpp):
//   400 malformed request (then closes)      404 no route for the path
//   405 route exists, method does not (Allow) 408-class timeouts: the connection is closed
//   413 body over the route's limit          414 request-target over target_limit
//   431 header fields over header_limit      500 a handler threw (logged with the request id)
//   501 unknown method                        503 over max_connections (then closes)
//   OPTIONS on a known path without an OPTIONS route or Router::SetOptionsHandler: 204 + Allow.
// Every response carries Server: txng/<version>, Date, X-Request-Id and Content-Length.
//
// Memory per connection is bounded: the read buffer holds at most header_limit plus one read
// chunk, and a body is only read once its declared length is within the route's limit (chunked
// bodies are counted as they arrive).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/error.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace txng::http {

struct ServerOptions {
    std::string host = "127.0.0.1";        // an IP address or a name to resolve
    std::uint16_t port = 0;                // 0: pick a free port; Server::Port() tells which
    int threads = 2;                       // io threads
    std::size_t header_limit = 16 * 1024;  // request line + header fields; over it: 431
    std::size_t target_limit = 8 * 1024;   // request-target longer than this: 414
    // The request line and headers must arrive within this after the first byte (or after the
    // connection opens, for its first request), against slowloris; then the connection is closed.
    std::chrono::milliseconds header_timeout{10000};
    // Reading a body, and writing a response, must each finish within this.
    std::chrono::milliseconds body_timeout{60000};
    // A keep-alive connection idle this long between requests is closed.
    std::chrono::milliseconds idle_timeout{30000};
    // Connections beyond this get a 503 problem and are closed; the others keep being served.
    std::size_t max_connections = 1024;
    // How long Stop() lets in-flight requests finish before the io threads are stopped anyway.
    std::chrono::milliseconds shutdown_grace{30000};
    // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks): requests
    // from them carry the client's address in RequestContext::remote_address (client_address.hpp).
    std::vector<std::string> trusted_proxies;
};

class Server {
  public:
    // Resolves and binds `options.host:port` and starts listening (connections queue until
    // Start). Error kUnavailable (rule "http.listen") with the OS error when the address cannot be
    // bound (taken, not local, not resolvable). `metrics` may be null; otherwise it must outlive
    // the server, which records txng_http_requests_total{route,method,status},
    // txng_http_request_duration_seconds{route}, txng_http_connections and
    // txng_http_rejected_connections_total in it.
    static Result<std::unique_ptr<Server>> Create(ServerOptions options, Router router, Metrics* metrics = nullptr);

    // Stops (see Stop) and waits (see Wait). Must not run on one of the server's io threads.
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // The bound port (the chosen one when options.port was 0).
    std::uint16_t Port() const;

    // Starts the io threads and accepting. Idempotent; does nothing after Stop.
    void Start();

    // Graceful shutdown, started here and finished on the io threads: stops accepting (new
    // connections are refused), closes connections waiting for a request, lets in-flight requests
    // finish and send their response (with Connection: close), then stops the io threads once no
    // connection is left or shutdown_grace has passed. Returns at once; use Wait to block.
    // Thread-safe, idempotent, callable from a handler.
    void Stop();

    // Blocks until the io threads have ended after Stop. Returns at once if Start was never
    // called. Must not be called from one of the server's io threads (throws std::logic_error).
    void Wait();

    // Calls Stop() on SIGTERM or SIGINT, for `txng serve`. Call once, before or after Start.
    void StopOnSignals();

    // Connections being served now (not counting rejected ones).
    std::size_t ActiveConnections() const;

    struct Impl;

  private:
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace txng::http
