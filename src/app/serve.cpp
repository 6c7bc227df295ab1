#include "app/serve.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "common/log.hpp"
#include "gs1/digital_link.hpp"
#include "http/client_address.hpp"
#include "trace/trace_index.hpp"

namespace txng::app {

Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return InvalidArgument("listen", "config.listen", "Give the address as HOST:PORT, e.g. 127.0.0.1:8080.",
                               listen);
    }
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned port = 0;
    const std::string_view p = std::string_view(listen).substr(colon + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port > 65535) {
        return InvalidArgument("listen", "config.listen", "The port must be a number from 0 to 65535.", listen);
    }
    return std::make_pair(host, static_cast<std::uint16_t>(port));
}

Result<void> LoadConfigFile(const std::string& path, ServeConfig& config) {
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        return InvalidArgument(
            path, "config.syntax",
            fmt::format("The configuration is not valid TOML: {} (line {})", e.description(), e.source().begin.line));
    }
    auto unknown = [&](std::string_view key) {
        return InvalidArgument(std::string(key), "config.unknown_key", "Unknown configuration key.", key);
    };
    auto wrong_type = [&](std::string_view key) {
        return InvalidArgument(std::string(key), "config.type", "Wrong type for this configuration key.", key);
    };
    for (const auto& [key, node] : table) {
        const std::string_view k = key.str();
        if (k == "db" || k == "listen" || k == "log_level" || k == "data_dir" || k == "public_url") {
            auto s = node.value<std::string>();
            if (!s) return wrong_type(k);
            if (k == "db") config.db = *s;
            if (k == "listen") config.listen = *s;
            if (k == "log_level") config.log_level = *s;
            if (k == "data_dir") config.data_dir = *s;
            if (k == "public_url") config.public_url = *s;
        } else if (k == "scan_log") {
            auto b = node.value<bool>();
            if (!b) return wrong_type(k);
            config.scan_log = *b;
        } else if (k == "trusted_proxies") {
            const auto* list = node.as_array();
            if (!list) return wrong_type(k);
            config.server.trusted_proxies.clear();
            for (const auto& item : *list) {
                auto s = item.value<std::string>();
                if (!s) return wrong_type(k);
                config.server.trusted_proxies.push_back(*s);
            }
            if (auto ok = http::TrustedProxies::Parse(config.server.trusted_proxies); !ok) return ok.error();
        } else if (k == "limits") {
            const auto* limits = node.as_table();
            if (!limits) return wrong_type(k);
            for (const auto& [lkey, lnode] : *limits) {
                const std::string name = "limits." + std::string(lkey.str());
                auto v = lnode.value<std::int64_t>();
                if (!v || *v <= 0) return wrong_type(name);
                const auto n = static_cast<std::size_t>(*v);
                const std::string_view l = lkey.str();
                if (l == "capture_events") {
                    config.api.capture_limit = n;
                } else if (l == "capture_bytes") {
                    config.api.capture_file_size_limit = n;
                } else if (l == "capture_queue_events") {
                    config.store.max_queued_events = n;
                } else if (l == "per_page_max") {
                    config.api.max_per_page = n;
                } else if (l == "header_bytes") {
                    config.server.header_limit = n;
                } else if (l == "target_bytes") {
                    config.server.target_limit = n;
                } else if (l == "max_connections") {
                    config.server.max_connections = n;
                } else if (l == "header_timeout_ms") {
                    config.server.header_timeout = std::chrono::milliseconds(n);
                } else if (l == "idle_timeout_ms") {
                    config.server.idle_timeout = std::chrono::milliseconds(n);
                } else if (l == "body_timeout_ms") {
                    config.server.body_timeout = std::chrono::milliseconds(n);
                } else {
                    return unknown(name);
                }
            }
        } else if (k == "auth") {
            const auto* auth = node.as_table();
            if (!auth) return wrong_type(k);
            for (const auto& [akey, anode] : *auth) {
                const std::string name = "auth." + std::string(akey.str());
                auto v = anode.value<bool>();
                if (akey.str() == "anonymous_read") {
                    if (!v) return wrong_type(name);
                    config.api.anonymous_read = *v;
                } else if (akey.str() == "secure_cookies") {
                    if (!v) return wrong_type(name);
                    config.api.secure_cookies = *v;
                } else {
                    return unknown(name);
                }
            }
        } else {
            return unknown(k);
        }
    }
    return {};
}

