#pragma once
// The rows a Store keeps. Payloads (definitions, inputs, outputs, event details, journal triggers)
// are JSON text the store never looks into.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/transition.h"

namespace stepwise::engine::store {

struct StateMachineRecord {
  std::string arn;                 // arn:aws:states:REGION:ACCOUNT:stateMachine:NAME
  std::string name;
  std::int64_t version = 1;        // 1 on creation, +1 on every update
  std::string definition;          // ASL JSON text
  std::string role_arn;
  std::string type = "STANDARD";
  std::int64_t created_micros = 0;
  std::int64_t updated_micros = 0;
};

struct ExecutionRecord {
  std::string arn;                 // ...:execution:MACHINE:NAME; unique
  std::string name;
  std::string state_machine_arn;
  std::int64_t state_machine_version = 1;
  ExecutionStatus status = ExecutionStatus::Running;
  std::string input;               // JSON text
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::int64_t start_micros = 0;
  std::optional<std::int64_t> stop_micros;
  std::int64_t next_event_id = 1;  // the history holds events 1 .. next_event_id - 1
  // What rebuilding the execution needs besides its journal: the seed of its per-step randomness
  // (engine/service/replay_environment.h).
  std::uint64_t seed = 0;
  // A child execution: the task token of the parent's Task that started it (set at the start).
  std::string started_by;
  std::int64_t sequence = 0;       // set by the store: creation order, for listing newest first
};

struct EventRecord {
  std::int64_t id = 0;
  std::int64_t previous_event_id = 0;
  std::int64_t timestamp_micros = 0;
  std::string type;
  std::string details;             // the "...EventDetails" object as JSON text, empty when none
};

struct TimerRecord {
  std::string execution_arn;
  std::uint64_t timer_id = 0;      // unique within its execution
  std::int64_t due_micros = 0;
};

// A task to dispatch (transactional outbox): written with the step that schedules it, removed by
// the step that applies its outcome.
struct TaskRecord {
  std::string execution_arn;
  std::uint64_t task_id = 0;       // unique within its execution
  std::string token;               // unique across the store
  std::string activity_arn;        // set when an activity worker serves it, else empty
  std::string request;             // the TaskRequest as JSON text
};

struct ActivityRecord {
  std::string arn;
  std::string name;
  std::int64_t created_micros = 0;
};

struct Tag {
  std::string key;
  std::string value;
};

// One trigger the interpreter applied to an execution (engine/service/journal.h). Replaying an
// execution's journal, in step order, rebuilds its state; a finished execution keeps none.
struct JournalRecord {
  std::int64_t step = 0;  // 1, 2, ... within the execution
  std::string trigger;    // JSON text
};

// One transition of one execution, committed as a unit.
struct StepCommit {
  ExecutionRecord execution;                // the row after the step
  std::int64_t expected_next_event_id = 0;  // the row's next_event_id before the step; 0: a new execution
  std::vector<EventRecord> events;          // ids expected_next_event_id (or 1) onwards, in order
  std::vector<TimerRecord> timers_set;
  std::vector<std::uint64_t> timers_cancelled;
  std::vector<TaskRecord> tasks_added;
  std::vector<std::uint64_t> tasks_done;
  std::vector<JournalRecord> journal;       // the triggers this commit applied (dropped once it ends)
};

enum class CommitOutcome {
  Committed,
  Conflict,       // the execution row had moved on (or, for a new execution, its ARN exists)
};
const char* to_string(CommitOutcome outcome);

// A page of a list, newest first; next is the token for the following page, empty at the end.
template <class T>
struct Page {
  std::vector<T> items;
  std::string next;
};

struct ExecutionFilter {
  std::string state_machine_arn;           // empty: every machine
  std::optional<ExecutionStatus> status;
};

}  // namespace stepwise::engine::store
