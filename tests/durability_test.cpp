// Acknowledged captures survive the end of the server process: SIGTERM (graceful: in-flight
// captures finish) and SIGKILL (a crash: whatever was acknowledged is on disk). The real `txng
// serve` binary runs in a child process; clients capture until the signal lands.

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "epcis/query.hpp"
#include "store/store.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/run_command.hpp"

extern char** environ;

namespace txng {
namespace {

namespace fs = std::filesystem;
using boost::beast::http::verb;

std::string Document(int first_serial, int n) {
    std::string events;
    for (int i = 0; i < n; ++i) {
        if (i) events += ",";
        events += R"({"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00",)"
                  R"("epcList":["urn:epc:id:sgtin:8934567.000123.)" +
                  std::to_string(first_serial + i) + R"("],"action":"OBSERVE","bizStep":"shipping"})";
    }
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",)"
           R"("schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[)" +
           events + "]}}";
}

// A `txng serve` child process; its first stdout line names the port.
class ServerProcess {
  public:
    explicit ServerProcess(const fs::path& db) {
        int out[2];
        if (pipe(out) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        const std::string db_arg = "sqlite:" + db.string();
        std::vector<std::string> args = {TXNG_BINARY, "serve",       "--db",        db_arg,
                                         "--listen",  "127.0.0.1:0", "--log-level", "error"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawn(&pid_, TXNG_BINARY, &actions, nullptr, argv.data(), environ) != 0) {
            throw std::runtime_error("posix_spawn");
        }
        posix_spawn_file_actions_destroy(&actions);
        close(out[1]);
        std::string line;
        char c = 0;
        while (read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
        close(out[0]);
        const auto colon = line.rfind("127.0.0.1:");
        if (colon == std::string::npos) throw std::runtime_error("no port in: " + line);
        port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 10)));
    }
    ~ServerProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    std::uint16_t port() const { return port_; }
    void Signal(int sig) { kill(pid_, sig); }
    // The exit status, or -1 when the process did not end within `timeout`.
    int Wait(std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                if (WIFEXITED(status)) return WEXITSTATUS(status);
                return 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return -1;
    }

  private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

class DurabilityTest : public ::testing::TestWithParam<int> {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("txng-durability-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_P(DurabilityTest, AcknowledgedCapturesSurvive) {
    const int sig = GetParam();
    constexpr int kPerDocument = 50;
    std::vector<int> acknowledged;  // first serial of each acknowledged document
    std::mutex mu;
    // The capturing clients use a national admin key made by `txng admin create-key`, which
    // prints it on its last line.
    const auto made =
        testing::RunCommand(TXNG_BINARY, {"admin", "create-key", "--db", "sqlite:" + (dir_ / "store.db").string(),
                                          "--role", "national-admin", "--name", "durability test"});
    ASSERT_EQ(made.exit_code, 0) << made.out;
    std::string key = made.out.substr(0, made.out.find_last_not_of('\n') + 1);
    key = key.substr(key.find_last_of('\n') + 1);
    ASSERT_TRUE(key.starts_with("txng_")) << made.out;
    {
        ServerProcess server(dir_ / "store.db");
        std::atomic<bool> stop{false};
        std::atomic<int> next{0};
        std::vector<std::thread> clients;
        for (int t = 0; t < 2; ++t) {
            clients.emplace_back([&] {
                try {
                    testing::HttpClient client(server.port(), "127.0.0.1", std::chrono::seconds(20));
                    while (!stop) {
                        const int first = 1 + kPerDocument * next.fetch_add(1);
                        auto r =
                            client.Send(verb::post, "/capture", Document(first, kPerDocument),
                                        {{"Content-Type", "application/ld+json"}, {"Authorization", "Bearer " + key}});
                        // 202: the job is accepted, durable in the intake journal; it may still be
                        // running when the signal lands.
                        if (r.result_int() != 202) break;
                        auto job = boost::json::parse(r.body());
                        if (!job.at("success").as_bool()) break;
                        std::lock_guard lock(mu);
                        acknowledged.push_back(first);
                    }
                } catch (const std::exception&) {
                    // The server went away mid-request: that capture was never acknowledged.
                }
            });
        }
        // Let captures flow, then signal while they are in flight.
        const auto start = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
            {
                std::lock_guard lock(mu);
                if (acknowledged.size() >= 60) break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        server.Signal(sig);
        const int status = server.Wait(std::chrono::seconds(60));
        stop = true;
        for (auto& c : clients) c.join();
        if (sig == SIGTERM) {
            EXPECT_EQ(status, 0) << "graceful shutdown exits 0";
        } else {
            EXPECT_EQ(status, 128 + SIGKILL);
        }
    }
    ASSERT_GE(acknowledged.size(), 60u);

    // Opening applies the accepted jobs that had not been committed when the process ended.
    auto store = store::OpenStore("sqlite:" + (dir_ / "store.db").string());
    ASSERT_TRUE(store) << store.error().ToString();
    auto stats = (*store)->Stats();
    ASSERT_TRUE(stats);
    EXPECT_GE(stats->events, acknowledged.size() * kPerDocument);
    for (int first : acknowledged) {
        for (int serial : {first, first + kPerDocument - 1}) {
            auto q = epcis::ParseEventQuery(
                {{"MATCH_epc", {"urn:epc:id:sgtin:8934567.000123." + std::to_string(serial)}}}, {});
            ASSERT_TRUE(q);
            auto page = (*store)->QueryEvents(*q, store::PageRequest{10, ""});
            ASSERT_TRUE(page) << page.error().ToString();
            EXPECT_EQ(page->events.size(), 1u) << "acknowledged serial " << serial << " lost";
        }
    }
    (*store)->Close();
}

INSTANTIATE_TEST_SUITE_P(Signals, DurabilityTest, ::testing::Values(SIGTERM, SIGKILL),
                         [](const ::testing::TestParamInfo<int>& p) {
                             return p.param == SIGTERM ? "Sigterm" : "Sigkill";
                         });

}  // namespace
}  // namespace txng
