#pragma once
// The interpreter: an execution is a small state machine stepped by triggers (started, task
// result, timer fired, stop), never a thread. step() is pure apart from the injected
// StepEnvironment: the same triggers on the same environment give the same history.
#include <memory>

#include "definitions/state_machine.h"
#include "engine/execution_state.h"
#include "engine/step_environment.h"
#include "engine/transition.h"

namespace stepwise::engine {

// AWS's limit on any input, output or result: 256 KiB of UTF-8.
inline constexpr std::size_t kMaxPayloadBytes = 256 * 1024;

class Interpreter {
 public:
  // A new execution, not yet started: step(state, Trigger::start(input), env) starts it.
  static ExecutionState create(std::shared_ptr<const definitions::StateMachine> machine, ExecutionInfo info);
  // Applies one trigger. Synchronous states run inside the step until the execution blocks on a
  // task or a timer, or ends. Triggers for unknown ids (late or repeated results) are ignored.
  // The trigger's payload moves into the execution.
  static Transition step(ExecutionState& state, Trigger trigger, StepEnvironment& env);
  // The same, into out (cleared first): a driver that steps in a loop reuses one Transition.
  static void step(ExecutionState& state, Trigger trigger, StepEnvironment& env, Transition& out);
};

}  // namespace stepwise::engine
