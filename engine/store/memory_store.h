#pragma once
// A Store in memory, for tests and single runs: the same behaviour as the durable stores, without
// the durability. Thread-safe (one mutex).
#include <map>
#include <mutex>

#include "engine/store/store.h"

namespace stepwise::engine::store {

class MemoryStore final : public Store {
 public:
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
  struct Machine {
    std::map<std::int64_t, StateMachineRecord> versions;
    bool deleted = false;
  };
  struct Execution {
    ExecutionRecord row;
    std::vector<EventRecord> events;
    std::map<std::uint64_t, TimerRecord> timers;
    std::map<std::uint64_t, TaskRecord> tasks;
    std::vector<JournalRecord> journal;
  };

  std::mutex mutex_;
  std::map<std::string, Machine> machines_;
  std::map<std::string, Execution> executions_;
  std::map<std::int64_t, std::string> by_sequence_;
  std::map<std::string, std::pair<std::string, std::uint64_t>> tokens_;  // token -> (execution, task id)
  std::map<std::string, ActivityRecord> activities_;
  std::map<std::string, std::map<std::string, std::string>> tags_;
  std::int64_t next_sequence_ = 1;
};

}  // namespace stepwise::engine::store
