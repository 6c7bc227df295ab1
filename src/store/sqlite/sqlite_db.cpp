#include "store/sqlite/sqlite_db.hpp"

#include <fmt/format.h>

namespace txng::store::sqlite {

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
    const int primary = rc & 0xff;
    ErrorCode code = ErrorCode::kInternal;
    switch (primary) {
        case SQLITE_CONSTRAINT:
            code = ErrorCode::kConflict;
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
        case SQLITE_PROTOCOL:
            code = ErrorCode::kUnavailable;
            break;
        default:
            break;
    }
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return MakeError(code, "store", "store.sqlite", fmt::format("{} failed: {} (SQLite code {})", what, message, rc));
}

Stmt& Stmt::operator=(Stmt&& other) noexcept {
    if (this != &other) {
        if (stmt_ != nullptr) sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = other.stmt_;
        other.stmt_ = nullptr;
    }
    return *this;
}

Stmt::~Stmt() {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Stmt& Stmt::Bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}
Stmt& Stmt::Bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}
Stmt& Stmt::Bind(int index, std::string_view text) {
    sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}
Stmt& Stmt::BindBlob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::BindStatic(int index, std::string_view text) {
    sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}
Stmt& Stmt::BindBlobStatic(int index, std::string_view bytes) {
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
    return *this;
}
Stmt& Stmt::BindNull(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Result<bool> Stmt::Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, rc, "statement");
}

Result<void> Stmt::Run() {
    for (;;) {
        auto row = Step();
        if (!row) return row.error();
        if (!*row) return {};
    }
}

void Stmt::Rewind() { sqlite3_reset(stmt_); }

void Stmt::Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string_view Stmt::Text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (p == nullptr) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, bool read_only, bool synchronous_full) {
    sqlite3* raw = nullptr;
    const int flags =
        (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = SqliteError(raw, rc, fmt::format("opening {}", path));
        sqlite3_close_v2(raw);
        return e;
    }
    std::unique_ptr<Db> db(new Db(raw));
    sqlite3_busy_timeout(raw, 5000);
    sqlite3_extended_result_codes(raw, 1);
    if (!read_only) {
        if (auto r = db->Exec("PRAGMA journal_mode=WAL"); !r) return r.error();
    }
    const std::string pragmas = fmt::format(
        "PRAGMA synchronous={}; PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; "
        "PRAGMA mmap_size=1073741824; PRAGMA wal_autocheckpoint=20000",
        synchronous_full ? "FULL" : "NORMAL");
    if (auto r = db->Exec(pragmas); !r) return r.error();
    return db;
}

Db::~Db() {
    cache_.clear();
    sqlite3_close_v2(db_);
}

Result<void> Db::Exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        sqlite3_free(message);
        return SqliteError(db_, rc, "executing SQL");
    }
    return {};
}

void Db::ResetAll() {
    for (sqlite3_stmt* stmt = sqlite3_next_stmt(db_, nullptr); stmt != nullptr; stmt = sqlite3_next_stmt(db_, stmt)) {
        if (sqlite3_stmt_busy(stmt)) sqlite3_reset(stmt);
    }
}

Result<Stmt> Db::Prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "preparing SQL");
    return Stmt(db_, stmt);
}

Result<Stmt*> Db::Cached(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
        it->second->Reset();
        return it->second.get();
    }
    // Bounded: dynamic query SQL varies with the parameters used, so the cache is cleared rather
    // than allowed to grow without limit.
    if (cache_.size() > 256) cache_.clear();
    auto stmt = Prepare(sql);
    if (!stmt) return stmt.error();
    auto owned = std::make_unique<Stmt>(std::move(*stmt));
    Stmt* raw = owned.get();
    cache_.emplace(sql, std::move(owned));
    return raw;
}

Result<void> MigrateVersioned(Db& db, std::string_view version_table, std::span<const std::string_view> migrations,
                              std::string_view what) {
    if (auto r = db.Exec(fmt::format("CREATE TABLE IF NOT EXISTS {}(version INTEGER NOT NULL)", version_table)); !r) {
        return r;
    }
    auto stmt = db.Prepare(fmt::format("SELECT max(version) FROM {}", version_table));
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    const int version = stmt->IsNull(0) ? 0 : static_cast<int>(stmt->Int(0));
    stmt->Reset();
    const int latest = static_cast<int>(migrations.size());
    if (version > latest) {
        return MakeError(ErrorCode::kUnavailable, "store", "store.schema_version",
                         fmt::format("The {} tables are at version {}, newer than this build's {}: upgrade txng.", what,
                                     version, latest));
    }
    for (int v = version; v < latest; ++v) {
        const std::string sql = fmt::format("BEGIN IMMEDIATE; {} INSERT INTO {}(version) VALUES({}); COMMIT;",
                                            migrations[static_cast<std::size_t>(v)], version_table, v + 1);
        if (auto r = db.Exec(sql); !r) {
            (void)db.Exec("ROLLBACK");
            return r;
        }
    }
    return {};
}

}  // namespace txng::store::sqlite
