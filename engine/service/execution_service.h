#pragma once
// The execution service: the one facade both HTTP faces (REST and AWS JSON 1.0) and the CLI use.
// State machines with versions, executions started, described, listed, stopped and their
// history, task results by token, activities and tags. Errors are values whose code is AWS's
// exception name ("StateMachineDoesNotExist", "ExecutionAlreadyExists", "InvalidToken", ...), or
// "Storage" when the store failed; every message names what was wrong.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "definitions/diagnostic.h"
#include "engine/service/arns.h"
#include "engine/service/child_executions.h"
#include "engine/service/execution_driver.h"
#include "engine/store/store.h"
#include "engine/task_dispatcher.h"

namespace stepwise::engine::service {

struct ServiceOptions {
  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::size_t engine_threads = 0;  // 0: one per core
  // How long a call waits for its step to be committed before answering with an error.
  std::chrono::milliseconds commit_wait{30000};
  // An execution waiting only on timers at least this far away is dropped from memory (its rows
  // stay; the timer brings it back by replaying its journal).
  std::chrono::seconds evict_parked_after{60};
  // AWS's history quota per Standard execution (ExecutionState::max_history_events); 0: none.
  std::int64_t max_history_events = kMaxHistoryEvents;
};

class ExecutionService {
 public:
  // Opens the service over a store: resumes every running execution found there.
  static Result<std::unique_ptr<ExecutionService>> open(std::unique_ptr<store::Store> store,
                                                        TaskDispatcher& dispatcher, ServiceOptions options);
  ~ExecutionService();

  const ServiceOptions& options() const { return options_; }
  std::size_t resumed_at_open() const { return resumed_; }
  std::string state_machine_arn(const std::string& name) const;
  std::string activity_arn(const std::string& name) const;

  // --- state machines. type: "STANDARD" or "EXPRESS".
  Result<store::StateMachineRecord> create_state_machine(const std::string& name, const std::string& definition,
                                                        const std::string& role_arn, const std::string& type);
  // Creates the machine, or gives the existing one a new version when its definition or role differ.
  Result<store::StateMachineRecord> put_state_machine(const std::string& name, const std::string& definition,
                                                     const std::string& role_arn);
  Result<store::StateMachineRecord> update_state_machine(const std::string& arn,
                                                        const std::optional<std::string>& definition,
                                                        const std::optional<std::string>& role_arn);
  Result<store::StateMachineRecord> describe_state_machine(const std::string& arn);
  Result<store::StateMachineRecord> state_machine_for_execution(const std::string& execution_arn);
  Result<store::Page<store::StateMachineRecord>> list_state_machines(std::size_t max, const std::string& token);
  Result<bool> delete_state_machine(const std::string& arn);

  // --- executions. name empty: a new UUID. input empty: "{}". Returns once the start is committed.
  // started_by: for a child execution, the token of the parent's task that starts it.
  Result<store::ExecutionRecord> start_execution(const std::string& state_machine_arn, const std::string& name,
                                                 const std::string& input, const std::string& started_by = "");
  // The same without waiting: done is called once, with what start_execution would return, on
  // this thread (a refused start) or on the thread that commits the start.
  using StartDone = std::function<void(Result<store::ExecutionRecord>)>;
  void start_execution_async(const std::string& state_machine_arn, const std::string& name, const std::string& input,
                             const std::string& started_by, StartDone done);
  // Starts an execution and waits for its end (at most timeout); the record as it then stands.
  Result<store::ExecutionRecord> run_execution(const std::string& state_machine_arn, const std::string& name,
                                               const std::string& input, std::chrono::milliseconds timeout);
  Result<store::ExecutionRecord> describe_execution(const std::string& arn);
  Result<store::ExecutionRecord> stop_execution(const std::string& arn, const std::optional<std::string>& error,
                                                const std::optional<std::string>& cause);
  Result<store::Page<store::ExecutionRecord>> list_executions(const store::ExecutionFilter& filter, std::size_t max,
                                                              const std::string& token);
  // Events after event id `from` (reverse: before it; 0 = from the end).
  Result<std::vector<store::EventRecord>> history(const std::string& arn, std::int64_t from, std::size_t max,
                                                  bool reverse);
  // Waits until the execution is no longer running (true) or timeout passes (false).
  bool wait_for_end(const std::string& arn, std::chrono::milliseconds timeout);
  // Calls fn (on the commit thread: keep it short) once the execution has ended; false, and fn
  // is never called, when it is not running.
  bool when_ended(const std::string& arn, std::function<void()> fn);

  // --- task results by token (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat).
  Result<bool> send_task_success(const std::string& token, const std::string& output);
  Result<bool> send_task_failure(const std::string& token, const std::string& error, const std::string& cause);
  Result<bool> send_task_heartbeat(const std::string& token);
  bool task_token_pending(const std::string& token);
  // A remote worker took the task (GetActivityTask): its ActivityStarted is recorded. False when
  // the token's task is no longer pending.
  bool task_picked_up(const std::string& token, const std::string& worker);

  // --- activities and tags.
  Result<store::ActivityRecord> create_activity(const std::string& name);
  Result<store::ActivityRecord> describe_activity(const std::string& arn);
  Result<store::Page<store::ActivityRecord>> list_activities(std::size_t max, const std::string& token);
  Result<bool> delete_activity(const std::string& arn);
  Result<bool> tag_resource(const std::string& arn, const std::vector<store::Tag>& tags);
  Result<bool> untag_resource(const std::string& arn, const std::vector<std::string>& keys);
  Result<std::vector<store::Tag>> list_tags(const std::string& arn);

 private:
  ExecutionService(std::unique_ptr<store::Store> store, TaskDispatcher& dispatcher, ServiceOptions options);
  Result<LoadedMachine> load_machine(const std::string& arn, std::int64_t version);
  Result<store::StateMachineRecord> current_machine(const std::string& arn);
  Result<StepAck> post_and_wait(const std::string& execution_arn, Trigger trigger);
  Result<bool> task_trigger(const std::string& token, Trigger trigger);
  void forget_machine(const std::string& arn);
  Result<bool> check_taggable(const std::string& arn);  // true, or why arn cannot carry tags

  ServiceOptions options_;
  std::unique_ptr<store::Store> store_;
  std::mutex machines_mutex_;
  std::unordered_map<std::string, LoadedMachine> machines_;                 // "arn#version"
  std::unordered_map<std::string, store::StateMachineRecord> heads_;         // current versions
  std::unique_ptr<ChildExecutions> children_;  // in front of the workers' dispatcher
  std::unique_ptr<ExecutionDriver> driver_;
  std::size_t resumed_ = 0;
};

// "Invalid State Machine Definition: 'CODE: message at /pointer', ..." as AWS words it.
std::string invalid_definition_message(const definitions::Diagnostics& diagnostics);

}  // namespace stepwise::engine::service
