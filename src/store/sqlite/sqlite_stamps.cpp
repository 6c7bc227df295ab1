// The SQLite backend of the StampStore (stamp_store.hpp): tables of their own (`stamp_schema`
// versions them) in the registry's database file, written through a connection of their own.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>

#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/stamp_store.hpp"

namespace txng::store::sqlite {
namespace {

constexpr std::string_view kStampMigrations[] = {
    // v1: batches, stamps, scans, signals.
    R"sql(
CREATE TABLE stamp_batches(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, province TEXT NOT NULL, gtin TEXT NOT NULL,
                           count INTEGER NOT NULL, generated INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL,
                           error TEXT NOT NULL DEFAULT '', layout TEXT NOT NULL, note TEXT NOT NULL,
                           created_by TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '');
CREATE INDEX stamp_batches_owner ON stamp_batches(owner, id);
CREATE TABLE stamps(gtin TEXT NOT NULL, serial TEXT NOT NULL, batch INTEGER NOT NULL, ordinal INTEGER NOT NULL,
                    status INTEGER NOT NULL, lot TEXT NOT NULL DEFAULT '', changed_at TEXT NOT NULL,
                    PRIMARY KEY(gtin, serial)) WITHOUT ROWID;
CREATE UNIQUE INDEX stamps_batch ON stamps(batch, ordinal);
CREATE TABLE scans(id INTEGER PRIMARY KEY, gtin TEXT NOT NULL, serial TEXT NOT NULL, at_ms INTEGER NOT NULL,
                   province TEXT NOT NULL, latitude REAL, longitude REAL, client TEXT NOT NULL);
CREATE INDEX scans_code ON scans(gtin, serial, at_ms);
CREATE TABLE signals(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, gtin TEXT NOT NULL, serial TEXT NOT NULL,
                     owner TEXT NOT NULL, owner_province TEXT NOT NULL, provinces TEXT NOT NULL,
                     count INTEGER NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL, detail TEXT NOT NULL,
                     UNIQUE(kind, gtin, serial));
CREATE INDEX signals_owner ON signals(owner, id);
CREATE INDEX signals_gtin ON signals(gtin, id);
)sql",
    // v2: complaints from the product page.
    R"sql(
CREATE TABLE complaints(id INTEGER PRIMARY KEY, code TEXT NOT NULL, gtin TEXT NOT NULL, lot TEXT NOT NULL,
                        serial TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL, contact TEXT NOT NULL,
                        province TEXT NOT NULL, owner TEXT NOT NULL, owner_province TEXT NOT NULL,
                        status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX complaints_owner ON complaints(owner, id);
)sql",
    // v3: the latest scan of each code in each province, for many_provinces.
    R"sql(
CREATE TABLE scan_places(gtin TEXT NOT NULL, serial TEXT NOT NULL, province TEXT NOT NULL, last_at_ms INTEGER NOT NULL,
                         PRIMARY KEY(gtin, serial, province)) WITHOUT ROWID;
INSERT INTO scan_places(gtin, serial, province, last_at_ms)
    SELECT gtin, serial, province, max(at_ms) FROM scans WHERE province != '' GROUP BY gtin, serial, province;
)sql",
};
constexpr std::size_t kMaxTransition = 100'000;

constexpr const char* kBatchColumns =
    "id, owner, province, gtin, count, generated, state, error, layout, note, created_by, created_at, finished_at";
constexpr const char* kStampColumns = "gtin, serial, batch, ordinal, status, lot, changed_at";
constexpr const char* kSignalColumns =
    "id, kind, gtin, serial, owner, owner_province, provinces, count, first_at, last_at, detail";

StampBatch BatchOf(const Stmt& s) {
    StampBatch b;
    b.id = s.Int(0);
    b.owner = s.Text(1);
    b.province = s.Text(2);
    b.gtin = s.Text(3);
    b.count = s.Int(4);
    b.generated = s.Int(5);
    b.state = s.Text(6);
    b.error = s.Text(7);
    b.layout = s.Text(8);
    b.note = s.Text(9);
    b.created_by = s.Text(10);
    b.created_at = s.Text(11);
    b.finished_at = s.Text(12);
    return b;
}

Stamp StampOf(const Stmt& s) {
    Stamp st;
    st.gtin = s.Text(0);
    st.serial = s.Text(1);
    st.batch = s.Int(2);
    st.ordinal = s.Int(3);
    st.status = static_cast<StampStatus>(s.Int(4));
    st.lot = s.Text(5);
    st.changed_at = s.Text(6);
    return st;
}

