#pragma once
// The SQLite store's schema, as numbered migrations applied by PRAGMA user_version.
#include "definitions/result.h"

struct sqlite3;

namespace stepwise::engine::store {

// Brings the database up to the newest schema, each migration in its own transaction.
// A database newer than this program is refused.
Result<bool> migrate(sqlite3* db);

}  // namespace stepwise::engine::store
