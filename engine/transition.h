#pragma once
// What drives an execution (Trigger) and what one step asks the caller to do (Transition).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "definitions/json.h"
#include "definitions/resource.h"

namespace stepwise::engine {

// One event from outside the execution.
struct Trigger {
  enum class Kind { Start, TaskSucceeded, TaskFailed, TaskHeartbeat, TaskStarted, TimerFired, Stop };
  Kind kind = Kind::Start;
  std::uint64_t id = 0;        // task id (Task*) or timer id (TimerFired)
  Json output;                 // TaskSucceeded: the result; Start: the execution input
  std::string input_text;      // Start: the input's text as the caller wrote it (may be empty)
  std::string error;           // TaskFailed / Stop
  std::optional<std::string> cause;
  std::string worker;           // TaskStarted: the worker's name, as it gave it

  static Trigger start(Json input, std::string input_text = {});
  static Trigger task_succeeded(std::uint64_t task_id, Json output);
  static Trigger task_failed(std::uint64_t task_id, std::string error, std::optional<std::string> cause);
  static Trigger task_heartbeat(std::uint64_t task_id);
  // A worker took the task from its queue (activities record ActivityStarted then).
  static Trigger task_started(std::uint64_t task_id, std::string worker);
  static Trigger timer_fired(std::uint64_t timer_id);
  static Trigger stop(std::string error, std::optional<std::string> cause);
};
const char* to_string(Trigger::Kind kind);

// A task the caller must run (after committing the step). Its result comes back as a trigger
// carrying the same id.
struct TaskRequest {
  std::uint64_t id = 0;
  std::string token;                 // $$.Task.Token: one attempt of one task
  std::string_view state_name;                      // the Task state's name, in the execution's state machine
  const definitions::Resource* resource = nullptr;  // the Task state's, in the execution's state machine
  Json input;                        // the effective parameters (Parameters applied)
  std::optional<std::int64_t> timeout_seconds;
  std::optional<std::int64_t> heartbeat_seconds;
};

// What became of a task: its result, or its error and cause.
struct TaskOutcome {
  std::uint64_t task_id = 0;
  bool succeeded = false;
  Json output;                       // when succeeded
  std::string error;                 // when failed
  std::optional<std::string> cause;
};

struct TimerRequest {
  std::uint64_t id = 0;
  std::int64_t due_micros = 0;
};

enum class ExecutionStatus { Running, Succeeded, Failed, TimedOut, Aborted };
const char* to_string(ExecutionStatus status);  // AWS's names: RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED
std::optional<ExecutionStatus> parse_execution_status(std::string_view name);

struct Transition {
  std::size_t first_new_event = 0;         // history events [first_new_event, end) are new
  std::vector<TaskRequest> tasks;          // to dispatch
  std::vector<std::uint64_t> cancelled_tasks;
  std::vector<TimerRequest> timers;        // to set
  std::vector<std::uint64_t> cancelled_timers;
  bool ignored = false;                    // the trigger matched nothing (late or duplicate result)

  // Empty again, keeping the lists' memory for the next step.
  void clear() {
    first_new_event = 0;
    tasks.clear();
    cancelled_tasks.clear();
    timers.clear();
    cancelled_timers.clear();
    ignored = false;
  }
};

}  // namespace stepwise::engine
