#include "engine/service/live_execution.h"

#include "engine/interpreter.h"

namespace stepwise::engine::service {

std::shared_ptr<LiveExecution> new_live_execution(const LoadedMachine& loaded, ExecutionInfo info, std::uint64_t seed,
                                                  std::string input_text, std::int64_t state_machine_version,
                                                  std::string started_by) {
  auto live = std::make_shared<LiveExecution>();
  live->state = Interpreter::create(loaded.machine, std::move(info));
  live->state.max_history_events = loaded.max_history_events;
  live->started_by = std::move(started_by);
  live->state.activity_started_on_pickup = true;  // the server's workers take tasks later
  live->seed = seed;
  live->input_text = std::move(input_text);
  live->state_machine_version = state_machine_version;
  return live;
}

}  // namespace stepwise::engine::service
