#pragma once
// Drives every running execution durably, as ARCHITECTURE.md draws it: triggers wait in each
// execution's mailbox; a fixed pool of engine threads steps executions that have work (never one
// execution on two threads); each pass becomes one StepCommit (events, row guarded by its next
// event id, journal, timers, task outbox) handed to one writer thread that commits the steps of
// many executions together (group commit). Only after the commit are callers answered, timers
// indexed and tasks handed to workers (transactional outbox). A restart rebuilds every running
// execution by replaying its journal, re-arms its timers and dispatches its unfinished tasks again.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/service/live_execution.h"
#include "engine/service/timer_index.h"
#include "engine/store/store.h"
#include "engine/task_dispatcher.h"

namespace stepwise::engine::service {

using MachineLoader = std::function<Result<LoadedMachine>(const std::string& state_machine_arn, std::int64_t version)>;

// The execution and task a task token belongs to.
struct TokenTarget {
  std::string execution_arn;
  std::uint64_t task_id = 0;
};

class ExecutionDriver {
 public:
  // evict_after: an execution waiting only on timers at least this far away leaves memory.
  ExecutionDriver(store::Store& store, TaskDispatcher& dispatcher, MachineLoader loader, std::size_t threads,
                  std::chrono::microseconds evict_after);
  ~ExecutionDriver();
  ExecutionDriver(const ExecutionDriver&) = delete;
  ExecutionDriver& operator=(const ExecutionDriver&) = delete;

  // Rebuilds every running execution from the store and resumes it. Returns how many.
  Result<std::size_t> recover();

  // Registers a new execution and applies its Start trigger; ack comes after the row is committed,
  // with the error code "ExecutionAlreadyExists" when its ARN is taken. When an execution with
  // the same ARN is already running here, nothing starts and that one is returned instead.
  // input_text: the input as StartExecution gave it, kept verbatim as AWS keeps it.
  std::shared_ptr<LiveExecution> start(std::shared_ptr<LiveExecution> execution, Json input, AckCallback ack,
                                       std::string input_text = {});

  // Queues a trigger for a running execution; false (ack not called) when it is not running.
  // here: when the execution is idle, step it on the calling thread instead of an engine thread
  // (a caller that will wait for the commit anyway saves a hand-off).
  bool post(const std::string& execution_arn, PendingTrigger trigger, bool here = false);
  // Calls fn once the execution has ended and its final step is committed; false when it is not
  // running here.
  bool on_end(const std::string& execution_arn, std::function<void()> fn);
  std::optional<TokenTarget> task_of_token(const std::string& token);
  // An outcome from the dispatcher (task id: the dispatch id the dispatcher was given).
  void on_outcome(TaskOutcome outcome);

  std::size_t running_count();

 private:
  struct Batch;
  struct DispatchedTask {
    std::string execution_arn;
    std::uint64_t task_id = 0;
    std::string token;
  };

  void schedule(const std::shared_ptr<LiveExecution>& execution);  // execution's mutex held
  void engine_loop();
  void work(const std::shared_ptr<LiveExecution>& execution);
  std::optional<Batch> step_mailbox(const std::shared_ptr<LiveExecution>& execution,
                                    std::vector<std::pair<AckCallback, bool>>& acks_now);
  void writer_loop();
  void after_commit(Batch& batch, const Result<store::CommitOutcome>& outcome);
  void finished(const std::shared_ptr<LiveExecution>& execution);
  bool parked_far(const LiveExecution& execution) const;  // execution's mutex held
  std::shared_ptr<LiveExecution> find_or_load(const std::string& execution_arn);
  Result<std::shared_ptr<LiveExecution>> rebuild(const store::ExecutionRecord& row);
  void reload(const std::string& execution_arn);
  // Makes a rebuilt execution findable, then arms its timers and dispatches its tasks; with
  // may_evict, one parked far away stays out of memory.
  void resume(const std::shared_ptr<LiveExecution>& execution, bool may_evict);
  // Dispatch ids for a live execution's tasks; tasks_mutex_ only.
  std::uint64_t register_task(LiveExecution& execution, const TaskRequest& request);
  std::optional<std::uint64_t> unregister_task(LiveExecution& execution, std::uint64_t task_id);

  // Outcomes may arrive from worker threads at any time, even while the driver is being destroyed:
  // they go through the lifeline, which the destructor cuts first.
  struct Lifeline {
    std::shared_mutex mutex;
    ExecutionDriver* driver = nullptr;
  };

  store::Store& store_;
  TaskDispatcher& dispatcher_;
  std::shared_ptr<Lifeline> lifeline_ = std::make_shared<Lifeline>();
  MachineLoader loader_;

  const std::int64_t evict_after_micros_;
  std::mutex load_mutex_;  // one rebuild at a time
  std::mutex live_mutex_;
  std::unordered_map<std::string, std::shared_ptr<LiveExecution>> live_;

  // Leaf lock: taken with an execution's mutex held, never the other way round.
  std::mutex tasks_mutex_;
  std::uint64_t next_dispatch_id_ = 1;
  std::unordered_map<std::uint64_t, DispatchedTask> dispatched_;
  std::unordered_map<std::string, std::uint64_t> by_token_;

  std::mutex ready_mutex_;
  std::condition_variable ready_cv_;
  std::deque<std::shared_ptr<LiveExecution>> ready_;

  std::mutex commit_mutex_;
  std::condition_variable commit_cv_;
  std::vector<Batch> commits_;

  bool stopping_ = false;  // guarded by ready_mutex_ and commit_mutex_
  TimerIndex timers_;
  std::vector<std::thread> engine_threads_;
  std::thread writer_;
};

}  // namespace stepwise::engine::service
