#pragma once
// The default Store: one SQLite file in WAL mode. One connection, guarded by a mutex; every
// statement prepared once and every value bound; schema migrations by PRAGMA user_version; WAL
// checkpoints on a thread of their own (sqlite_checkpointer.h).
#include <memory>
#include <mutex>
#include <string>

#include "engine/store/sqlite_checkpointer.h"
#include "engine/store/store.h"

struct sqlite3;

namespace stepwise::engine::store {

// What a commit waits for. Full: the WAL is fsynced at every commit, so a committed step survives
// a power cut. Normal: fsync only at checkpoints; a crash of the process loses nothing, a power
// cut or kernel crash may lose the last commits (never corrupts the file).
enum class SyncMode { Full, Normal };
const char* to_string(SyncMode mode);

class SqliteStore final : public Store {
 public:
  // Opens (creating when missing) the database file and brings its schema up to date.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path, SyncMode sync = SyncMode::Full);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Result<StateMachineRecord> put_state_machine(StateMachineRecord record) override;
  Result<std::optional<StateMachineRecord>> state_machine(const std::string& arn, std::int64_t version) override;
  Result<Page<StateMachineRecord>> list_state_machines(std::size_t max, const std::string& token) override;
  Result<bool> delete_state_machine(const std::string& arn) override;

  Result<std::vector<CommitOutcome>> commit(const std::vector<StepCommit>& steps) override;
  Result<std::optional<ExecutionRecord>> execution(const std::string& arn) override;
  Result<Page<ExecutionRecord>> list_executions(const ExecutionFilter& filter, std::size_t max,
                                                const std::string& token) override;
  Result<std::vector<EventRecord>> history(const std::string& arn, std::int64_t from, std::size_t max,
                                           bool reverse) override;
  Result<std::vector<ExecutionRecord>> running_executions() override;
  Result<std::vector<TimerRecord>> timers() override;
  Result<std::vector<TaskRecord>> pending_tasks() override;
  Result<std::optional<TaskRecord>> task_by_token(const std::string& token) override;
  Result<std::vector<JournalRecord>> journal(const std::string& arn) override;

  Result<ActivityRecord> put_activity(ActivityRecord record) override;
  Result<std::optional<ActivityRecord>> activity(const std::string& arn) override;
  Result<Page<ActivityRecord>> list_activities(std::size_t max, const std::string& token) override;
  Result<bool> delete_activity(const std::string& arn) override;
  Result<bool> set_tags(const std::string& resource_arn, const std::vector<Tag>& tags) override;
  Result<bool> remove_tags(const std::string& resource_arn, const std::vector<std::string>& keys) override;
  Result<std::vector<Tag>> tags(const std::string& resource_arn) override;

 private:
  struct Statements;
  explicit SqliteStore(sqlite3* db);

  std::mutex mutex_;
  sqlite3* db_;
  std::unique_ptr<Statements> sql_;
  std::unique_ptr<SqliteCheckpointer> checkpointer_;
};

}  // namespace stepwise::engine::store
