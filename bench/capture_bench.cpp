// Capture over HTTP and identifier queries, against a plain-SQLite baseline measured in the same
// run (see bench/README.md).
//
//   txng_capture_bench --events N [--kind simple|chain] [--clients 2] [--queries 2000] [--dir DIR]
//
// 1. Baseline: the same events written with plain SQLite: the event JSON plus one indexed row per
//    identifier, 20,000 events per transaction, WAL and synchronous=NORMAL.
// 2. txng: a server on 127.0.0.1 port 0 over a fresh SQLite store (WAL, synchronous=NORMAL);
//    `--clients` threads POST /capture documents of 1,000 events; the rate counts from the first
//    request until every capture job has finished (followed through its Location).
// 3. GET /events?MATCH_epc=<a random captured EPC> from one client: p50 / p99 latency.
// Documents are prepared before the clock starts, so the rates are the server's.

#include <sqlite3.h>

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
};

// One prepared document: its JSON-LD text, and per event the JSON and identifiers (baseline).
struct Prepared {
    std::string text;
    std::vector<std::string> event_json;
    std::vector<std::vector<std::string>> identifiers;
    // Instance EPCs of epcList and childEPCs: what MATCH_epc looks for.
    std::vector<std::string> epcs;
};

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

Prepared Prepare(std::string text) {
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
    p.text = std::move(text);
    return p;
}

std::vector<Prepared> PrepareDocuments(const Options& o) {
    std::vector<Prepared> docs;
    if (o.kind == "simple") {
        for (std::size_t first = 0; first < o.events; first += 1000) {
            docs.push_back(Prepare(SimpleDocument(first, std::min<std::size_t>(1000, o.events - first))));
        }
        return docs;
    }
    txng::demo::ChainOptions g;
    g.target_events = o.events;
    txng::demo::ChainGenerator gen(g);
    txng::epcis::Document doc;
    while (gen.Next(doc, 1000)) {
        docs.push_back(Prepare(txng::epcis::EncodeDocument(doc, txng::epcis::Format::kJson)));
    }
    return docs;
}

void Check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        std::fprintf(stderr, "sqlite %s: %s\n", what, sqlite3_errmsg(db));
        std::exit(2);
    }
}

double BaselineRate(const std::vector<Prepared>& docs, const fs::path& path) {
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
    const auto start = Clock::now();
    std::size_t in_txn = 0;
    Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    for (const auto& d : docs) {
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
            if (++in_txn == 20'000) {
                Check(sqlite3_exec(db, "COMMIT; BEGIN", nullptr, nullptr, nullptr), db, "commit");
                in_txn = 0;
            }
        }
    }
    Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    sqlite3_finalize(ins_event);
    sqlite3_finalize(ins_id);
    sqlite3_close(db);
    std::size_t n = 0;
    for (const auto& d : docs) n += d.event_json.size();
    return static_cast<double>(n) / seconds;
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
        else {
            std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
            return 2;
        }
    }
    if (o.dir.empty()) o.dir = fs::temp_directory_path() / ("txng-bench-" + std::to_string(std::random_device{}()));
    fs::create_directories(o.dir);

    std::fprintf(stderr, "preparing %zu %s events...\n", o.events, o.kind.c_str());
    const auto docs = PrepareDocuments(o);
    std::size_t events = 0;
    std::size_t identifiers = 0;
    for (const auto& d : docs) {
        events += d.event_json.size();
        for (const auto& ids : d.identifiers) identifiers += ids.size();
    }

    std::fprintf(stderr, "baseline (plain SQLite)...\n");
    const double baseline = BaselineRate(docs, o.dir / "baseline.db");
    fs::remove(o.dir / "baseline.db");
    fs::remove(o.dir / "baseline.db-wal");
    fs::remove(o.dir / "baseline.db-shm");

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
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> failures{0};
    const auto start = Clock::now();
    std::vector<std::thread> clients;
    std::vector<std::string> jobs(docs.size());
    for (int c = 0; c < o.clients; ++c) {
        clients.emplace_back([&] {
            txng::testing::HttpClient client(port, "127.0.0.1", std::chrono::seconds(120));
            for (std::size_t i = next++; i < docs.size(); i = next++) {
                auto r = client.Send(verb::post, "/capture", docs[i].text, {{"Content-Type", "application/ld+json"}});
                if (r.result_int() != 202) ++failures;
                jobs[i] = std::string(r[boost::beast::http::field::location]);
            }
        });
    }
    for (auto& t : clients) t.join();
    const double accept_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // The rate counts until every job has finished (its events are committed and queryable), as
    // a client following each job's Location sees it.
    {
        txng::testing::HttpClient client(port);
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
    const double rate = static_cast<double>(events) / capture_seconds;

    // Identifier queries on the store just built.
    std::mt19937_64 rng(42);
    std::vector<double> latencies;
    std::size_t empty = 0;
    {
        txng::testing::HttpClient client(port);
        for (std::size_t q = 0; q < o.queries; ++q) {
            const auto& d = docs[rng() % docs.size()];
            if (d.epcs.empty()) continue;
            const std::string target =
                "/events?MATCH_epc=" + txng::gs1::PercentEncodeDlValue(d.epcs[rng() % d.epcs.size()]);
            const auto t0 = Clock::now();
            auto r = client.Send(verb::get, target);
            latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            if (r.result_int() != 200) ++failures;
            if (r.body().find("\"eventList\":[]") != std::string::npos) ++empty;
        }
    }
    auto stats = (*node)->Store().Stats();
    (*node)->Stop();

    std::printf("kind=%s events=%zu identifiers=%zu clients=%d documents=%zu\n", o.kind.c_str(), events, identifiers,
                o.clients, docs.size());
    std::printf("baseline_plain_sqlite_events_per_s=%.0f\n", baseline);
    std::printf("txng_http_capture_events_per_s=%.0f ratio_to_baseline=%.2f seconds=%.1f (all accepted after %.1f s)\n",
                rate, rate / baseline, capture_seconds, accept_seconds);
    std::printf("match_epc_queries=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f (empty answers: %zu)\n", latencies.size(),
                Percentile(latencies, 0.5), Percentile(latencies, 0.99), Percentile(latencies, 1.0), empty);
    std::printf("store_bytes=%llu failures=%zu\n", stats ? static_cast<unsigned long long>(stats->bytes) : 0ull,
                failures.load());
    fs::remove_all(o.dir);
    return failures == 0 ? 0 : 1;
}
