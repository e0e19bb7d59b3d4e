#include "engine/service/live_execution.h"

#include "engine/interpreter.h"

namespace stepwise::engine::service {

std::shared_ptr<LiveExecution> new_live_execution(std::shared_ptr<const definitions::StateMachine> machine,
                                                  ExecutionInfo info, std::uint64_t seed, std::string input_text,
                                                  std::int64_t state_machine_version) {
  auto live = std::make_shared<LiveExecution>();
  live->state = Interpreter::create(std::move(machine), std::move(info));
  live->state.activity_started_on_pickup = true;  // the server's workers take tasks later
  live->seed = seed;
  live->input_text = std::move(input_text);
  live->state_machine_version = state_machine_version;
  return live;
}

}  // namespace stepwise::engine::service
