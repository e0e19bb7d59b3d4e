#include "engine/store/sqlite_schema.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "engine/store/sqlite_statement.h"

namespace stepwise::engine::store {
namespace {

// Migration n (1-based) takes user_version from n - 1 to n. Append only; never edit one that shipped.
const char* const kMigrations[] = {
    R"SQL(
CREATE TABLE state_machines (
  arn TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,
  role_arn TEXT NOT NULL, type TEXT NOT NULL, created_micros INTEGER NOT NULL, updated_micros INTEGER NOT NULL,
  PRIMARY KEY (arn, version)) WITHOUT ROWID;
CREATE TABLE state_machine_heads (
  arn TEXT PRIMARY KEY, version INTEGER NOT NULL, created_micros INTEGER NOT NULL, deleted INTEGER NOT NULL);
CREATE TABLE executions (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  state_machine_arn TEXT NOT NULL, state_machine_version INTEGER NOT NULL, status TEXT NOT NULL,
  input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT, start_micros INTEGER NOT NULL, stop_micros INTEGER,
  next_event_id INTEGER NOT NULL, snapshot TEXT NOT NULL);
CREATE INDEX executions_by_machine ON executions (state_machine_arn, sequence);
CREATE INDEX executions_running ON executions (sequence) WHERE status = 'RUNNING';
CREATE TABLE events (
  execution INTEGER NOT NULL, id INTEGER NOT NULL, previous_event_id INTEGER NOT NULL,
  timestamp_micros INTEGER NOT NULL, type TEXT NOT NULL, details TEXT NOT NULL,
  PRIMARY KEY (execution, id)) WITHOUT ROWID;
CREATE TABLE timers (
  execution INTEGER NOT NULL, timer_id INTEGER NOT NULL, due_micros INTEGER NOT NULL,
  PRIMARY KEY (execution, timer_id)) WITHOUT ROWID;
CREATE TABLE tasks (
  execution INTEGER NOT NULL, task_id INTEGER NOT NULL, token TEXT NOT NULL UNIQUE, activity_arn TEXT NOT NULL,
  request TEXT NOT NULL, PRIMARY KEY (execution, task_id)) WITHOUT ROWID;
CREATE TABLE activities (arn TEXT PRIMARY KEY, name TEXT NOT NULL, created_micros INTEGER NOT NULL);
CREATE TABLE tags (resource_arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (resource_arn, key)) WITHOUT ROWID;
)SQL",
    // 2: executions are rebuilt by replaying their trigger journal with their seed.
    R"SQL(
ALTER TABLE executions ADD COLUMN seed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE journal (
  execution INTEGER NOT NULL, step INTEGER NOT NULL, trigger TEXT NOT NULL,
  PRIMARY KEY (execution, step)) WITHOUT ROWID;
)SQL",
    // 3: a child execution knows the task that started it.
    R"SQL(
ALTER TABLE executions ADD COLUMN started_by TEXT NOT NULL DEFAULT '';
)SQL",
    // 4: events in arrival order (rowid), found by a small (execution, id) index. Clustered by
    // execution, the events of many executions running at once were written to as many pages at
    // every group commit; appended, they share the last pages.
    R"SQL(
CREATE TABLE events_appended (
  execution INTEGER NOT NULL, id INTEGER NOT NULL, previous_event_id INTEGER NOT NULL,
  timestamp_micros INTEGER NOT NULL, type TEXT NOT NULL, details TEXT NOT NULL);
INSERT INTO events_appended (execution, id, previous_event_id, timestamp_micros, type, details)
  SELECT execution, id, previous_event_id, timestamp_micros, type, details FROM events ORDER BY execution, id;
DROP TABLE events;
ALTER TABLE events_appended RENAME TO events;
CREATE UNIQUE INDEX events_by_execution ON events (execution, id);
)SQL",
};

}  // namespace

int newest_schema_version() { return static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]); }

Result<bool> migrate(sqlite3* db, int target) {
  const int newest = newest_schema_version();
  int version = 0;
  {
    Statement read(db, "PRAGMA user_version");
    auto row = read.step();
    if (!row) return row.error();
    version = static_cast<int>(read.int_at(0));
  }
  if (version > newest)
    return make_error("Storage", "the database schema is version " + std::to_string(version) +
                                     ", newer than this Stepwise understands (" + std::to_string(newest) + ")");
  for (; version < std::min(target, newest); ++version) {
    Transaction tx(db);
    if (auto b = tx.begin(); !b) return b.error();
    if (sqlite3_exec(db, kMigrations[version], nullptr, nullptr, nullptr) != SQLITE_OK)
      return storage_error(db, "schema migration " + std::to_string(version + 1));
    const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
    if (sqlite3_exec(db, bump.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      return storage_error(db, "schema migration " + std::to_string(version + 1));
    if (auto c = tx.commit(); !c) return c.error();
  }
  return true;
}

}  // namespace stepwise::engine::store
