#include "pg_trace_baseline.hpp"

#include <libpq-fe.h>
#include <pwd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "demo/master_data.hpp"
#include "epcis/query.hpp"
#include "gs1/epc_uri.hpp"
#include "trace/trace_index.hpp"

namespace txng::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Server settings for a read benchmark on a throwaway cluster.
constexpr std::string_view kSharedBuffers = "2GB";
constexpr std::string_view kWorkMem = "64MB";

// ---------------------------------------------------------------------------------------------
// The cluster

// What to stop and remove if the bench is interrupted (SIGINT, SIGTERM). The handler uses only
// async-signal-safe calls: immediate shutdown of the postmaster (SIGQUIT), a wait for it to go,
// then `rm -rf` of the cluster directory in a child process, and the default action.
volatile std::sig_atomic_t g_postmaster_pid = 0;
char g_cluster_dir[256] = {};

extern "C" void StopClusterAndDie(int signal_number) {
    const pid_t pid = static_cast<pid_t>(g_postmaster_pid);
    if (pid > 0) {
        kill(pid, SIGQUIT);
        const timespec tick{0, 50'000'000};
        for (int i = 0; i < 200 && kill(pid, 0) == 0; ++i) nanosleep(&tick, nullptr);
        if (g_cluster_dir[0] != '\0') {
            const pid_t rm = fork();
            if (rm == 0) {
                execl("/bin/rm", "rm", "-rf", g_cluster_dir, static_cast<char*>(nullptr));
                _exit(127);
            }
            if (rm > 0) waitpid(rm, nullptr, 0);
        }
    }
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

std::string Tail(const std::string& path, std::size_t bytes = 2000) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

// ---------------------------------------------------------------------------------------------
// COPY text format

void AppendField(std::string& out, std::string_view v) {
    for (char c : v) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
}

void AppendInt(std::string& out, std::int64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

constexpr std::string_view kNull = "\\N";

// ---------------------------------------------------------------------------------------------
// The queries. Role numbers are PgRole; event types epcis::EventType (1 Aggregation, 3
// Transformation, 4 Association); actions 1 ADD, 2 OBSERVE, 3 DELETE.

// What one node derives into (forward), as a LATERAL subquery over `$from.node`:
// - an input of a TransformationEvent: the outputs of that event, or of every event with its
//   transformationID;
// - a lot class: the instances commissioned with its ILMD lotNumber (epcList of an ObjectEvent
//   ADD, outputEPCList);
// - a container (parentID of an Aggregation/AssociationEvent other than DELETE): its children.
std::string ForwardStep(std::string_view from, bool containers_only_logistic_units) {
    const std::string f(from);
    std::string sql =
        "SELECT o.node FROM link o WHERE o.role IN (8, 9) AND o.seq IN ("
        " SELECT e.seq FROM link i JOIN event e ON e.seq = i.seq"
        " WHERE i.node = " +
        f +
        ".node AND i.role IN (6, 7) AND e.type = 3 AND e.transformation_id IS NULL)"
        " UNION ALL "
        "SELECT o.node FROM event g JOIN link o ON o.seq = g.seq AND o.role IN (8, 9)"
        " WHERE g.transformation_id IN ("
        " SELECT e.transformation_id FROM link i JOIN event e ON e.seq = i.seq"
        " WHERE i.node = " +
        f +
        ".node AND i.role IN (6, 7) AND e.type = 3)"
        " UNION ALL "
        "SELECT m.node FROM link l JOIN link m ON m.seq = l.seq AND m.role IN (1, 8)"
        " WHERE l.node = " +
        f +
        ".node AND l.role = 10"
        " UNION ALL "
        "SELECT c.node FROM link p JOIN event e ON e.seq = p.seq JOIN link c ON c.seq = p.seq AND c.role IN (4, 5)"
        " WHERE p.node = " +
        f + ".node AND p.role = 3 AND e.type IN (1, 4) AND e.action <> 3";
    if (containers_only_logistic_units) {
        sql += " AND (" + f + ".node LIKE 'urn:epc:id:sscc:%' OR " + f + ".node LIKE 'urn:epc:id:ginc:%' OR " + f +
               ".node LIKE 'urn:epc:id:gsin:%')";
    }
    return sql;
}

std::string ForwardSql() {
    return "WITH RECURSIVE reached(node) AS (SELECT $1::text UNION"
           " SELECT n.node FROM reached CROSS JOIN LATERAL (" +
           ForwardStep("reached", false) + ") n) SELECT node FROM reached";
}

// Ancestors: an output of a TransformationEvent gets the inputs of its event or transformationID;
// a commissioned instance its lot class; a container its children (as txng's trace walks a
// container in both directions).
std::string BackwardSql() {
    return "WITH RECURSIVE reached(node) AS (SELECT $1::text UNION"
           " SELECT n.node FROM reached CROSS JOIN LATERAL ("
           "SELECT i.node FROM link i WHERE i.role IN (6, 7) AND i.seq IN ("
           " SELECT e.seq FROM link o JOIN event e ON e.seq = o.seq"
           " WHERE o.node = reached.node AND o.role IN (8, 9) AND e.type = 3 AND e.transformation_id IS NULL)"
           " UNION ALL "
           "SELECT i.node FROM event g JOIN link i ON i.seq = g.seq AND i.role IN (6, 7)"
           " WHERE g.transformation_id IN ("
           " SELECT e.transformation_id FROM link o JOIN event e ON e.seq = o.seq"
           " WHERE o.node = reached.node AND o.role IN (8, 9) AND e.type = 3)"
           " UNION ALL "
           "SELECT l.node FROM link m JOIN link l ON l.seq = m.seq AND l.role = 10"
           " WHERE m.node = reached.node AND m.role IN (1, 8)"
           " UNION ALL "
           "SELECT c.node FROM link p JOIN event e ON e.seq = p.seq JOIN link c ON c.seq = p.seq AND c.role IN (4, 5)"
           " WHERE p.node = reached.node AND p.role = 3 AND e.type IN (1, 4) AND e.action <> 3"
           ") n) SELECT node FROM reached";
}

// Recall: the derivation edges from the root (parent, node); end items are the nodes reached that
// derive into nothing but themselves, logistic units excepted. Each end item's history is its own
// events and those of each container it was in, from the ADD / OBSERVE that put it there to its
// next aggregation (association) event; the answer is the last event time and the bizLocation of
// the last event that has one (else the last readPoint), ties broken by seq as txng does.
std::string RecallSql() {
    return "WITH RECURSIVE derived(node, parent) AS (SELECT $1::text, NULL::text UNION"
           " SELECT n.node, derived.node FROM derived CROSS JOIN LATERAL (" +
           ForwardStep("derived", true) +
           ") n WHERE n.node <> derived.node),"
           " ends AS (SELECT DISTINCT d.node FROM derived d"
           "  WHERE NOT EXISTS (SELECT 1 FROM derived c WHERE c.parent = d.node)"
           "  AND d.node NOT LIKE 'urn:epc:id:sscc:%' AND d.node NOT LIKE 'urn:epc:id:ginc:%'"
           "  AND d.node NOT LIKE 'urn:epc:id:gsin:%'),"
           " stays AS (SELECT x.node, p.node AS parent, e.action, e.t AS from_t,"
           "  lead(e.t) OVER (PARTITION BY x.node, e.type ORDER BY e.t, e.seq) AS to_t"
           "  FROM ends x JOIN link c ON c.node = x.node AND c.role IN (4, 5)"
           "  JOIN event e ON e.seq = c.seq AND e.type IN (1, 4)"
           "  JOIN link p ON p.seq = e.seq AND p.role = 3 AND p.node <> x.node),"
           " history AS ("
           "  SELECT x.node, e.t, e.seq, e.biz_location, e.read_point"
           "  FROM ends x JOIN link l ON l.node = x.node JOIN event e ON e.seq = l.seq"
           "  UNION ALL"
           "  SELECT s.node, e.t, e.seq, e.biz_location, e.read_point"
           "  FROM stays s JOIN link l ON l.node = s.parent JOIN event e ON e.seq = l.seq"
           "  WHERE s.action IN (1, 2) AND e.t >= s.from_t AND (s.to_t IS NULL OR e.t <= s.to_t))"
           " SELECT node, max(t),"
           "  coalesce((array_agg(biz_location ORDER BY t DESC, seq DESC)"
           "   FILTER (WHERE biz_location IS NOT NULL))[1],"
           "  (array_agg(read_point ORDER BY t DESC, seq DESC) FILTER (WHERE read_point IS NOT NULL))[1], '')"
           " FROM history GROUP BY node";
}

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

Result Check(PGconn* conn, PGresult* r, const std::string& what) {
    Result result(r);
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN) {
        throw std::runtime_error("postgresql: " + what.substr(0, 200) + ": " +
                                 (result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn)));
    }
    return result;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// PgCluster

bool PgCluster::Installed() { return std::filesystem::exists(std::string(kBinDir) + "/initdb"); }

std::unique_ptr<PgCluster> PgCluster::Start() {
    if (!Installed()) {
        throw std::runtime_error("PostgreSQL 15 is not installed (" + std::string(kBinDir) +
                                 "/initdb is missing): run bench/trace.sh, or apt-get install postgresql");
    }
    std::unique_ptr<PgCluster> cluster(new PgCluster());
    char dir[] = "/tmp/txng-pg-XXXXXX";
    if (mkdtemp(dir) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    cluster->dir_ = dir;
    cluster->Init();  // on a throw, the destructor removes what was made
    return cluster;
}

void PgCluster::Run(const std::string& command, const std::string& log) const {
    const std::string as_postgres = geteuid() == 0 ? "runuser -u postgres -- " : "";
    const std::string line = "cd '" + dir_ + "' && " + as_postgres + command + " >>'" + dir_ + "/" + log + "' 2>&1";
    const int rc = std::system(line.c_str());
    if (rc != 0) {
        throw std::runtime_error("postgresql: `" + command + "` failed (" + std::to_string(rc) + "); " + log + ":\n" +
                                 Tail(dir_ + "/" + log));
    }
}

void PgCluster::Init() {
    if (geteuid() == 0) {
        const passwd* pw = getpwnam("postgres");
        if (pw == nullptr) throw std::runtime_error("postgresql: no `postgres` OS user to run the cluster as");
        if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
            throw std::runtime_error("chown " + dir_ + ": " + std::strerror(errno));
        }
    }
    const std::string bin(kBinDir);
    Run(bin + "/initdb -D '" + dir_ + "/data' -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync",
        "initdb.log");
    {
        std::ofstream conf(dir_ + "/data/postgresql.conf", std::ios::app);
        conf << "\n# txng_trace_bench: a throwaway cluster for a read benchmark\n"
             << "listen_addresses = ''\n"
             << "unix_socket_directories = '" << dir_ << "'\n"
             << "port = 5432\n"
             << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
             << "wal_level = minimal\nmax_wal_senders = 0\nmax_wal_size = '16GB'\ncheckpoint_timeout = '1h'\n"
             << "shared_buffers = '" << kSharedBuffers << "'\n"
             << "work_mem = '" << kWorkMem << "'\n"
             << "maintenance_work_mem = '1GB'\n"
             << "autovacuum = off\njit = off\n";
        if (!conf) throw std::runtime_error("postgresql: cannot write " + dir_ + "/data/postgresql.conf");
    }
    started_ = true;  // even if pg_ctl gives up waiting: a postmaster may be up, Stop() looks
    Run(bin + "/pg_ctl -D '" + dir_ + "/data' -l '" + dir_ + "/server.log' -w -t 120 start", "pg_ctl.log");
    postmaster_pid_ = ReadPostmasterPid();
    if (postmaster_pid_ > 0 && dir_.size() < sizeof g_cluster_dir) {
        std::memcpy(g_cluster_dir, dir_.c_str(), dir_.size() + 1);
        g_postmaster_pid = static_cast<std::sig_atomic_t>(postmaster_pid_);
        std::signal(SIGINT, StopClusterAndDie);
        std::signal(SIGTERM, StopClusterAndDie);
    }
}

long PgCluster::ReadPostmasterPid() const {
    long pid = 0;
    std::ifstream pid_file(dir_ + "/data/postmaster.pid");
    pid_file >> pid;
    return pid;
}

void PgCluster::Stop() noexcept {
    if (!started_) return;
    started_ = false;
    try {
        Run(std::string(kBinDir) + "/pg_ctl -D '" + dir_ + "/data' -m fast -w -t 60 stop", "pg_ctl.log");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        if (postmaster_pid_ == 0) postmaster_pid_ = ReadPostmasterPid();
        if (postmaster_pid_ > 0) {
            kill(static_cast<pid_t>(postmaster_pid_), SIGQUIT);
            sleep(2);
        }
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_postmaster_pid = 0;
}

PgCluster::~PgCluster() {
    Stop();
    if (!dir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        if (ec) std::fprintf(stderr, "could not remove %s: %s\n", dir_.c_str(), ec.message().c_str());
    }
}

std::string PgCluster::ConnInfo() const { return "host=" + dir_ + " port=5432 user=postgres dbname=postgres"; }

std::string PgCluster::Settings() {
    return "fsync=off synchronous_commit=off full_page_writes=off wal_level=minimal autovacuum=off jit=off "
           "shared_buffers=" +
           std::string(kSharedBuffers) + " work_mem=" + std::string(kWorkMem) + " socket=unix";
}

// ---------------------------------------------------------------------------------------------
// PgTraceBaseline

std::unique_ptr<PgTraceBaseline> PgTraceBaseline::Open(const std::string& conninfo, const std::string& spool_dir) {
    std::unique_ptr<PgTraceBaseline> b(new PgTraceBaseline());
    b->conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(b->conn_) != CONNECTION_OK) {
        throw std::runtime_error("postgresql: cannot connect (" + conninfo + "): " + PQerrorMessage(b->conn_));
    }
    b->spool_dir_ = spool_dir;
    b->event_file_ = std::fopen((spool_dir + "/event.copy").c_str(), "wb");
    b->link_file_ = std::fopen((spool_dir + "/link.copy").c_str(), "wb");
    if (b->event_file_ == nullptr || b->link_file_ == nullptr) {
        throw std::runtime_error("cannot create the COPY spool files in " + spool_dir);
    }
    b->prefixes_ = demo::CompanyPrefixes(demo::DemoMasterData());
    return b;
}

PgTraceBaseline::~PgTraceBaseline() {
    if (event_file_ != nullptr) std::fclose(event_file_);
    if (link_file_ != nullptr) std::fclose(link_file_);
    if (conn_ != nullptr) PQfinish(conn_);
}

const std::string& PgTraceBaseline::Canonical(const std::string& identifier) {
    if (auto it = canonical_.find(identifier); it != canonical_.end()) return it->second;
    if (canonical_.size() > 4'000'000) canonical_.clear();  // bounded, whatever the data
    std::string c = epcis::CanonicalIdentifier(identifier);
    if (c.starts_with("https://id.gs1.org/")) {
        if (auto urn = gs1::DigitalLinkToEpcUri(c, prefixes_)) c = std::move(*urn);
    }
    return canonical_.emplace(identifier, std::move(c)).first->second;
}

void PgTraceBaseline::AppendLink(std::int64_t seq, const std::string& node, PgRole role) {
    AppendInt(link_rows_, seq);
    link_rows_ += '\t';
    AppendField(link_rows_, node);
    link_rows_ += '\t';
    AppendInt(link_rows_, role);
    link_rows_ += '\n';
    ++figures_.links;
}

void PgTraceBaseline::Flush(bool final) {
    constexpr std::size_t kChunk = 4 << 20;
    auto flush = [&](std::string& rows, std::FILE* f) {
        if (rows.empty() || (!final && rows.size() < kChunk)) return;
        if (std::fwrite(rows.data(), 1, rows.size(), f) != rows.size()) {
            throw std::runtime_error("cannot write the COPY spool files in " + spool_dir_);
        }
        rows.clear();
    };
    flush(event_rows_, event_file_);
    flush(link_rows_, link_file_);
}

void PgTraceBaseline::Add(const epcis::Event& event, std::int64_t seq) {
    const auto start = Clock::now();
    std::uint8_t action = 0;
    if (event.action) {
        action = *event.action == epcis::Action::kAdd ? 1 : *event.action == epcis::Action::kObserve ? 2 : 3;
    }
    std::string& ev = event_rows_;
    AppendInt(ev, seq);
    ev += '\t';
    AppendInt(ev, event.event_time.UnixMillis());
    ev += '\t';
    AppendInt(ev, static_cast<int>(event.type));
    ev += '\t';
    if (action != 0) {
        AppendInt(ev, action);
    } else {
        ev += kNull;
    }
    auto optional = [&](const std::optional<std::string>& v, bool canonical) {
        ev += '\t';
        if (!v) {
            ev += kNull;
        } else {
            AppendField(ev, canonical ? Canonical(*v) : *v);
        }
    };
    optional(event.biz_step, false);
    optional(event.disposition, false);
    optional(event.read_point ? std::optional<std::string>(event.read_point->id) : std::nullopt, true);
    optional(event.biz_location ? std::optional<std::string>(event.biz_location->id) : std::nullopt, true);
    optional(event.transformation_id, false);
    ev += '\n';
    ++figures_.events;

    // The lot of commissioned instances (as the trace index reads it).
    const std::string lot = trace::IlmdLotNumber(event);
    std::vector<std::string> lot_classes;
    auto commissioned = [&](const std::string& raw) {
        if (lot.empty()) return;
        std::string dl_class = trace::LotClassOf(epcis::CanonicalIdentifier(raw), lot);
        if (dl_class.empty()) return;
        std::string lot_class = Canonical(dl_class);
        if (std::find(lot_classes.begin(), lot_classes.end(), lot_class) == lot_classes.end()) {
            lot_classes.push_back(std::move(lot_class));
        }
    };
    auto epcs = [&](const std::vector<std::string>& list, PgRole role, bool commissions) {
        for (const auto& id : list) {
            AppendLink(seq, Canonical(id), role);
            if (commissions) commissioned(id);
        }
    };
    auto quantities = [&](const std::vector<epcis::QuantityElement>& list, PgRole role) {
        for (const auto& q : list) AppendLink(seq, Canonical(q.epc_class), role);
    };
    if (event.parent_id) AppendLink(seq, Canonical(*event.parent_id), kPgParent);
    epcs(event.epc_list, kPgEpc, event.type == epcis::EventType::kObjectEvent && action == 1);
    epcs(event.child_epcs, kPgChildEpc, false);
    epcs(event.input_epc_list, kPgInputEpc, false);
    epcs(event.output_epc_list, kPgOutputEpc, true);
    quantities(event.quantity_list, kPgQuantity);
    quantities(event.child_quantity_list, kPgChildQuantity);
    quantities(event.input_quantity_list, kPgInputQuantity);
    quantities(event.output_quantity_list, kPgOutputQuantity);
    for (const auto& c : lot_classes) AppendLink(seq, c, kPgLot);
    auto parties = [&](const std::vector<epcis::SourceDest>& list, PgRole owner, PgRole possessor) {
        for (const auto& sd : list) {
            if (sd.type.ends_with("possessing_party")) {
                AppendLink(seq, Canonical(sd.value), possessor);
            } else if (sd.type.ends_with("owning_party")) {
                AppendLink(seq, Canonical(sd.value), owner);
            }
        }
    };
    parties(event.source_list, kPgSourceOwner, kPgSourcePossessor);
    parties(event.destination_list, kPgDestinationOwner, kPgDestinationPossessor);
    Flush(false);
    figures_.normalise_s += Seconds(Clock::now() - start);
}

void PgTraceBaseline::Exec(const std::string& sql) { Check(conn_, PQexec(conn_, sql.c_str()), sql); }

std::int64_t PgTraceBaseline::QueryInt(const std::string& sql) {
    Result r = Check(conn_, PQexec(conn_, sql.c_str()), sql);
    return PQntuples(r.get()) > 0 ? std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10) : 0;
}

