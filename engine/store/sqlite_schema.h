#pragma once
// The SQLite store's schema, as numbered migrations applied by PRAGMA user_version.
#include "definitions/result.h"

struct sqlite3;

namespace stepwise::engine::store {

// The newest schema version this program writes.
int newest_schema_version();

// Brings the database up to the newest schema (or up to `target`, for tests that make an older
// database), each migration in its own transaction. A database newer than this program is refused.
Result<bool> migrate(sqlite3* db, int target = newest_schema_version());

}  // namespace stepwise::engine::store
