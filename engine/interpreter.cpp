#include "engine/interpreter.h"

#include <exception>

#include "engine/interpreter/stepper.h"
#include "engine/log.h"

namespace stepwise::engine {

ExecutionState Interpreter::create(std::shared_ptr<const definitions::StateMachine> machine, ExecutionInfo info) {
  ExecutionState state;
  state.machine = std::move(machine);
  state.info = std::move(info);
  return state;
}

Transition Interpreter::step(ExecutionState& state, Trigger trigger, StepEnvironment& env) {
  Transition out;
  out.first_new_event = state.history.size();
  interpreter::Stepper stepper(state, env, out);
  if (state.done() && trigger.kind != Trigger::Kind::Start) {
    out.ignored = true;
    return out;
  }
  try {
    switch (trigger.kind) {
      case Trigger::Kind::Start:
        if (state.root || state.done()) {
          out.ignored = true;
          break;
        }
        stepper.start(std::move(trigger.output));
        break;
      case Trigger::Kind::TaskSucceeded:
      case Trigger::Kind::TaskFailed:
      case Trigger::Kind::TaskHeartbeat:
      case Trigger::Kind::TaskStarted: {
        auto it = state.tasks.find(trigger.id);
        if (it == state.tasks.end()) {
          out.ignored = true;
          break;
        }
        Frame& frame = *it->second;
        if (trigger.kind == Trigger::Kind::TaskSucceeded) stepper.task_succeeded(frame, std::move(trigger.output));
        else if (trigger.kind == Trigger::Kind::TaskFailed)
          stepper.task_failed(frame, interpreter::Failure{std::move(trigger.error), std::move(trigger.cause)});
        else if (trigger.kind == Trigger::Kind::TaskHeartbeat) stepper.task_heartbeat(frame);
        else if (!stepper.task_started(frame, trigger.worker)) out.ignored = true;
        break;
      }
      case Trigger::Kind::TimerFired: stepper.timer_fired(trigger.id); break;
      case Trigger::Kind::Stop: stepper.stop(interpreter::Failure{trigger.error, trigger.cause}); break;
    }
  } catch (const std::exception& e) {
    // An engine fault inside a step becomes States.Runtime: the execution fails, the engine lives.
    logger()->error("interpreter fault in {}: {}", state.info.execution_arn, e.what());
    if (!state.done()) {
      state.error = "States.Runtime";
      state.cause = std::string("Internal error while stepping the execution: ") + e.what();
      stepper.emit_at(state.last_event_id(), "ExecutionFailed",
                      Json{{"error", state.error}, {"cause", *state.cause}});
      stepper.end_execution(ExecutionStatus::Failed, "", Json());
    }
  }
  return out;
}

}  // namespace stepwise::engine
