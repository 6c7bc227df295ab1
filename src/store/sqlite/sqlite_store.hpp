#pragma once
// The embedded SQLite backend of the EventStore (store.hpp).
//
// - WAL journal; synchronous=NORMAL by default: a committed capture survives a crash of the
//   process (kill -9), FULL also survives power loss.
// - Capture jobs are accepted into the intake journal (store/intake_journal.hpp, PATH-intake/):
//   one append, then Submit() answers; a job accepted but not committed when the process dies is
//   applied at the next open, before the store serves anyone.
// - One writer thread owns the write connection and applies queued jobs in group commits of up
//   to 50,000 events: whatever jobs are queued when a transaction starts share it, each inside
//   its own SAVEPOINT so that a rollback-mode failure undoes only its own events. The queue holds
//   at most OpenOptions::max_queued_events; past it, acceptance waits.
// - Readers use a pool of read connections (one per concurrent caller).
// - Identifiers and vocabulary values are interned in `terms` (text -> integer, one B-tree keyed
//   by the text) so that the identifier index `event_ids(term, event)` stays small; eventIDs are
//   looked up through a 64-bit hash column.
// - Versioned migrations (PRAGMA user_version).

#include <memory>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "store/registry_store.hpp"
#include "store/stamp_store.hpp"
#include "store/store.hpp"

namespace txng::store::sqlite {

// Opens or creates the database file at `path` and migrates it to the current schema.
Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path, const OpenOptions& options);

// Opens the registry tables (registry_store.hpp) in the database file at `path`, creating or
// migrating them (their own version table, `registry_schema`).
Result<std::unique_ptr<RegistryStore>> OpenSqliteRegistry(const std::string& path, const RegistryOpenOptions& options);

// Opens the stamp tables (stamp_store.hpp) in the database file at `path`, creating or migrating
// them (their own version table, `stamp_schema`), through a connection of their own.
Result<std::unique_ptr<StampStore>> OpenSqliteStamps(const std::string& path, const StampOpenOptions& options);

// The schema version this build writes.
inline constexpr int kSchemaVersion = 3;

// The SQL that migrates a database from `version` to `version + 1` (0 <= version < kSchemaVersion);
// for migration tests.
std::string_view MigrationSql(int version);

}  // namespace txng::store::sqlite
