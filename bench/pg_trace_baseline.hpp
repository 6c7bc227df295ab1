#pragma once
// The PostgreSQL baseline of txng_trace_bench (issue 4, bench/README.md): the same events loaded
// into a throwaway PostgreSQL 15 cluster in the schema a user would pick, and the same trace and
// recall questions answered there by recursive CTEs, the obvious alternative to the trace index.
//
// Schema (identifiers in one canonical text form, see PgTraceBaseline::Canonical):
//   event(seq bigint primary key, t bigint (eventTime, Unix ms), type smallint (epcis::EventType
//         order), action smallint (1 ADD, 2 OBSERVE, 3 DELETE, NULL), biz_step text,
//         disposition text, read_point text, biz_location text, transformation_id text)
//   link(seq bigint, node text, role smallint (PgRole))
//   indexes link(node, role), link(seq, role), event(transformation_id); ANALYZE.
//
// Bench code: a cluster that does not start, a lost connection or a failed statement throws
// std::runtime_error (broken infrastructure); the destructors stop the cluster and remove its
// files on every path that unwinds. Not thread-safe.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "epcis/event.hpp"
#include "gs1/company_prefix.hpp"

struct pg_conn;

namespace txng::bench {

// A PostgreSQL cluster of its own in a fresh directory under /tmp (data directory, unix socket,
// logs), reachable on that socket only. initdb and pg_ctl run as the `postgres` OS user when this
// process is root (PostgreSQL refuses to run as root). A read benchmark: fsync, synchronous_commit
// and full_page_writes are off, wal_level minimal, autovacuum off (the loader runs ANALYZE), JIT
// off; Settings() says so. While it runs, SIGINT and SIGTERM shut it down (immediate mode) and
// remove its directory before the process dies.
class PgCluster {
  public:
    static constexpr std::string_view kBinDir = "/usr/lib/postgresql/15/bin";

    // Whether kBinDir/initdb exists.
    static bool Installed();
    // initdb + start; throws std::runtime_error naming the log on failure (nothing is left behind).
    static std::unique_ptr<PgCluster> Start();
    // pg_ctl stop -m fast (SIGQUIT to the postmaster if that fails), then the directory is removed.
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    std::string ConnInfo() const;
    const std::string& dir() const { return dir_; }
    // `key=value` tokens of the settings that matter for the figures.
    static std::string Settings();

  private:
    PgCluster() = default;
    void Init();
    // Runs `command` in the cluster directory (as `postgres` when root), output appended to
    // `log` there; throws with the log's tail unless it exits 0.
    void Run(const std::string& command, const std::string& log) const;
    void Stop() noexcept;
    long ReadPostmasterPid() const;  // 0 when there is no postmaster.pid

    std::string dir_;
    long postmaster_pid_ = 0;
    bool started_ = false;
};

// Link roles (link.role).
enum PgRole : std::int16_t {
    kPgEpc = 1,                   // epcList
    kPgQuantity = 2,              // quantityList[].epcClass
    kPgParent = 3,                // parentID
    kPgChildEpc = 4,              // childEPCs
    kPgChildQuantity = 5,         // childQuantityList[].epcClass
    kPgInputEpc = 6,              // inputEPCList
    kPgInputQuantity = 7,         // inputQuantityList[].epcClass
    kPgOutputEpc = 8,             // outputEPCList
    kPgOutputQuantity = 9,        // outputQuantityList[].epcClass
    kPgLot = 10,                  // the lot class (ILMD lotNumber) of the instances the event commissions
    kPgSourceOwner = 11,          // sourceList owning_party
    kPgSourcePossessor = 12,      // sourceList possessing_party
    kPgDestinationOwner = 13,     // destinationList owning_party
    kPgDestinationPossessor = 14  // destinationList possessing_party
};

struct PgRecallItem {
    std::string item;
    std::int64_t last_event_ms = 0;
    std::string last_location;  // last bizLocation, else last readPoint; empty when neither
};

struct PgLoadFigures {
    std::uint64_t events = 0;
    std::uint64_t links = 0;
    double normalise_s = 0;  // canonical forms and COPY rows, while the events were generated
    double copy_s = 0;       // COPY of both tables (rows already made)
    double index_s = 0;      // primary key and the three indexes
    double analyze_s = 0;
    double prewarm_s = 0;  // pg_prewarm of tables and indexes into shared_buffers (0: not available)
    std::int64_t table_bytes = 0;
    std::int64_t index_bytes = 0;
};

class PgTraceBaseline {
  public:
    // Connects to `conninfo`; COPY rows are spooled into files in `spool_dir` until Load().
    static std::unique_ptr<PgTraceBaseline> Open(const std::string& conninfo, const std::string& spool_dir);
    ~PgTraceBaseline();
    PgTraceBaseline(const PgTraceBaseline&) = delete;
    PgTraceBaseline& operator=(const PgTraceBaseline&) = delete;

    // The one text form of an identifier in the tables: the EPC URN when it has one (Digital
    // Links on any domain through epcis::CanonicalIdentifier and gs1::DigitalLinkToEpcUri with the
    // demo master data's company prefixes), else epcis::CanonicalIdentifier of it. Cached.
    const std::string& Canonical(const std::string& identifier);

    // Makes the COPY rows of one event (call before Load(), each event once).
    void Add(const epcis::Event& event, std::int64_t seq);
    // COPY (FREEZE) of the spooled rows, then the indexes, ANALYZE, prewarm; prepares the queries.
    PgLoadFigures Load();

    // The recursive CTEs (after Load()). Each returns the whole answer, fetched.
    // Ancestors by derivation of `root` (canonical form), `root` included.
    std::vector<std::string> Backward(const std::string& root);
    // Descendants by derivation, `root` included.
    std::vector<std::string> Forward(const std::string& root);
    // End items derived from `root` with their last event time and place.
    std::vector<PgRecallItem> Recall(const std::string& root);
    // EXPLAIN (ANALYZE, BUFFERS) of one of "backward", "forward", "recall" for `root`.
    std::string Explain(const std::string& statement, const std::string& root);
    std::string ServerVersion() const;

  private:
    PgTraceBaseline() = default;
    void Exec(const std::string& sql);
    std::int64_t QueryInt(const std::string& sql);
    void Copy(const std::string& table, const std::string& path);
    void AppendLink(std::int64_t seq, const std::string& node, PgRole role);
    void Flush(bool final);
    std::vector<std::string> Column(const char* statement, const std::string& root);

    pg_conn* conn_ = nullptr;
    std::string spool_dir_;
    std::FILE* event_file_ = nullptr;
    std::FILE* link_file_ = nullptr;
    std::string event_rows_, link_rows_;
    gs1::TableCompanyPrefixProvider prefixes_;
    std::unordered_map<std::string, std::string> canonical_;
    PgLoadFigures figures_;
};

}  // namespace txng::bench