void PgTraceBaseline::Copy(const std::string& table, const std::string& path) {
    const std::string sql = "COPY " + table + " FROM STDIN (FREEZE)";
    Check(conn_, PQexec(conn_, sql.c_str()), sql);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw std::runtime_error("cannot read " + path);
    std::vector<char> buf(1 << 20);
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
        if (PQputCopyData(conn_, buf.data(), static_cast<int>(n)) != 1) {
            std::fclose(f);
            throw std::runtime_error(std::string("postgresql: COPY ") + table + ": " + PQerrorMessage(conn_));
        }
    }
    std::fclose(f);
    if (PQputCopyEnd(conn_, nullptr) != 1) {
        throw std::runtime_error(std::string("postgresql: COPY ") + table + ": " + PQerrorMessage(conn_));
    }
    Check(conn_, PQgetResult(conn_), sql);
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
}

PgLoadFigures PgTraceBaseline::Load() {
    Flush(true);
    std::fclose(event_file_);
    std::fclose(link_file_);
    event_file_ = link_file_ = nullptr;

    auto start = Clock::now();
    // Tables created in the loading transaction: COPY FREEZE writes no WAL (wal_level minimal) and
    // leaves the rows frozen and all-visible, so no VACUUM is needed before index-only scans.
    Exec("BEGIN");
    Exec(
        "CREATE TABLE event (seq bigint NOT NULL, t bigint NOT NULL, type smallint NOT NULL, action smallint,"
        " biz_step text, disposition text, read_point text, biz_location text, transformation_id text)");
    Exec("CREATE TABLE link (seq bigint NOT NULL, node text NOT NULL, role smallint NOT NULL)");
    Copy("event", spool_dir_ + "/event.copy");
    Copy("link", spool_dir_ + "/link.copy");
    Exec("COMMIT");
    figures_.copy_s = Seconds(Clock::now() - start);
    std::filesystem::remove(spool_dir_ + "/event.copy");
    std::filesystem::remove(spool_dir_ + "/link.copy");

    start = Clock::now();
    Exec("ALTER TABLE event ADD PRIMARY KEY (seq)");
    Exec("CREATE INDEX link_node_role ON link (node, role)");
    // (seq, role) rather than (seq) alone: it is also the index on seq, and the queries look up
    // one role of an event (the parentID of a pallet event of hundreds of children).
    Exec("CREATE INDEX link_seq_role ON link (seq, role)");
    Exec("CREATE INDEX event_transformation_id ON event (transformation_id)");
    figures_.index_s = Seconds(Clock::now() - start);

    start = Clock::now();
    Exec("ANALYZE event");
    Exec("ANALYZE link");
    figures_.analyze_s = Seconds(Clock::now() - start);

    // COPY and CREATE INDEX go through small ring buffers: read everything into shared_buffers
    // once, as the trace index is all in memory.
    start = Clock::now();
    if (PQresultStatus(Result(PQexec(conn_, "CREATE EXTENSION IF NOT EXISTS pg_prewarm")).get()) == PGRES_COMMAND_OK) {
        Exec(
            "SELECT pg_prewarm(c::regclass) FROM unnest(ARRAY['event', 'event_pkey', 'link', 'link_node_role',"
            " 'link_seq_role', 'event_transformation_id']) c");
        figures_.prewarm_s = Seconds(Clock::now() - start);
    }
    figures_.table_bytes = QueryInt("SELECT pg_table_size('event') + pg_table_size('link')");
    figures_.index_bytes = QueryInt("SELECT pg_indexes_size('event') + pg_indexes_size('link')");

    const std::pair<const char*, std::string> statements[] = {
        {"backward", BackwardSql()}, {"forward", ForwardSql()}, {"recall", RecallSql()}};
    for (const auto& [name, sql] : statements) Check(conn_, PQprepare(conn_, name, sql.c_str(), 1, nullptr), sql);
    return figures_;
}

