// What one row of the SQLite store's `events` table costs to insert, by index and row size: the
// same columns and indexes as schema v2 (src/store/sqlite), rows shaped like the capture
// benchmark's simple events, 50,000 rows per transaction, WAL, synchronous=NORMAL.
//
//   txng_events_table_bench [--rows N] [--doc BYTES] [--indexes all|none|key,time,record,step,location,read]
//                           [--page-size BYTES] [--dir DIR]
//
// Prints microseconds per row (wall clock, median of --repeat runs).

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Options {
    int rows = 200'000;
    int doc = 458;
    std::string indexes = "all";
    int page_size = 4096;
    int repeat = 3;
    fs::path dir = fs::temp_directory_path();
};

void Exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::fprintf(stderr, "sqlite: %s\n%s\n", message ? message : "?", sql.c_str());
        std::exit(2);
    }
}

bool Wants(const Options& o, const std::string& name) {
    if (o.indexes == "all") return true;
    const std::string list = "," + o.indexes + ",";
    return list.find("," + name + ",") != std::string::npos;
}

double MicrosPerRow(const Options& o, int run) {
    const fs::path path = o.dir / ("txng-events-table-" + std::to_string(getpid()) + "-" + std::to_string(run) + ".db");
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) std::exit(2);
    Exec(db, "PRAGMA page_size=" + std::to_string(o.page_size));
    Exec(db,
         "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
         "PRAGMA mmap_size=1073741824; PRAGMA wal_autocheckpoint=20000");
    Exec(db,
         "CREATE TABLE events(seq INTEGER PRIMARY KEY, event_key INTEGER NOT NULL, event_id TEXT NOT NULL, "
         "content_hash BLOB NOT NULL, type INTEGER NOT NULL, event_time INTEGER NOT NULL, record_time INTEGER NOT "
         "NULL, action INTEGER, biz_step INTEGER, disposition INTEGER, read_point INTEGER, biz_location INTEGER, "
         "has_error INTEGER NOT NULL, capture INTEGER NOT NULL, doc TEXT NOT NULL)");
    const std::pair<const char*, const char*> indexes[] = {
        {"key", "CREATE INDEX events_key ON events(event_key)"},
        {"time", "CREATE INDEX events_time ON events(event_time)"},
        {"record", "CREATE INDEX events_record_time ON events(record_time)"},
        {"step", "CREATE INDEX events_biz_step ON events(biz_step)"},
        {"location", "CREATE INDEX events_biz_location ON events(biz_location)"},
        {"read", "CREATE INDEX events_read_point ON events(read_point)"},
    };
    for (const auto& [name, sql] : indexes) {
        if (Wants(o, name)) Exec(db, sql);
    }
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO events(event_key, event_id, content_hash, type, event_time, record_time, action, "
                       "biz_step, disposition, read_point, biz_location, has_error, capture, doc) "
                       "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       -1, &s, nullptr);
    std::mt19937_64 rng(static_cast<std::uint64_t>(run) + 1);
    const std::string doc(static_cast<std::size_t>(o.doc), 'x');
    std::string id = "ni:///sha-256;0000000000000000000000000000000000000000000000000000000000000000?ver=CBV2.0";
    const char hash[16] = {1};
    const auto start = std::chrono::steady_clock::now();
    Exec(db, "BEGIN");
    for (int i = 0; i < o.rows; ++i) {
        for (int k = 0; k < 16; ++k) id[14 + static_cast<std::size_t>(k)] = "0123456789abcdef"[rng() & 15];
        sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(rng()));
        sqlite3_bind_text(s, 2, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
        sqlite3_bind_blob(s, 3, hash, sizeof hash, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, 1);
        // eventTime as in the capture benchmark's simple events: 08:MM:SS cycling.
        sqlite3_bind_int64(s, 5, 1772327410000LL + (i % 50) * 60000LL + (i % 49) * 1000LL);
        sqlite3_bind_int64(s, 6, 1780000000000LL + i / 1000);
        sqlite3_bind_int64(s, 7, 1);
        sqlite3_bind_int64(s, 8, 2);
        sqlite3_bind_int64(s, 9, 3);
        sqlite3_bind_int64(s, 10, 4);
        sqlite3_bind_null(s, 11);
        sqlite3_bind_int64(s, 12, 0);
        sqlite3_bind_int64(s, 13, 0);
        sqlite3_bind_text(s, 14, doc.data(), static_cast<int>(doc.size()), SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) std::exit(2);
        sqlite3_reset(s);
        if ((i + 1) % 50'000 == 0) Exec(db, "COMMIT; BEGIN");
    }
    Exec(db, "COMMIT");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    sqlite3_finalize(s);
    sqlite3_close(db);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
    return seconds * 1e6 / o.rows;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--rows") {
            o.rows = std::stoi(value);
        } else if (flag == "--doc") {
            o.doc = std::stoi(value);
        } else if (flag == "--indexes") {
            o.indexes = value;
        } else if (flag == "--page-size") {
            o.page_size = std::stoi(value);
        } else if (flag == "--repeat") {
            o.repeat = std::max(1, std::stoi(value));
        } else if (flag == "--dir") {
            o.dir = value;
        } else {
            std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
            return 2;
        }
    }
    std::vector<double> runs;
    for (int r = 0; r < o.repeat; ++r) runs.push_back(MicrosPerRow(o, r));
    std::sort(runs.begin(), runs.end());
    std::printf("rows=%d doc=%d indexes=%s page_size=%d us_per_row=%.2f (median of %d)\n", o.rows, o.doc,
                o.indexes.c_str(), o.page_size, runs[runs.size() / 2], o.repeat);
    return 0;
}
