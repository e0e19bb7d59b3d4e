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

namespace {

// The step reached the history quota: what it recorded from event max_history_events on is
// undone, and that event is the ExecutionFailed instead, as AWS records it. A step that ends the
// execution with exactly its last allowed event stands.
void enforce_history_limit(ExecutionState& state, interpreter::Stepper& stepper, Transition& out) {
  const std::int64_t limit = state.max_history_events;
  const std::int64_t limit_index = limit - 1 - state.history_base;  // the limit event's place in memory
  if (limit_index < 0 || limit_index < static_cast<std::int64_t>(out.first_new_event)) return;  // not this step's
  const bool ends_within =
      state.done() && state.last_event_id() == limit && std::string_view(state.history.back().type).rfind("Execution", 0) == 0;
  if (ends_within) return;
  state.history.resize(static_cast<std::size_t>(limit_index));
  // Nothing this step asked for happens: the execution ends here.
  out.tasks.clear();
  out.timers.clear();
  state.status = ExecutionStatus::Running;
  state.output = Json();
  state.error = "States.Runtime";
  state.cause = "The execution reached the maximum number of history events (" + std::to_string(limit) + ").";
  stepper.emit_at(state.last_event_id(), "ExecutionFailed", Json{{"error", state.error}, {"cause", *state.cause}});
  stepper.end_execution(ExecutionStatus::Failed);
}

}  // namespace

Transition Interpreter::step(ExecutionState& state, Trigger trigger, StepEnvironment& env) {
  Transition out;
  step(state, std::move(trigger), env, out);
  return out;
}

void Interpreter::step(ExecutionState& state, Trigger trigger, StepEnvironment& env, Transition& out) {
  out.clear();
  out.first_new_event = state.history.size();
  interpreter::Stepper stepper(state, env, out);
  if (state.done() && trigger.kind != Trigger::Kind::Start) {
    out.ignored = true;
    return;
  }
  try {
    switch (trigger.kind) {
      case Trigger::Kind::Start:
        if (state.root || state.done()) {
          out.ignored = true;
          break;
        }
        stepper.start(std::move(trigger.output), std::move(trigger.input_text));
        break;
      case Trigger::Kind::TaskSucceeded:
      case Trigger::Kind::TaskFailed:
      case Trigger::Kind::TaskHeartbeat:
      case Trigger::Kind::TaskStarted: {
        Frame** waiting = state.tasks.find(trigger.id);
        if (!waiting) {
          out.ignored = true;
          break;
        }
        Frame& frame = **waiting;
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
  } catch (const interpreter::HistoryQuotaReached&) {
    // enforce_history_limit below ends the execution.
  } catch (const std::exception& e) {
    // An engine fault inside a step becomes States.Runtime: the execution fails, the engine lives.
    logger()->error("interpreter fault in {}: {}", state.info.execution_arn, e.what());
    if (!state.done()) {
      state.error = "States.Runtime";
      state.cause = std::string("Internal error while stepping the execution: ") + e.what();
      stepper.emit_at(state.last_event_id(), "ExecutionFailed",
                      Json{{"error", state.error}, {"cause", *state.cause}});
      stepper.end_execution(ExecutionStatus::Failed);
    }
  }
  if (state.max_history_events > 0 && state.last_event_id() >= state.max_history_events)
    enforce_history_limit(state, stepper, out);
}

}  // namespace stepwise::engine