void ApplyEnvironment(ServeConfig& config) {
    if (const char* v = std::getenv("TXNG_DB")) config.db = v;
    if (const char* v = std::getenv("TXNG_LISTEN")) config.listen = v;
    if (const char* v = std::getenv("TXNG_LOG_LEVEL")) config.log_level = v;
    if (const char* v = std::getenv("TXNG_DATA_DIR")) config.data_dir = v;
    if (const char* v = std::getenv("TXNG_PUBLIC_URL")) config.public_url = v;
    if (const char* v = std::getenv("TXNG_SCAN_LOG")) {
        const std::string_view value = v;
        config.scan_log = !(value == "off" || value == "false" || value == "0");
    }
    if (const char* v = std::getenv("TXNG_TRUSTED_PROXIES")) {
        config.server.trusted_proxies.clear();
        std::string_view rest = v;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            std::string_view item = rest.substr(0, comma);
            while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
            if (!item.empty()) config.server.trusted_proxies.emplace_back(item);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
}

Result<std::unique_ptr<Node>> Node::Create(ServeConfig config, std::unique_ptr<store::EventStore> store) {
    auto listen = ParseListen(config.listen);
    if (!listen) return listen.error();
    config.server.host = listen->first;
    config.server.port = listen->second;
    std::unique_ptr<Node> node(new Node());
    std::string url_of_store = config.db;
    if (!config.data_dir.empty() && url_of_store.rfind("sqlite:", 0) == 0) {
        const std::filesystem::path p(url_of_store.substr(7));
        if (p.is_relative()) url_of_store = "sqlite:" + (std::filesystem::path(config.data_dir) / p).string();
    }
    if (!store) {
        auto opened = store::OpenStore(url_of_store, config.store);
        if (!opened) return opened.error();
        store = std::move(*opened);
    }
    auto registry = store::OpenRegistry(url_of_store, {config.store.clock});
    if (!registry) return registry.error();
    node->registry_store_ = std::move(*registry);
    node->registry_ = std::make_unique<service::RegistryService>(*node->registry_store_, config.store.clock);
    // Digital Link -> EPC URN conversion knows the registered prefixes unless given others.
    if (config.api.prefixes == nullptr) config.api.prefixes = &node->registry_->Prefixes();
    node->store_ = std::move(store);
    node->trace_ = std::make_unique<service::TraceService>(*node->store_);
    node->trace_->Start();
    auto stamp_store = store::OpenStampStore(url_of_store, {config.store.clock});
    if (!stamp_store) return stamp_store.error();
    node->stamp_store_ = std::move(*stamp_store);
    {
        // Stamp files live beside the database.
        service::StampServiceOptions stamp_options;
        stamp_options.files_dir = service::StampFilesDir(url_of_store);
        stamp_options.public_url = config.public_url;
        node->stamps_ = std::make_unique<service::StampService>(*node->stamp_store_, *node->registry_,
                                                                *node->registry_store_, *node->store_, stamp_options);
        config.api.stamps = node->stamps_.get();
        config.api.stamp_store = node->stamp_store_.get();
        // A serial is known when some stored event names it (the trace index; an error while it loads).
        service::TraceService* trace = node->trace_.get();
        node->scans_ = std::make_unique<service::ScanLog>(
            *node->stamp_store_, *node->registry_store_,
            [trace](std::string_view gtin, std::string_view serial) -> Result<bool> {
                gs1::DigitalLink dl;
                dl.path = {{"01", std::string(gtin)}, {"21", std::string(serial)}};
                const std::string id = gs1::FormatDigitalLink(dl);
                bool known = false;
                auto read = trace->Read([&](const trace::TraceIndex& ix) { known = ix.Find(id).has_value(); });
                if (!read) return read.error();
                return known;
            });
        if (config.scan_log) {
            node->scans_->Start();
            config.api.scans = node->scans_.get();
        }
    }
    node->blocking_ = std::make_unique<boost::asio::thread_pool>(std::max(1, config.blocking_threads));
    node->metrics_ = std::make_unique<http::Metrics>();
    {
        service::ScanLog* scans = node->scans_.get();
        node->metrics_->SetGaugeCallback("txng_scans_recorded", "Scans of serialised codes accepted by the scan log",
                                         [scans] { return static_cast<double>(scans->stats().recorded); });
        node->metrics_->SetGaugeCallback("txng_scans_dropped", "Scans dropped because the scan log's queue was full",
                                         [scans] { return static_cast<double>(scans->stats().dropped); });
        node->metrics_->SetGaugeCallback("txng_scans_stored", "Scans written to the store",
                                         [scans] { return static_cast<double>(scans->stats().stored); });
    }
    http::Router router;
    api::RegisterRoutes(router, *node->store_, *node->trace_, *node->registry_, *node->blocking_, *node->metrics_,
                        config.api);
    auto server = http::Server::Create(config.server, std::move(router), node->metrics_.get());
    if (!server) return server.error();
    node->server_ = std::move(*server);
    if (config.public_url.empty()) {
        const std::string host =
            config.server.host.find(':') != std::string::npos ? "[" + config.server.host + "]" : config.server.host;
        node->stamps_->SetPublicUrl(fmt::format("http://{}:{}", host, node->server_->Port()));
    }
    if (auto started = node->stamps_->Start(); !started) return started.error();
    node->config_ = std::move(config);
    return node;
}

Node::~Node() { Stop(); }

std::uint16_t Node::Port() const { return server_->Port(); }

void Node::Start() { server_->Start(); }

void Node::Stop() {
    if (stopped_) return;
    stopped_ = true;
    // A Node that failed half-way through Create has only some parts.
    if (server_) {
        server_->Stop();
        server_->Wait();
    }
    if (blocking_) blocking_->join();
    if (stamps_) stamps_->Stop();  // its generator reads and writes the stores
    if (scans_) scans_->Stop();    // stores what is queued
    if (trace_) trace_->Stop();    // its background thread reads the store
    if (store_) store_->Close();   // jobs finishing now still notify trace_
    trace_.reset();
}

void Node::RunUntilSignalled() {
    server_->StopOnSignals();
    server_->Start();
    server_->Wait();
    log::Info("shutting down", {{"phase", "store"}});
    Stop();
}

}  // namespace txng::app