// Provinces are stored as ",01,22," so that a province filter is a LIKE '%,22,%'.
std::string JoinProvinces(const std::vector<std::string>& provinces) {
    if (provinces.empty()) return "";
    std::string out = ",";
    for (const auto& p : provinces) out += p + ",";
    return out;
}

std::vector<std::string> SplitProvinces(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        if (end > start) out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

Signal SignalOf(const Stmt& s) {
    Signal g;
    g.id = s.Int(0);
    g.kind = s.Text(1);
    g.gtin = s.Text(2);
    g.serial = s.Text(3);
    g.owner = s.Text(4);
    g.owner_province = s.Text(5);
    g.provinces = SplitProvinces(s.Text(6));
    g.count = s.Int(7);
    g.first_at = s.Text(8);
    g.last_at = s.Text(9);
    g.detail = s.Text(10);
    return g;
}

Error StampMissing(std::string_view detail, std::string_view value) {
    return MakeError(ErrorCode::kNotFound, "serial", "stamp.not_found", std::string(detail), value);
}

class SqliteStamps final : public StampStore {
  public:
    SqliteStamps(std::unique_ptr<Db> db, StampOpenOptions options) : db_(std::move(db)), options_(std::move(options)) {}

    Result<void> Migrate() {
        std::lock_guard lock(mu_);
        return MigrateVersioned(*db_, "stamp_schema", kStampMigrations, "stamp");
    }

    Result<StampBatch> CreateBatch(const StampBatch& batch) override {
        return Write<StampBatch>([&](const std::string& now) -> Result<StampBatch> {
            auto ins = db_->Cached(
                "INSERT INTO stamp_batches(owner, province, gtin, count, generated, state, error, layout, note, "
                "created_by, created_at) VALUES(?1,?2,?3,?4,0,?5,'',?6,?7,?8,?9)");
            if (!ins) return ins.error();
            (*ins)->Bind(1, batch.owner).Bind(2, batch.province).Bind(3, batch.gtin).Bind(4, batch.count);
            (*ins)->Bind(5, batch.state).Bind(6, batch.layout.empty() ? std::string_view("{}") : batch.layout);
            (*ins)->Bind(7, batch.note).Bind(8, batch.created_by).Bind(9, now);
            if (auto r = (*ins)->Run(); !r) return r.error();
            StampBatch out = batch;
            out.id = db_->LastInsertRowId();
            out.generated = 0;
            out.created_at = now;
            if (out.layout.empty()) out.layout = "{}";
            return out;
        });
    }

    Result<std::vector<std::string>> AddStamps(std::int64_t batch, const std::vector<Stamp>& stamps) override {
        return Write<std::vector<std::string>>([&](const std::string& now) -> Result<std::vector<std::string>> {
            auto ins = db_->Cached(
                "INSERT OR IGNORE INTO stamps(gtin, serial, batch, ordinal, status, lot, changed_at) "
                "VALUES(?1,?2,?3,?4,?5,?6,?7)");
            if (!ins) return ins.error();
            std::vector<std::string> refused;
            std::int64_t added = 0;
            for (const auto& s : stamps) {
                (*ins)->Reset();
                (*ins)->BindStatic(1, s.gtin).BindStatic(2, s.serial).Bind(3, batch).Bind(4, s.ordinal);
                (*ins)->Bind(5, static_cast<std::int64_t>(s.status)).BindStatic(6, s.lot).BindStatic(7, now);
                if (auto r = (*ins)->Run(); !r) return r.error();
                if (sqlite3_changes(db_->get()) == 1) {
                    ++added;
                } else {
                    refused.push_back(s.serial);
                }
            }
            (*ins)->Reset();
            auto upd = db_->Cached("UPDATE stamp_batches SET generated = generated + ?2 WHERE id=?1");
            if (!upd) return upd.error();
            (*upd)->Bind(1, batch).Bind(2, added);
            if (auto r = (*upd)->Run(); !r) return r.error();
            return refused;
        });
    }

    Result<StampBatch> FinishBatch(std::int64_t batch, std::string_view state, std::string_view error) override {
        return Write<StampBatch>([&](const std::string& now) -> Result<StampBatch> {
            auto upd = db_->Cached("UPDATE stamp_batches SET state=?2, error=?3, finished_at=?4 WHERE id=?1");
            if (!upd) return upd.error();
            (*upd)->Bind(1, batch).Bind(2, state).Bind(3, error).Bind(4, now);
            if (auto r = (*upd)->Run(); !r) return r.error();
            return LoadBatch(batch);
        });
    }

    Result<StampBatch> GetBatch(std::int64_t id) override {
        std::lock_guard lock(mu_);
        return LoadBatch(id);
    }

    Result<std::vector<StampBatch>> ListBatches(std::string_view owner, std::int64_t after_id,
                                                std::size_t limit) override {
        std::lock_guard lock(mu_);
        auto stmt =
            db_->Cached(fmt::format("SELECT {} FROM stamp_batches WHERE id > ?1 AND (?2 = '' OR owner = ?2) "
                                    "ORDER BY id LIMIT ?3",
                                    kBatchColumns));
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, after_id).Bind(2, owner).Bind(3, static_cast<std::int64_t>(limit));
        return Rows<StampBatch>(**stmt, BatchOf);
    }

    Result<std::vector<Stamp>> StampsOf(std::int64_t batch, std::int64_t after_ordinal, std::size_t limit) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(fmt::format(
            "SELECT {} FROM stamps WHERE batch=?1 AND ordinal > ?2 ORDER BY ordinal LIMIT ?3", kStampColumns));
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, batch).Bind(2, after_ordinal).Bind(3, static_cast<std::int64_t>(limit));
        return Rows<Stamp>(**stmt, StampOf);
    }

    Result<Stamp> GetStamp(std::string_view gtin, std::string_view serial) override {
        std::lock_guard lock(mu_);
        return LoadStamp(gtin, serial);
    }

    Result<std::vector<Stamp>> Transition(const StampSelection& selection, std::span<const StampStatus> from,
                                          StampStatus to, std::string_view lot) override {
        const std::int64_t size = selection.serials.empty() ? selection.to - selection.from + 1
                                                            : static_cast<std::int64_t>(selection.serials.size());
        if (size < 1 || size > static_cast<std::int64_t>(kMaxTransition)) {
            return InvalidArgument("serials", "stamp.selection_size",
                                   fmt::format("Chọn từ 1 đến {} tem mỗi lần. / Select 1 to {} stamps at a time.",
                                               kMaxTransition, kMaxTransition),
                                   std::to_string(size));
        }
        return Write<std::vector<Stamp>>([&](const std::string& now) -> Result<std::vector<Stamp>> {
            std::vector<Stamp> stamps;
            auto batch = LoadBatch(selection.batch);
            if (!batch) return batch.error();
            if (selection.serials.empty()) {
                auto stmt = db_->Cached(
                    fmt::format("SELECT {} FROM stamps WHERE batch=?1 AND ordinal BETWEEN ?2 AND ?3 ORDER BY ordinal",
                                kStampColumns));
                if (!stmt) return stmt.error();
                (*stmt)->Bind(1, selection.batch).Bind(2, selection.from).Bind(3, selection.to);
                auto rows = Rows<Stamp>(**stmt, StampOf);
                if (!rows) return rows.error();
                stamps = std::move(*rows);
                if (static_cast<std::int64_t>(stamps.size()) != size) {
                    return MakeError(ErrorCode::kNotFound, "to", "stamp.not_found",
                                     fmt::format("Lô tem chỉ có {} tem. / The batch has only {} stamps.",
                                                 batch->generated, batch->generated),
                                     fmt::format("{}-{}", selection.from, selection.to));
                }
            } else {
                std::set<std::string_view> seen;
                for (const auto& serial : selection.serials) {
                    if (!seen.insert(serial).second) continue;
                    auto s = LoadStamp(batch->gtin, serial);
                    if (!s) return s.error();
                    if (s->batch != selection.batch) {
                        return StampMissing("Tem này không thuộc lô đã chọn. / This stamp is not in the batch.",
                                            serial);
                    }
                    stamps.push_back(std::move(*s));
                }
            }
            for (const auto& s : stamps) {
                if (std::find(from.begin(), from.end(), s.status) == from.end()) {
                    return MakeError(ErrorCode::kConflict, "serial", "stamp.transition",
                                     fmt::format("Tem {} đang ở trạng thái {}, không thể chuyển sang {}. / Stamp {} "
                                                 "is {} and cannot become {}.",
                                                 s.serial, StampStatusName(s.status), StampStatusName(to), s.serial,
                                                 StampStatusName(s.status), StampStatusName(to)),
                                     s.serial);
                }
            }
            auto upd = db_->Cached(
                "UPDATE stamps SET status=?3, lot=CASE WHEN ?4 = '' THEN lot ELSE ?4 END, changed_at=?5 "
                "WHERE gtin=?1 AND serial=?2");
            if (!upd) return upd.error();
            for (auto& s : stamps) {
                (*upd)->Reset();
                (*upd)->BindStatic(1, s.gtin).BindStatic(2, s.serial).Bind(3, static_cast<std::int64_t>(to));
                (*upd)->Bind(4, lot).BindStatic(5, now);
                if (auto r = (*upd)->Run(); !r) return r.error();
                s.status = to;
                if (!lot.empty()) s.lot = lot;
                s.changed_at = now;
            }
            (*upd)->Reset();
            return stamps;
        });
    }

    Result<void> AddScans(const std::vector<Scan>& scans) override {
        auto r = Write<bool>([&](const std::string&) -> Result<bool> {
            auto ins = db_->Cached(
                "INSERT INTO scans(gtin, serial, at_ms, province, latitude, longitude, client) "
                "VALUES(?1,?2,?3,?4,?5,?6,?7)");
            if (!ins) return ins.error();
            auto place = db_->Cached(
                "INSERT INTO scan_places(gtin, serial, province, last_at_ms) VALUES(?1,?2,?3,?4) "
                "ON CONFLICT(gtin, serial, province) DO UPDATE SET last_at_ms = max(last_at_ms, excluded.last_at_ms)");
            if (!place) return place.error();
            for (const auto& s : scans) {
                if (!s.province.empty()) {
                    (*place)->Reset();
                    (*place)->BindStatic(1, s.gtin).BindStatic(2, s.serial).BindStatic(3, s.province).Bind(4, s.at_ms);
                    if (auto e = (*place)->Run(); !e) return e.error();
                }
                (*ins)->Reset();
                (*ins)->BindStatic(1, s.gtin).BindStatic(2, s.serial).Bind(3, s.at_ms).BindStatic(4, s.province);
                if (s.latitude && s.longitude) {
                    (*ins)->Bind(5, *s.latitude).Bind(6, *s.longitude);
                } else {
                    (*ins)->BindNull(5).BindNull(6);
                }
                (*ins)->BindStatic(7, s.client);
                if (auto e = (*ins)->Run(); !e) return e.error();
            }
            (*ins)->Reset();
            (*place)->Reset();
            return true;
        });
        if (!r) return r.error();
        return {};
    }

    Result<std::vector<std::string>> ProvincesScanned(std::string_view gtin, std::string_view serial,
                                                      std::int64_t since_ms) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            "SELECT province FROM scan_places WHERE gtin=?1 AND serial=?2 AND last_at_ms >= ?3 ORDER BY province");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, gtin).Bind(2, serial).Bind(3, since_ms);
        return Rows<std::string>(**stmt, [](const Stmt& s) { return std::string(s.Text(0)); });
    }

    Result<std::vector<Scan>> ScansOf(std::string_view gtin, std::string_view serial, std::int64_t since_ms,
                                      std::size_t limit) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            "SELECT gtin, serial, at_ms, province, latitude, longitude, client FROM scans "
            "WHERE gtin=?1 AND serial=?2 AND at_ms >= ?3 ORDER BY at_ms, id LIMIT ?4");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, gtin).Bind(2, serial).Bind(3, since_ms).Bind(4, static_cast<std::int64_t>(limit));
        return Rows<Scan>(**stmt, [](const Stmt& s) {
            Scan out;
            out.gtin = s.Text(0);
            out.serial = s.Text(1);
            out.at_ms = s.Int(2);
            out.province = s.Text(3);
            if (!s.IsNull(4)) out.latitude = s.Real(4);
            if (!s.IsNull(5)) out.longitude = s.Real(5);
            out.client = s.Text(6);
            return out;
        });
    }

    Result<std::int64_t> ScanCount() override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached("SELECT count(*) FROM scans");
        if (!stmt) return stmt.error();
        auto row = (*stmt)->Step();
        if (!row) return row.error();
        const std::int64_t n = (*stmt)->Int(0);
        (*stmt)->Reset();
        return n;
    }

    Result<Signal> RaiseSignal(const Signal& signal) override {
        return Write<Signal>([&](const std::string& now) -> Result<Signal> {
            const std::string at = signal.last_at.empty() ? now : signal.last_at;
            auto sel = db_->Cached(
                fmt::format("SELECT {} FROM signals WHERE kind=?1 AND gtin=?2 AND serial=?3", kSignalColumns));
            if (!sel) return sel.error();
            (*sel)->Bind(1, signal.kind).Bind(2, signal.gtin).Bind(3, signal.serial);
            auto found = Rows<Signal>(**sel, SignalOf);
            if (!found) return found.error();
            if (found->empty()) {
                auto ins = db_->Cached(
                    "INSERT INTO signals(kind, gtin, serial, owner, owner_province, provinces, count, first_at, "
                    "last_at, detail) VALUES(?1,?2,?3,?4,?5,?6,1,?7,?7,?8)");
                if (!ins) return ins.error();
                std::vector<std::string> provinces = signal.provinces;
                std::sort(provinces.begin(), provinces.end());
                provinces.erase(std::unique(provinces.begin(), provinces.end()), provinces.end());
                (*ins)->Bind(1, signal.kind).Bind(2, signal.gtin).Bind(3, signal.serial).Bind(4, signal.owner);
                (*ins)->Bind(5, signal.owner_province).Bind(6, JoinProvinces(provinces)).Bind(7, at);
                (*ins)->Bind(8, signal.detail);
                if (auto r = (*ins)->Run(); !r) return r.error();
                Signal out = signal;
                out.id = db_->LastInsertRowId();
                out.provinces = std::move(provinces);
                out.count = 1;
                out.first_at = out.last_at = at;
                return out;
            }
            Signal out = std::move(found->front());
            out.provinces.insert(out.provinces.end(), signal.provinces.begin(), signal.provinces.end());
            std::sort(out.provinces.begin(), out.provinces.end());
            out.provinces.erase(std::unique(out.provinces.begin(), out.provinces.end()), out.provinces.end());
            out.count += 1;
            out.last_at = std::max(out.last_at, at);
            if (!signal.detail.empty()) out.detail = signal.detail;
            if (out.owner.empty()) out.owner = signal.owner;
            if (out.owner_province.empty()) out.owner_province = signal.owner_province;
            auto upd = db_->Cached(
                "UPDATE signals SET owner=?2, owner_province=?3, provinces=?4, count=?5, last_at=?6, detail=?7 "
                "WHERE id=?1");
            if (!upd) return upd.error();
            (*upd)->Bind(1, out.id).Bind(2, out.owner).Bind(3, out.owner_province);
            (*upd)->Bind(4, JoinProvinces(out.provinces)).Bind(5, out.count).Bind(6, out.last_at).Bind(7, out.detail);
            if (auto r = (*upd)->Run(); !r) return r.error();
            return out;
        });
    }

    Result<std::vector<Signal>> ListSignals(const SignalFilter& filter) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            fmt::format("SELECT {} FROM signals WHERE id > ?1 AND (?2 = '' OR owner = ?2) AND (?3 = '' OR gtin = ?3) "
                        "AND (?4 = '' OR owner_province = ?4 OR provinces LIKE '%,' || ?4 || ',%') "
                        "AND (?6 = '' OR serial = ?6) ORDER BY id LIMIT ?5",
                        kSignalColumns));
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, filter.after_id).Bind(2, filter.owner).Bind(3, filter.gtin).Bind(4, filter.province);
        (*stmt)->Bind(5, static_cast<std::int64_t>(filter.limit)).Bind(6, filter.serial);
        return Rows<Signal>(**stmt, SignalOf);
    }

    Result<Complaint> AddComplaint(const Complaint& complaint) override {
        return Write<Complaint>([&](const std::string& now) -> Result<Complaint> {
            auto ins = db_->Cached(
                "INSERT INTO complaints(code, gtin, lot, serial, kind, message, contact, province, owner, "
                "owner_province, status, created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
            if (!ins) return ins.error();
            const Complaint& c = complaint;
            (*ins)->Bind(1, c.code).Bind(2, c.gtin).Bind(3, c.lot).Bind(4, c.serial).Bind(5, c.kind);
            (*ins)->Bind(6, c.message).Bind(7, c.contact).Bind(8, c.province).Bind(9, c.owner);
            (*ins)->Bind(10, c.owner_province).Bind(11, c.status).Bind(12, now);
            if (auto r = (*ins)->Run(); !r) return r.error();
            Complaint out = c;
            out.id = db_->LastInsertRowId();
            out.created_at = now;
            return out;
        });
    }

    Result<std::vector<Complaint>> ListComplaints(const SignalFilter& filter) override {
        std::lock_guard lock(mu_);
        auto stmt = db_->Cached(
            "SELECT id, code, gtin, lot, serial, kind, message, contact, province, owner, owner_province, status, "
            "created_at FROM complaints WHERE id > ?1 AND (?2 = '' OR owner = ?2) AND (?3 = '' OR gtin = ?3) "
            "AND (?4 = '' OR owner_province = ?4 OR province = ?4) AND (?6 = '' OR serial = ?6) ORDER BY id LIMIT ?5");
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, filter.after_id).Bind(2, filter.owner).Bind(3, filter.gtin).Bind(4, filter.province);
        (*stmt)->Bind(5, static_cast<std::int64_t>(filter.limit)).Bind(6, filter.serial);
        return Rows<Complaint>(**stmt, [](const Stmt& s) {
            Complaint c;
            c.id = s.Int(0);
            c.code = s.Text(1);
            c.gtin = s.Text(2);
            c.lot = s.Text(3);
            c.serial = s.Text(4);
            c.kind = s.Text(5);
            c.message = s.Text(6);
            c.contact = s.Text(7);
            c.province = s.Text(8);
            c.owner = s.Text(9);
            c.owner_province = s.Text(10);
            c.status = s.Text(11);
            c.created_at = s.Text(12);
            return c;
        });
    }

  private:
    std::string Now() const {
        const epcis::DateTime t = options_.clock ? options_.clock() : NowUtc();
        return t.ToUtcString(3);
    }

    template <typename T, typename Body>
    Result<T> Write(Body&& body) {
        std::lock_guard lock(mu_);
        const std::string now = Now();
        if (auto r = db_->Exec("BEGIN IMMEDIATE"); !r) return r.error();
        Result<T> done = body(now);
        if (done) {
            if (auto c = db_->Exec("COMMIT"); !c) done = c.error();
        }
        if (!done) {
            db_->ResetAll();
            (void)db_->Exec("ROLLBACK");
        }
        return done;
    }

    template <typename T, typename Read>
    static Result<std::vector<T>> Rows(Stmt& stmt, Read&& read) {
        std::vector<T> out;
        while (true) {
            auto row = stmt.Step();
            if (!row) {
                stmt.Reset();
                return row.error();
            }
            if (!*row) break;
            out.push_back(read(stmt));
        }
        stmt.Reset();
        return out;
    }

    Result<StampBatch> LoadBatch(std::int64_t id) {
        auto stmt = db_->Cached(fmt::format("SELECT {} FROM stamp_batches WHERE id=?1", kBatchColumns));
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, id);
        auto rows = Rows<StampBatch>(**stmt, BatchOf);
        if (!rows) return rows.error();
        if (rows->empty()) {
            return MakeError(ErrorCode::kNotFound, "batch", "stamp.batch_not_found",
                             "Không có lô tem này. / No stamp batch has this id.", std::to_string(id));
        }
        return std::move(rows->front());
    }

    Result<Stamp> LoadStamp(std::string_view gtin, std::string_view serial) {
        auto stmt = db_->Cached(fmt::format("SELECT {} FROM stamps WHERE gtin=?1 AND serial=?2", kStampColumns));
        if (!stmt) return stmt.error();
        (*stmt)->Bind(1, gtin).Bind(2, serial);
        auto rows = Rows<Stamp>(**stmt, StampOf);
        if (!rows) return rows.error();
        if (rows->empty()) return StampMissing("Không có tem mang mã này. / No stamp has this code.", serial);
        return std::move(rows->front());
    }

    std::mutex mu_;
    std::unique_ptr<Db> db_;
    StampOpenOptions options_;
};

}  // namespace

Result<std::unique_ptr<StampStore>> OpenSqliteStamps(const std::string& path, const StampOpenOptions& options) {
    auto db = Db::Open(path, false, false);
    if (!db) return db.error();
    auto stamps = std::make_unique<SqliteStamps>(std::move(*db), options);
    if (auto r = stamps->Migrate(); !r) return r.error();
    return std::unique_ptr<StampStore>(std::move(stamps));
}

}  // namespace txng::store::sqlite
