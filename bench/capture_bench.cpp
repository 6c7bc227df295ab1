// Capture over HTTP and identifier queries, against a plain-SQLite baseline measured in the same
// run (see bench/README.md).
//
//   txng_capture_bench --events N [--kind simple|chain] [--clients 2] [--queries 2000] [--dir DIR]
//                      [--stream 1]
//
// 1. Baseline: the same events written with plain SQLite: the event JSON plus one indexed row per
//    identifier, 20,000 events per transaction, WAL and synchronous=NORMAL.
// 2. txng: a server on 127.0.0.1 port 0 over a fresh SQLite store (WAL, synchronous=NORMAL);
//    `--clients` threads POST /capture documents of 1,000 events; the rate counts from the first
//    request until every capture job has finished (followed through its Location).
// 3. GET /events?MATCH_epc=<a random captured EPC> from one client: p50 / p99 latency.
// Documents are prepared before the clock starts, so the rates are the server's; with --stream 1
// (stores larger than memory allows) the clients make them while capturing.

#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/serve.hpp"
#include "demo/chain_generator.hpp"
#include "epcis/document_io.hpp"
#include "epcis/json_codec.hpp"
#include "epcis/query.hpp"
#include "gs1/percent_encoding.hpp"
#include "registry/access.hpp"
#include "tests/support/http_client.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using boost::beast::http::verb;

struct Options {
    std::size_t events = 100'000;
    std::string kind = "simple";
    int clients = 2;
    std::size_t queries = 2000;
    fs::path dir;
    // Make documents while capturing instead of before (for stores larger than memory allows;
    // the clients then spend CPU on making them, which counts against the server).
    bool stream = false;
};

// One document decoded for the baseline: per event its JSON and identifiers.
struct Prepared {
    std::vector<std::string> event_json;
    std::vector<std::vector<std::string>> identifiers;
    // Instance EPCs of epcList and childEPCs: what MATCH_epc looks for.
    std::vector<std::string> epcs;
};

// User plus system CPU time of this process so far.
double ProcessCpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

std::string SimpleDocument(std::size_t first, std::size_t n) {
    std::string events;
    events.reserve(n * 330);
    for (std::size_t i = 0; i < n; ++i) {
        if (i) events += ",";
        const std::size_t serial = first + i;
        events += R"({"type":"ObjectEvent","eventTime":"2026-03-01T08:)" + std::to_string(10 + serial % 50) + ":" +
                  std::to_string(10 + serial % 49) +
                  R"(.000+07:00","eventTimeZoneOffset":"+07:00",)"
                  R"("epcList":["https://id.gs1.org/01/08934567001236/21/)" +
                  std::to_string(serial) +
                  R"("],"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",)"
                  R"("readPoint":{"id":"https://id.gs1.org/414/8934567000017"}})";
    }
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument",)"
           R"("schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[)" +
           events + "]}}";
}

Prepared Prepare(std::string_view text) {
    Prepared p;
    auto loaded = txng::epcis::LoadDocument(text);
    if (!loaded) {
        std::fprintf(stderr, "generated document is invalid: %s\n", loaded.error().ToString().c_str());
        std::exit(2);
    }
    for (const auto& e : loaded->document.events) {
        p.event_json.push_back(boost::json::serialize(txng::epcis::EncodeJsonEvent(e)));
        std::vector<std::string> ids;
        for (const auto& id : txng::epcis::EventIdentifiers(e)) {
            ids.push_back(id.canonical);
            if (id.role == txng::epcis::kRoleEpcList || id.role == txng::epcis::kRoleChildEpcs)
                p.epcs.push_back(id.canonical);
        }
        p.identifiers.push_back(std::move(ids));
    }
    return p;
}

// The benchmark's documents in order, made on demand: the same sequence every time a Source is
// made with the same options.
class Source {
  public:
    explicit Source(const Options& o) : o_(o) {
        if (o.kind != "simple") {
            txng::demo::ChainOptions g;
            g.target_events = o.events;
            chain_ = std::make_unique<txng::demo::ChainGenerator>(g);
        }
    }
    // The next document's JSON-LD text; false after the last.
    bool Next(std::string& text) {
        if (!chain_) {
            if (next_ >= o_.events) return false;
            const std::size_t n = std::min<std::size_t>(1000, o_.events - next_);
            text = SimpleDocument(next_, n);
            next_ += n;
            return true;
        }
        if (!chain_->Next(doc_, 1000)) return false;
        text = txng::epcis::EncodeDocument(doc_, txng::epcis::Format::kJson);
        return true;
    }

  private:
    const Options& o_;
    std::size_t next_ = 0;
    std::unique_ptr<txng::demo::ChainGenerator> chain_;
    txng::epcis::Document doc_;
};

