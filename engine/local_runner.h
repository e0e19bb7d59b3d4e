#pragma once
// Runs one execution in memory to its end: the driver behind `stepwise run` and the C++
// embedding API. Timers live in one ordered index; with virtual time the clock jumps to the next
// timer whenever nothing else can happen, so a 3-day Wait passes at once.
#include <functional>
#include <memory>

#include "definitions/state_machine.h"
#include "engine/execution_state.h"
#include "engine/step_environment.h"
#include "engine/task_dispatcher.h"

namespace stepwise::engine {

struct RunOptions {
  bool virtual_time = false;
  std::optional<std::uint64_t> seed;                     // randomness (jitter, UUIDs, tokens)
  std::function<void(const HistoryEvent&)> on_event;     // each event as it is recorded
  bool history_payloads = true;                          // see ExecutionState::record_payloads
  std::int64_t max_history_events = kMaxHistoryEvents;   // AWS's quota; 0: none
};

class LocalRunner {
 public:
  LocalRunner(TaskDispatcher& dispatcher, RunOptions options);
  // Starts the execution and steps it until it ends. input_text: the input as the caller wrote it
  // (optional), which AWS keeps verbatim in the history and in causes that quote it.
  ExecutionState run(std::shared_ptr<const definitions::StateMachine> machine, ExecutionInfo info, Json input,
                     std::string input_text = {});

 private:
  TaskDispatcher& dispatcher_;
  RunOptions options_;
};

// An ExecutionInfo with AWS-shaped ARNs for a local run of the machine called name.
ExecutionInfo local_execution_info(const std::string& machine_name, const std::string& execution_name);

}  // namespace stepwise::engine
