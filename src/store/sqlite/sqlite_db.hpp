#pragma once
// Thin RAII wrappers over the SQLite C API for the SQLite backend. Only store/sqlite includes
// sqlite3.h. A Db is used by one thread at a time; statements belong to their Db.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/error.hpp"

namespace txng::store::sqlite {

// An Error for a failed SQLite call: kConflict for constraint violations, kUnavailable for
// busy/locked/full/I-O/cannot-open, kInternal otherwise. `what` names the operation.
Error SqliteError(sqlite3* db, int rc, std::string_view what);

class Stmt {
  public:
    Stmt() = default;
    Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
    Stmt& operator=(Stmt&& other) noexcept;
    ~Stmt();

    // Binding (1-based indexes). Text and blobs are copied (SQLITE_TRANSIENT); the `Static` forms
    // are not, so their bytes must stay valid and unchanged until the statement is reset or
    // rebound.
    Stmt& Bind(int index, std::int64_t value);
    Stmt& Bind(int index, double value);
    Stmt& Bind(int index, std::string_view text);
    Stmt& BindBlob(int index, std::string_view bytes);
    Stmt& BindStatic(int index, std::string_view text);
    Stmt& BindBlobStatic(int index, std::string_view bytes);
    Stmt& BindNull(int index);

    // Steps once: true when a row is available, false when done; an error otherwise.
    Result<bool> Step();
    // Steps to completion (for statements without rows).
    Result<void> Run();
    // Resets and clears the bindings.
    void Reset();
    // Resets, keeping the bindings (for hot statements that rebind every parameter each time).
    void Rewind();

    std::int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
    double Real(int column) const { return sqlite3_column_double(stmt_, column); }
    bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::string_view Text(int column) const;
    sqlite3_stmt* get() const { return stmt_; }

  private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class Db {
  public:
    // Opens (creating when absent) the database at `path` with WAL, foreign keys off, busy timeout.
    static Result<std::unique_ptr<Db>> Open(const std::string& path, bool read_only, bool synchronous_full);
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db();

    Result<void> Exec(std::string_view sql);
    // A prepared statement cached by its SQL text (reset and with bindings cleared); valid until
    // the next Prepare of the same text on this Db.
    Result<Stmt*> Cached(const std::string& sql);
    // A fresh statement owned by the caller.
    Result<Stmt> Prepare(std::string_view sql);
    // Resets every statement still in progress, ending the read transaction they hold open (in WAL
    // mode a connection would otherwise keep reading an old snapshot).
    void ResetAll();
    std::int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
    sqlite3* get() const { return db_; }

  private:
    explicit Db(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
};

// Brings a set of tables versioned in `version_table` (one INTEGER column `version`, created when
// absent) up to date: applies migrations[v] for every version v from the stored one up, each with
// its version row in one IMMEDIATE transaction. kUnavailable (rule `store.schema_version`) when the
// stored version is newer than this build's (`what` names the tables in the message).
Result<void> MigrateVersioned(Db& db, std::string_view version_table, std::span<const std::string_view> migrations,
                              std::string_view what);

}  // namespace txng::store::sqlite
