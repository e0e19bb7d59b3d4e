#pragma once
// An execution the service holds in memory while it runs: its interpreter state, the triggers
// waiting to be applied (its mailbox), and what its last committed step left to do. One engine
// thread at a time works on it; one commit of it at a time is in flight.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "definitions/result.h"
#include "engine/execution_state.h"

namespace stepwise::engine::service {

// What the caller of a trigger learns once the step that applied it is committed.
struct StepAck {
  bool applied = false;  // false: the trigger matched nothing (a late or repeated result)
  ExecutionStatus status = ExecutionStatus::Running;
  std::int64_t stop_micros = 0;
};
using AckCallback = std::function<void(const Result<StepAck>&)>;

struct PendingTrigger {
  Trigger trigger;
  AckCallback ack;  // may be empty
};

struct LiveExecution {
  std::mutex mutex;
  ExecutionState state;
  std::uint64_t seed = 0;
  std::string started_by;  // a child execution: the parent task's token
  std::int64_t steps = 0;                  // journal entries so far (committed or in flight)
  std::int64_t committed_next_event_id = 0;  // 0: the row is not written yet
  std::int64_t state_machine_version = 1;
  std::string input_text;
  std::int64_t stop_micros = 0;

  std::deque<PendingTrigger> mailbox;
  std::vector<TaskRequest> to_dispatch;     // committed, not yet handed to a worker
  std::vector<std::uint64_t> to_cancel;     // local task ids whose results are no longer wanted
  std::unordered_map<std::uint64_t, std::uint64_t> task_global;  // local task id -> dispatch id
  bool queued = false;      // in the ready queue or on an engine thread
  bool committing = false;  // a commit is in flight
  bool finished = false;    // its final step is committed
  bool evicted = false;     // dropped from memory while parked; the store has all of it
  std::map<std::uint64_t, std::int64_t> timer_due;  // armed timers: id -> due (micros)
  std::vector<std::function<void()>> end_waiters;
};

// The compiled machine an execution runs on (one version of a state machine), with what the
// context object tells of it.
struct LoadedMachine {
  std::shared_ptr<const definitions::StateMachine> machine;
  std::string name;
  std::string role_arn;
  std::int64_t max_history_events = kMaxHistoryEvents;  // 0 for EXPRESS machines (no history quota)
};

// A new LiveExecution, not yet started: the same for a fresh start and for a rebuild.
std::shared_ptr<LiveExecution> new_live_execution(const LoadedMachine& loaded, ExecutionInfo info, std::uint64_t seed,
                                                  std::string input_text, std::int64_t state_machine_version,
                                                  std::string started_by);

}  // namespace stepwise::engine::service