std::vector<std::string> PgTraceBaseline::Column(const char* statement, const std::string& root) {
    const char* values[] = {root.c_str()};
    Result r = Check(conn_, PQexecPrepared(conn_, statement, 1, values, nullptr, nullptr, 0), statement);
    std::vector<std::string> out;
    const int rows = PQntuples(r.get());
    out.reserve(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) out.emplace_back(PQgetvalue(r.get(), i, 0), PQgetlength(r.get(), i, 0));
    return out;
}

std::vector<std::string> PgTraceBaseline::Backward(const std::string& root) { return Column("backward", root); }
std::vector<std::string> PgTraceBaseline::Forward(const std::string& root) { return Column("forward", root); }

std::vector<PgRecallItem> PgTraceBaseline::Recall(const std::string& root) {
    const char* values[] = {root.c_str()};
    Result r = Check(conn_, PQexecPrepared(conn_, "recall", 1, values, nullptr, nullptr, 0), "recall");
    std::vector<PgRecallItem> out;
    const int rows = PQntuples(r.get());
    out.reserve(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) {
        out.push_back(PgRecallItem{std::string(PQgetvalue(r.get(), i, 0), PQgetlength(r.get(), i, 0)),
                                   std::strtoll(PQgetvalue(r.get(), i, 1), nullptr, 10),
                                   std::string(PQgetvalue(r.get(), i, 2), PQgetlength(r.get(), i, 2))});
    }
    return out;
}

std::string PgTraceBaseline::ServerVersion() const {
    const char* v = PQparameterStatus(conn_, "server_version");
    return v != nullptr ? v : "";
}

std::string PgTraceBaseline::Explain(const std::string& statement, const std::string& root) {
    char* literal = PQescapeLiteral(conn_, root.c_str(), root.size());
    const std::string sql = "EXPLAIN (ANALYZE, BUFFERS) EXECUTE " + statement + "(" + literal + ")";
    PQfreemem(literal);
    Result r = Check(conn_, PQexec(conn_, sql.c_str()), sql);
    std::string out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        out += PQgetvalue(r.get(), i, 0);
        out += '\n';
    }
    return out;
}

}  // namespace txng::bench
