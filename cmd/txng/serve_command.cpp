#include "serve_command.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include "app/serve.hpp"
#include "common/log.hpp"
#include "common/messages.hpp"

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

}  // namespace

void AddServeCommands(CLI::App& app, int& exit_code) {
    auto flags = std::make_shared<ServeFlags>();
    auto* serve = app.add_subcommand("serve",
                                     "Chạy máy chủ EPCIS 2.0 (REST) / Run the EPCIS 2.0 REST server\n"
                                     "Dừng an toàn với SIGTERM/SIGINT / Stops gracefully on SIGTERM/SIGINT");
    AddServeFlags(serve, *flags);
    serve->callback([flags, &exit_code] { exit_code = RunServe(*flags); });
}

}  // namespace txng::cli
