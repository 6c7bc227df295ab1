#pragma once
// The composition root: configuration -> store -> API routes -> HTTP server. Used by `txng serve`,
// `txng demo` and the integration tests.

#include <functional>
#include <memory>
#include <string>

#include "api/epcis_api.hpp"
#include "common/error.hpp"
#include "http/server.hpp"
#include "service/registry_service.hpp"
#include "service/scan_log.hpp"
#include "service/stamps.hpp"
#include "store/registry_store.hpp"
#include "store/stamp_store.hpp"
#include "store/store.hpp"

namespace txng::app {

struct ServeConfig {
    std::string db = "sqlite:txng.db";      // store URL
    std::string listen = "127.0.0.1:8080";  // HOST:PORT (port 0: any free port)
    std::string log_level = "info";
    std::string data_dir;  // relative sqlite paths are resolved against it
    // scheme://host[:port] under which this node's resolver is reached from outside: the base of
    // the Digital Links printed on stamps. Empty: http://<listen address>.
    std::string public_url;
    // Log every resolve of a serialised code and judge the log for counterfeit signals.
    bool scan_log = true;
    int blocking_threads = 2;  // threads for store reads
    store::OpenOptions store;  // capture queue bound, durability
    api::ApiOptions api;
    http::ServerOptions server;
};

// Reads a TOML configuration file over `config`:
//   db = "sqlite:/var/lib/txng/txng.db"      listen = "0.0.0.0:8080"
//   log_level = "info"                       data_dir = "/var/lib/txng"
//   public_url = "https://truyxuat.example.vn" (the base of the Digital Links on stamps)
//   scan_log = true                          (false: resolves of serialised codes are not logged)
//   trusted_proxies = ["10.0.0.0/8", "::1"]  (reverse proxies whose X-Forwarded-For is believed)
//   [limits] capture_events, capture_bytes, capture_queue_events, per_page_max, header_bytes,
//            target_bytes, max_connections, header_timeout_ms, idle_timeout_ms, body_timeout_ms
//   [auth] anonymous_read = false             (true: reads need no key; writes always do)
//          secure_cookies = true              (false: session cookies also over plain HTTP)
// Unknown keys are errors (rule `config.unknown_key`), naming the key.
Result<void> LoadConfigFile(const std::string& path, ServeConfig& config);

// Environment overrides: TXNG_DB, TXNG_LISTEN, TXNG_LOG_LEVEL, TXNG_DATA_DIR, TXNG_PUBLIC_URL, TXNG_SCAN_LOG (on/off),
// TXNG_TRUSTED_PROXIES (comma-separated).
void ApplyEnvironment(ServeConfig& config);

// Splits "HOST:PORT" ("[::1]:8080" for IPv6). Error rule `config.listen`.
Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& listen);

// A running server with its store and the store's trace index (loaded in the background).
class Node {
  public:
    // Opens the store and binds the server (not yet serving). `store` may be given (already
    // opened, e.g. preloaded by the demo); otherwise it is opened from config.db.
    static Result<std::unique_ptr<Node>> Create(ServeConfig config, std::unique_ptr<store::EventStore> store = nullptr);
    ~Node();

    std::uint16_t Port() const;
    store::EventStore& Store() { return *store_; }
    // The registry's use cases over the same database (bootstrap keys in tests and tools).
    service::RegistryService& Registry() { return *registry_; }
    service::StampService& Stamps() { return *stamps_; }
    service::ScanLog& Scans() { return *scans_; }
    void Start();
    // Graceful stop: the server stops accepting, in-flight requests (captures included) finish,
    // then the store is closed. Idempotent.
    void Stop();
    // Serves until SIGTERM/SIGINT, then stops gracefully.
    void RunUntilSignalled();

  private:
    Node() = default;
    ServeConfig config_;
    std::unique_ptr<store::EventStore> store_;
    std::unique_ptr<store::RegistryStore> registry_store_;
    std::unique_ptr<service::RegistryService> registry_;
    std::unique_ptr<service::TraceService> trace_;
    std::unique_ptr<store::StampStore> stamp_store_;
    std::unique_ptr<service::StampService> stamps_;
    std::unique_ptr<service::ScanLog> scans_;
    std::unique_ptr<boost::asio::thread_pool> blocking_;
    std::unique_ptr<http::Metrics> metrics_;
    std::unique_ptr<http::Server> server_;
    bool stopped_ = false;
};

}  // namespace txng::app
