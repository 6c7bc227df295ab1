#include "serve_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <memory>

#include "app/serve.hpp"
#include "common/log.hpp"
#include "common/messages.hpp"
#include "demo/chain_generator.hpp"
#include "demo/master_data.hpp"
#include "registry/access.hpp"

namespace txng::cli {
namespace {

struct ServeFlags {
    std::string db;
    std::string listen;
    std::string config;
    std::string log_level;
};

void AddServeFlags(CLI::App* cmd, ServeFlags& flags) {
    cmd->add_option("--db", flags.db, "Kho dữ liệu, ví dụ sqlite:txng.db / Store URL, e.g. sqlite:txng.db");
    cmd->add_option("--listen", flags.listen,
                    "Địa chỉ HOST:PORT (cổng 0: tự chọn) / HOST:PORT to listen on (0: any free port)");
    cmd->add_option("--config", flags.config, "Tệp cấu hình TOML / TOML configuration file");
    cmd->add_option("--log-level", flags.log_level, "trace|debug|info|warn|error|off");
}

// Configuration from defaults, then the file, then the environment, then flags.
Result<app::ServeConfig> Configure(const ServeFlags& flags) {
    app::ServeConfig config;
    if (!flags.config.empty()) {
        if (auto r = app::LoadConfigFile(flags.config, config); !r) return r.error();
    }
    app::ApplyEnvironment(config);
    if (!flags.db.empty()) config.db = flags.db;
    if (!flags.listen.empty()) config.listen = flags.listen;
    if (!flags.log_level.empty()) config.log_level = flags.log_level;
    if (auto r = log::Init(config.log_level); !r) return r.error();
    return config;
}

int Fail(const Error& e) {
    std::fprintf(stderr, "txng: %s\n", DisplayError(e).c_str());
    return 2;
}

int RunServe(const ServeFlags& flags) {
    // A closed stdout (a supervisor gone) or peer must not kill the server: write errors are handled.
    std::signal(SIGPIPE, SIG_IGN);
    auto config = Configure(flags);
    if (!config) return Fail(config.error());
    auto node = app::Node::Create(*config);
    if (!node) return Fail(node.error());
    // The first stdout line tells scripts and tests where the server is.
    const std::string host = app::ParseListen(config->listen).value().first;
    std::printf("txng: đang phục vụ / serving on http://%s:%u (store %s)\n", host.c_str(), (*node)->Port(),
                config->db.c_str());
    std::fflush(stdout);
    log::Info("listening", {{"port", static_cast<unsigned>((*node)->Port())}, {"db", config->db}});
    (*node)->RunUntilSignalled();
    std::printf("txng: đã dừng / stopped\n");
    return 0;
}

struct DemoFlags {
    ServeFlags serve;
    std::uint64_t events = 20'000;
    std::uint64_t seed = 1;
};

// Loads the generated chain into `store` through the same capture path as POST /capture, with a
// progress line.
Result<std::uint64_t> Preload(store::EventStore& store, const DemoFlags& flags) {
    const auto& master = demo::DemoMasterData();
    store::CaptureRequest md;
    md.master_data = demo::MasterDataDocument(master, store::NowUtc()).master_data;
    md.captured_by = "txng demo";
    if (auto r = store.CaptureSync(std::move(md)); !r) return r.error();
    demo::ChainOptions options;
    options.target_events = flags.events;
    options.seed = flags.seed;
    demo::ChainGenerator generator(options);
    epcis::Document doc;
    std::uint64_t stored = 0;
    std::uint64_t seen = 0;
    int last_percent = -1;
    const bool tty = isatty(fileno(stderr)) != 0;
    while (generator.Next(doc, 1000)) {
        store::CaptureRequest request = store::CaptureRequestFrom(doc);
        request.captured_by = "txng demo";
        seen += request.events.size();
        auto job = store.CaptureSync(std::move(request));
        if (!job) return job.error();
        stored += job->stored;
        const int percent = static_cast<int>(100 * seen / std::max<std::uint64_t>(flags.events, 1));
        if (percent != last_percent && (tty || percent % 10 == 0)) {
            std::fprintf(stderr,
                         tty ? "\rtxng demo: nạp dữ liệu / loading %d%% (%llu sự kiện / events)"
                             : "txng demo: nạp dữ liệu / loading %d%% (%llu sự kiện / events)\n",
                         percent, static_cast<unsigned long long>(seen));
            last_percent = percent;
        }
    }
    if (tty) std::fprintf(stderr, "\n");
    return stored;
}

// Registers the demo's enterprises, locations and products (once per store) and makes a national
// admin key for this run; returns the key.
Result<std::string> PrepareRegistry(service::RegistryService& registry) {
    const service::Caller cli{registry::CommandLine(), {}};
    const auto records = demo::RegistryRecordsOf(demo::DemoMasterData());
    auto first = registry.GetEnterprise(cli, records.enterprises.front().tax_code);
    if (!first && first.error().code != ErrorCode::kNotFound) return first.error();
    if (!first) {
        for (const auto& e : records.enterprises) {
            if (auto r = registry.CreateEnterprise(cli, e); !r) return r.error();
        }
        for (const auto& l : records.locations) {
            if (auto r = registry.PutLocation(cli, l, true); !r) return r.error();
        }
        for (const auto& p : records.products) {
            if (auto r = registry.PutProduct(cli, p, true); !r) return r.error();
        }
    }
    auto key = registry.CreateKey(cli, {"txng demo", registry::Role::kNationalAdmin, "", "", {}, ""});
    if (!key) return key.error();
    return key->token;
}

int RunDemo(const DemoFlags& flags) {
    ServeFlags serve = flags.serve;
    if (serve.db.empty()) serve.db = "sqlite:txng-demo.db";
    if (serve.listen.empty()) serve.listen = "127.0.0.1:8080";
    auto config = Configure(serve);
    if (!config) return Fail(config.error());
    static const gs1::TableCompanyPrefixProvider prefixes = demo::CompanyPrefixes(demo::DemoMasterData());
    config->api.prefixes = &prefixes;
    // Demo data is public: anyone may read it; writing still needs the key printed below.
    config->api.anonymous_read = true;
    auto opened = store::OpenStore(config->db);
    if (!opened) return Fail(opened.error());
    auto stats = (*opened)->Stats();
    if (stats && stats->events == 0) {
        auto loaded = Preload(**opened, flags);
        if (!loaded) return Fail(loaded.error());
    } else if (stats) {
        std::fprintf(stderr, "txng demo: kho đã có %llu sự kiện / the store already holds %llu events\n",
                     static_cast<unsigned long long>(stats->events), static_cast<unsigned long long>(stats->events));
    }
    auto node = app::Node::Create(*config, std::move(*opened));
    if (!node) return Fail(node.error());
    auto key = PrepareRegistry((*node)->Registry());
    if (!key) return Fail(key.error());
    const std::string host = app::ParseListen(config->listen).value().first;
    const std::string base = "http://" + host + ":" + std::to_string((*node)->Port());
    std::printf("txng: đang phục vụ / serving on %s (store %s)\n", base.c_str(), config->db.c_str());
    std::printf(
        "Khóa quản trị cho lần chạy này (ghi dữ liệu cần khóa) / National admin key for this run (writes need it):\n"
        "  %s\n"
        "  curl -H 'Authorization: Bearer %s' %s/api/v1/keys\n",
        key->c_str(), key->c_str(), base.c_str());
    std::printf(
        "Thử / Try:\n"
        "  %s/events?perPage=5\n"
        "  %s/events?EQ_bizStep=shipping&perPage=5\n"
        "  %s/events?EQ_disposition=recalled\n"
        "  %s/eventTypes/TransformationEvent/events?perPage=3\n"
        "  %s/events?EXISTS_sensorElementList=true&perPage=3\n"
        "  %s/bizLocations\n"
        "  %s/eventTypes\n"
        "  %s/api/v1/enterprises\n"
        "  %s/api/v1/products\n"
        "  %s/metrics\n"
        "Dừng: Ctrl-C / Stop: Ctrl-C\n",
        base.c_str(), base.c_str(), base.c_str(), base.c_str(), base.c_str(), base.c_str(), base.c_str(), base.c_str(),
        base.c_str(), base.c_str());
    std::fflush(stdout);
    (*node)->RunUntilSignalled();
    std::printf("txng: đã dừng / stopped\n");
    return 0;
}

}  // namespace

void AddServeCommands(CLI::App& app, int& exit_code) {
    auto flags = std::make_shared<ServeFlags>();
    auto* serve = app.add_subcommand("serve",
                                     "Chạy máy chủ EPCIS 2.0 (REST) / Run the EPCIS 2.0 REST server\n"
                                     "Dừng an toàn với SIGTERM/SIGINT / Stops gracefully on SIGTERM/SIGINT");
    AddServeFlags(serve, *flags);
    serve->callback([flags, &exit_code] { exit_code = RunServe(*flags); });

    auto demo_flags = std::make_shared<DemoFlags>();
    auto* demo = app.add_subcommand(
        "demo",
        "Chạy máy chủ với dữ liệu mẫu: chuỗi cung ứng Việt Nam (vải thiều, cà phê, tôm, gạo ST25, thịt lợn, sữa "
        "tươi) / "
        "Run the server on a store preloaded with a generated Vietnamese supply chain");
    AddServeFlags(demo, demo_flags->serve);
    demo->add_option("--events", demo_flags->events, "Số sự kiện sinh ra / Events to generate")->capture_default_str();
    demo->add_option("--seed", demo_flags->seed, "Hạt giống ngẫu nhiên / Random seed")->capture_default_str();
    demo->callback([demo_flags, &exit_code] {
        std::signal(SIGPIPE, SIG_IGN);
        exit_code = RunDemo(*demo_flags);
    });
}

}  // namespace txng::cli
