#include "engine/transition.h"

namespace stepwise::engine {

Trigger Trigger::start(Json input, std::string input_text) {
  Trigger t;
  t.kind = Kind::Start;
  t.output = std::move(input);
  t.input_text = std::move(input_text);
  return t;
}

Trigger Trigger::task_succeeded(std::uint64_t task_id, Json output) {
  Trigger t;
  t.kind = Kind::TaskSucceeded;
  t.id = task_id;
  t.output = std::move(output);
  return t;
}

Trigger Trigger::task_failed(std::uint64_t task_id, std::string error, std::optional<std::string> cause) {
  Trigger t;
  t.kind = Kind::TaskFailed;
  t.id = task_id;
  t.error = std::move(error);
  t.cause = std::move(cause);
  return t;
}

Trigger Trigger::task_heartbeat(std::uint64_t task_id) {
  Trigger t;
  t.kind = Kind::TaskHeartbeat;
  t.id = task_id;
  return t;
}

Trigger Trigger::task_started(std::uint64_t task_id, std::string worker) {
  Trigger t;
  t.kind = Kind::TaskStarted;
  t.id = task_id;
  t.worker = std::move(worker);
  return t;
}

Trigger Trigger::timer_fired(std::uint64_t timer_id) {
  Trigger t;
  t.kind = Kind::TimerFired;
  t.id = timer_id;
  return t;
}

Trigger Trigger::stop(std::string error, std::optional<std::string> cause) {
  Trigger t;
  t.kind = Kind::Stop;
  t.error = std::move(error);
  t.cause = std::move(cause);
  return t;
}

const char* to_string(Trigger::Kind kind) {
  switch (kind) {
    case Trigger::Kind::Start: return "Start";
    case Trigger::Kind::TaskSucceeded: return "TaskSucceeded";
    case Trigger::Kind::TaskFailed: return "TaskFailed";
    case Trigger::Kind::TaskHeartbeat: return "TaskHeartbeat";
    case Trigger::Kind::TaskStarted: return "TaskStarted";
    case Trigger::Kind::TimerFired: return "TimerFired";
    case Trigger::Kind::Stop: return "Stop";
  }
  return "Start";
}

const char* to_string(ExecutionStatus status) {
  switch (status) {
    case ExecutionStatus::Running: return "RUNNING";
    case ExecutionStatus::Succeeded: return "SUCCEEDED";
    case ExecutionStatus::Failed: return "FAILED";
    case ExecutionStatus::TimedOut: return "TIMED_OUT";
    case ExecutionStatus::Aborted: return "ABORTED";
  }
  return "RUNNING";
}

std::optional<ExecutionStatus> parse_execution_status(std::string_view name) {
  for (auto status : {ExecutionStatus::Running, ExecutionStatus::Succeeded, ExecutionStatus::Failed,
                      ExecutionStatus::TimedOut, ExecutionStatus::Aborted})
    if (name == to_string(status)) return status;
  return std::nullopt;
}

}  // namespace stepwise::engine