// A uniform sample of the instance EPCs seen (reservoir sampling), for the queries.
class EpcSample {
  public:
    void Add(const std::vector<std::string>& epcs) {
        for (const auto& e : epcs) {
            ++seen_;
            if (sample_.size() < kSize) {
                sample_.push_back(e);
            } else if (const auto j = rng_() % seen_; j < kSize) {
                sample_[j] = e;
            }
        }
    }
    const std::vector<std::string>& Epcs() const { return sample_; }

  private:
    static constexpr std::size_t kSize = 20'000;
    std::vector<std::string> sample_;
    std::uint64_t seen_ = 0;
    std::mt19937_64 rng_{7};
};

void Check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        std::fprintf(stderr, "sqlite %s: %s\n", what, sqlite3_errmsg(db));
        std::exit(2);
    }
}

// Plain SQLite inserts of the same rows; only the inserts are timed (decoding the documents to
// get each event's JSON and identifiers is not). Counts events and identifiers on the way.
double BaselineRate(const Options& o, const fs::path& path, std::size_t& events, std::size_t& identifiers,
                    EpcSample& sample) {
    sqlite3* db = nullptr;
    Check(sqlite3_open(path.c_str(), &db), db, "open");
    Check(sqlite3_exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                       "CREATE TABLE events(id INTEGER PRIMARY KEY, doc TEXT NOT NULL);"
                       "CREATE TABLE ids(epc TEXT NOT NULL, event INTEGER NOT NULL);"
                       "CREATE INDEX ids_epc ON ids(epc);",
                       nullptr, nullptr, nullptr),
          db, "schema");
    sqlite3_stmt* ins_event = nullptr;
    sqlite3_stmt* ins_id = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO events(doc) VALUES(?)", -1, &ins_event, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO ids(epc, event) VALUES(?, ?)", -1, &ins_id, nullptr);
    Clock::duration timed{};
    std::size_t in_txn = 0;
    Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    Source source(o);
    std::string text;
    while (source.Next(text)) {
        const Prepared d = Prepare(text);
        sample.Add(d.epcs);
        const auto start = Clock::now();
        for (std::size_t i = 0; i < d.event_json.size(); ++i) {
            sqlite3_bind_text(ins_event, 1, d.event_json[i].data(), static_cast<int>(d.event_json[i].size()),
                              SQLITE_STATIC);
            Check(sqlite3_step(ins_event), db, "insert event");
            sqlite3_reset(ins_event);
            const auto id = sqlite3_last_insert_rowid(db);
            for (const auto& epc : d.identifiers[i]) {
                sqlite3_bind_text(ins_id, 1, epc.data(), static_cast<int>(epc.size()), SQLITE_STATIC);
                sqlite3_bind_int64(ins_id, 2, id);
                Check(sqlite3_step(ins_id), db, "insert id");
                sqlite3_reset(ins_id);
            }
            identifiers += d.identifiers[i].size();
            ++events;
            if (++in_txn == 20'000) {
                Check(sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr), db, "commit");
                in_txn = 0;
            }
        }
        timed += Clock::now() - start;
    }
    const auto start = Clock::now();
    Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    timed += Clock::now() - start;
    sqlite3_finalize(ins_event);
    sqlite3_finalize(ins_id);
    sqlite3_close(db);
    return static_cast<double>(events) / std::chrono::duration<double>(timed).count();
}

double Percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(index, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--events")
            o.events = std::stoull(value);
        else if (flag == "--kind")
            o.kind = value;
        else if (flag == "--clients")
            o.clients = std::stoi(value);
        else if (flag == "--queries")
            o.queries = std::stoull(value);
        else if (flag == "--dir")
            o.dir = value;
        else if (flag == "--stream")
            o.stream = value == "1" || value == "true";
        else {
            std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
            return 2;
        }
    }
    if (o.dir.empty()) o.dir = fs::temp_directory_path() / ("txng-bench-" + std::to_string(std::random_device{}()));
    fs::create_directories(o.dir);

    std::fprintf(stderr, "baseline (plain SQLite), %zu %s events...\n", o.events, o.kind.c_str());
    std::size_t events = 0;
    std::size_t identifiers = 0;
    EpcSample sample;
    const double baseline = BaselineRate(o, o.dir / "baseline.db", events, identifiers, sample);
    fs::remove(o.dir / "baseline.db");
    fs::remove(o.dir / "baseline.db-wal");
    fs::remove(o.dir / "baseline.db-shm");

    // The same documents again, for the server: made before the clock starts, or while capturing.
    Source source(o);
    std::vector<std::string> texts;
    if (!o.stream) {
        std::fprintf(stderr, "preparing the documents...\n");
        std::string text;
        while (source.Next(text)) texts.push_back(std::move(text));
    }
    std::mutex source_mu;
    // The document with index i (its text in `text`); false past the last.
    std::size_t made = 0;
    auto next_document = [&](std::size_t& index, std::string& text) {
        std::lock_guard lock(source_mu);
        if (!o.stream) {
            if (made >= texts.size()) return false;
            index = made++;
            text = std::move(texts[index]);
            return true;
        }
        if (!source.Next(text)) return false;
        index = made++;
        return true;
    };

    std::fprintf(stderr, "txng capture over HTTP...\n");
    txng::app::ServeConfig config;
    config.db = "sqlite:" + (o.dir / "txng.db").string();
    config.listen = "127.0.0.1:0";
    config.log_level = "error";
    auto node = txng::app::Node::Create(config);
    if (!node) {
        std::fprintf(stderr, "%s\n", node.error().ToString().c_str());
        return 2;
    }
    (*node)->Start();
    const std::uint16_t port = (*node)->Port();
    // The clients capture with a national admin key, as the national portal's sync would.
    auto key = (*node)->Registry().CreateKey(txng::service::Caller{txng::registry::CommandLine(), {}},
                                             {"capture bench", txng::registry::Role::kNationalAdmin, "", "", {}, ""});
    if (!key) {
        std::fprintf(stderr, "%s\n", key.error().ToString().c_str());
        return 2;
    }
    const txng::testing::HttpHeaders auth = {{"Authorization", "Bearer " + key->token}};
    std::atomic<std::size_t> failures{0};
    const double cpu_start = ProcessCpuSeconds();
    const auto start = Clock::now();
    std::vector<std::thread> clients;
    std::mutex jobs_mu;
    std::vector<std::string> jobs;
    for (int c = 0; c < o.clients; ++c) {
        clients.emplace_back([&] {
            txng::testing::HttpClient client(port, "127.0.0.1", std::chrono::seconds(120));
            client.SetDefaultHeaders(auth);
            std::size_t index = 0;
            std::string text;
            while (next_document(index, text)) {
                auto r = client.Send(verb::post, "/capture", text, {{"Content-Type", "application/ld+json"}});
                if (r.result_int() != 202) ++failures;
                std::lock_guard lock(jobs_mu);
                if (jobs.size() <= index) jobs.resize(index + 1);
                jobs[index] = std::string(r[boost::beast::http::field::location]);
            }
        });
    }
    for (auto& t : clients) t.join();
    const double accept_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // The rate counts until every job has finished (its events are committed and queryable), as
    // a client following each job's Location sees it.
    {
        txng::testing::HttpClient client(port);
        client.SetDefaultHeaders(auth);
        for (const auto& job : jobs) {
            for (;;) {
                auto r = client.Send(verb::get, job);
                if (r.result_int() != 200) {
                    ++failures;
                    break;
                }
                if (r.body().find("\"running\":false") != std::string::npos) {
                    if (r.body().find("\"success\":true") == std::string::npos) ++failures;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
    }
    const double capture_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu_seconds = ProcessCpuSeconds() - cpu_start;
    const double rate = static_cast<double>(events) / capture_seconds;

    // Identifier queries on the store just built.
    std::mt19937_64 rng(42);
    std::vector<double> latencies;
    std::size_t empty = 0;
    {
        txng::testing::HttpClient client(port);
        client.SetDefaultHeaders(auth);
        const auto& epcs = sample.Epcs();
        for (std::size_t q = 0; q < o.queries && !epcs.empty(); ++q) {
            const std::string target =
                "/events?MATCH_epc=" + txng::gs1::PercentEncodeDlValue(epcs[rng() % epcs.size()]);
            const auto t0 = Clock::now();
            auto r = client.Send(verb::get, target);
            latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            if (r.result_int() != 200) ++failures;
            if (r.body().find("\"eventList\":[]") != std::string::npos) ++empty;
        }
    }
    auto stats = (*node)->Store().Stats();
    (*node)->Stop();

    std::printf("kind=%s events=%zu identifiers=%zu clients=%d documents=%zu stream=%d\n", o.kind.c_str(), events,
                identifiers, o.clients, jobs.size(), o.stream ? 1 : 0);
    std::printf("baseline_plain_sqlite_events_per_s=%.0f\n", baseline);
    std::printf("txng_http_capture_events_per_s=%.0f ratio_to_baseline=%.2f seconds=%.1f (all accepted after %.1f s)\n",
                rate, rate / baseline, capture_seconds, accept_seconds);
    // CPU of the whole process (server and its clients) per event while capturing: steadier than
    // the rate on a shared machine, and what a 2-core machine's ceiling follows from.
    std::printf("capture_cpu_us_per_event=%.1f (cores busy on average: %.2f)\n",
                cpu_seconds * 1e6 / static_cast<double>(events), cpu_seconds / capture_seconds);
    std::printf("match_epc_queries=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f (empty answers: %zu)\n", latencies.size(),
                Percentile(latencies, 0.5), Percentile(latencies, 0.99), Percentile(latencies, 1.0), empty);
    std::printf("store_bytes=%llu failures=%zu\n", stats ? static_cast<unsigned long long>(stats->bytes) : 0ull,
                failures.load());
    fs::remove_all(o.dir);
    return failures == 0 ? 0 : 1;
}
