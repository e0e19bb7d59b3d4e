#pragma once
// Where everything durable lives: state machines, executions with their history, timers, the task
// outbox, activities and tags. Every implementation passes the one contract suite
// (tests/store/store_contract_test.cpp). Failures of the storage itself (disk full, I/O error)
// are Errors with code "Storage" and a message naming the operation; nothing is half-written.
#include <memory>
#include <string>
#include <vector>

#include "definitions/result.h"
#include "engine/store/records.h"

namespace stepwise::engine::store {

class Store {
 public:
  virtual ~Store() = default;

  // --- state machines. put creates version 1 or replaces the definition with version + 1 (a
  // machine created again after a delete goes on counting, so old executions keep their version).
  virtual Result<StateMachineRecord> put_state_machine(StateMachineRecord record) = 0;
  // The machine as it is now (version 0; nullopt once deleted), or that version of it (still there
  // after a delete, for the executions that run on it); nullopt when unknown.
  virtual Result<std::optional<StateMachineRecord>> state_machine(const std::string& arn,
                                                                  std::int64_t version = 0) = 0;
  virtual Result<Page<StateMachineRecord>> list_state_machines(std::size_t max, const std::string& token) = 0;
  // False when there was none. Its executions stay readable.
  virtual Result<bool> delete_state_machine(const std::string& arn) = 0;

  // --- executions. commit applies every step it can in one transaction (group commit) and says,
  // step by step, which were applied; a conflicting step changes nothing.
  virtual Result<std::vector<CommitOutcome>> commit(const std::vector<StepCommit>& steps) = 0;
  virtual Result<std::optional<ExecutionRecord>> execution(const std::string& arn) = 0;
  virtual Result<Page<ExecutionRecord>> list_executions(const ExecutionFilter& filter, std::size_t max,
                                                        const std::string& token) = 0;
  // Events with id > after (or < before when reverse, before 0 = from the end), at most max.
  virtual Result<std::vector<EventRecord>> history(const std::string& arn, std::int64_t from, std::size_t max,
                                                   bool reverse) = 0;
  // What a restart resumes: every running execution, every timer, every task not yet done.
  virtual Result<std::vector<ExecutionRecord>> running_executions() = 0;
  virtual Result<std::vector<TimerRecord>> timers() = 0;
  virtual Result<std::vector<TaskRecord>> pending_tasks() = 0;
  virtual Result<std::optional<TaskRecord>> task_by_token(const std::string& token) = 0;
  // The journal of a running execution, in step order (empty once it has ended).
  virtual Result<std::vector<JournalRecord>> journal(const std::string& arn) = 0;

  // --- activities and tags.
  virtual Result<ActivityRecord> put_activity(ActivityRecord record) = 0;  // existing: returned as is
  virtual Result<std::optional<ActivityRecord>> activity(const std::string& arn) = 0;
  virtual Result<Page<ActivityRecord>> list_activities(std::size_t max, const std::string& token) = 0;
  virtual Result<bool> delete_activity(const std::string& arn) = 0;
  virtual Result<bool> set_tags(const std::string& resource_arn, const std::vector<Tag>& tags) = 0;
  virtual Result<bool> remove_tags(const std::string& resource_arn, const std::vector<std::string>& keys) = 0;
  virtual Result<std::vector<Tag>> tags(const std::string& resource_arn) = 0;
};

}  // namespace stepwise::engine::store
