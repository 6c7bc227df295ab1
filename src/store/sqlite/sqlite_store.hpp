#pragma once
// The embedded SQLite backend of the EventStore (store.hpp).
//
// - WAL journal; synchronous=NORMAL by default: a committed capture survives a crash of the
//   process (kill -9), FULL also survives power loss.
// - One writer thread owns the write connection and applies queued captures in group commits:
//   whatever captures are waiting when a transaction starts share it, each inside its own
//   SAVEPOINT so that a rollback-mode failure undoes only its own events.
// - Readers use a pool of read connections (one per concurrent caller).
// - Identifiers and vocabulary values are interned in `terms` (text -> integer) so that the
//   identifier index `event_ids(term, event)` stays small; eventIDs are looked up through a 64-bit
//   hash column.
// - Versioned migrations (PRAGMA user_version).

#include <memory>
#include <string>

#include "common/error.hpp"
#include "store/store.hpp"

namespace txng::store::sqlite {

// Opens or creates the database file at `path` and migrates it to the current schema.
Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path, const OpenOptions& options);

// The schema version this build writes.
inline constexpr int kSchemaVersion = 1;

}  // namespace txng::store::sqlite
