#pragma once
// The mutable state of one execution: a tree of frames (the top-level machine, and one frame per
// running Parallel branch or Map iteration), its history, and what it waits on. The interpreter
// changes it only through Interpreter::step.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "definitions/json.h"
#include "definitions/state_machine.h"
#include "engine/history_event.h"
#include "engine/id_map.h"
#include "engine/transition.h"

namespace stepwise::engine {

// Workflow variables of one scope. A branch or iteration reads its parent's variables; what it
// assigns stays in its own scope.
struct VariableScope {
  std::shared_ptr<const VariableScope> parent;
  std::map<std::string, Json, std::less<>> values;

  const Json* find(std::string_view name) const;
};

// Who started the execution: the names and ARNs of the context object.
struct ExecutionInfo {
  std::string name;
  std::string execution_arn;
  std::string state_machine_name;
  std::string state_machine_arn;
  std::string role_arn;
};

enum class FrameStatus { Running, Succeeded, Failed };
enum class Waiting { Nothing, Task, Timer, Retry, Children };
const char* to_string(FrameStatus status);
const char* to_string(Waiting waiting);

struct Frame {
  Frame* parent = nullptr;
  std::size_t index = 0;  // branch index / Map item index in the parent
  // In a Distributed Map's child workflow: that child execution's top frame (its own, for the top
  // frame). Its events are not the parent execution's (AWS records them in the child execution, so
  // they are counted, not kept), and a States.Runtime failure fails that child, not the execution.
  Frame* execution_root = nullptr;
  std::int64_t child_events = 0;  // on a child execution's top frame: its events so far
  const definitions::StateMachine* machine = nullptr;
  std::shared_ptr<VariableScope> variables;

  // The current state.
  const definitions::State* state = nullptr;
  Json input;                    // raw state input
  std::optional<std::size_t> input_size;  // its JSON text's length, when already measured
  // Its text as the caller wrote it, when that is not its compact dump: the execution input, which
  // AWS keeps verbatim (and quotes so in causes) while states pass it through unchanged.
  std::shared_ptr<const std::string> input_text;
  Json effective;                // input after InputPath (and Parameters / ItemsPath where they apply)
  std::int64_t entered_event_id = 0;
  std::int64_t entered_micros = 0;
  std::int64_t last_event_id = 0;  // previousEventId of the next event in this chain
  bool pending_execute = false;  // entered (or retrying) and not yet executed
  std::int64_t retry_count = 0;
  std::vector<std::int64_t> retrier_attempts;

  // What the frame waits on.
  Waiting waiting = Waiting::Nothing;
  std::uint64_t task_id = 0;
  int task_family = 0;                   // which events the task records (task_state.cpp)
  bool task_started = true;              // its *Started event is recorded
  std::uint64_t timer_id = 0;            // Wait or retry backoff
  std::uint64_t timeout_timer_id = 0;    // task TimeoutSeconds
  std::uint64_t heartbeat_timer_id = 0;  // task HeartbeatSeconds
  std::int64_t heartbeat_seconds = 0;

  // Parallel / Map children.
  std::vector<std::unique_ptr<Frame>> children;
  Json results;                  // one slot per child, in order
  Json items;                    // Map: the items array (a Distributed Map's batches, when it batches)
  std::vector<std::size_t> batch_sizes;  // a batching Map: the items in each batch (empty otherwise)
  std::size_t item_count = 0;    // Map: the items, batched or not
  std::size_t next_child = 0, active_children = 0, failed_children = 0, finished_children = 0;
  std::int64_t max_concurrency = 0;
  std::int64_t last_child_event_id = 0;

  // Outcome of the whole frame.
  FrameStatus status = FrameStatus::Running;
  Json output;
  std::string error;
  std::optional<std::string> cause;
};

// AWS Step Functions' limit of history events per (Standard) execution.
inline constexpr std::int64_t kMaxHistoryEvents = 25000;

struct ExecutionState {
  std::shared_ptr<const definitions::StateMachine> machine;
  ExecutionInfo info;
  Json input;
  std::int64_t start_micros = 0;
  ExecutionStatus status = ExecutionStatus::Running;
  Json output;
  // The output's text when it is the input as the caller wrote it, passed through every state
  // (see Frame::input_text); empty otherwise. output_text_or_dump() gives the text AWS shows.
  std::string output_text;
  std::string error;
  std::optional<std::string> cause;
  // The events in memory: ids history_base + 1 onwards. A durable driver drops the ones it has
  // committed (history_base moves up), so a waiting execution keeps none.
  std::vector<HistoryEvent> history;
  std::int64_t history_base = 0;
  // When false, execution, state and task events leave out their input/output text (types, ids,
  // names and errors are still recorded): for runs whose history nobody reads, where serializing
  // every payload would be most of the work.
  bool record_payloads = true;
  // When true (the server), an activity's ActivityStarted is recorded when a worker takes the task
  // (Trigger::task_started), as AWS records it; otherwise at once with ActivityScheduled.
  bool activity_started_on_pickup = false;
  // AWS's quota of history events per Standard execution: the step that would record event
  // max_history_events (other than the execution's end) fails the execution instead, with that
  // event its ExecutionFailed (States.Runtime). 0: no limit (Express executions keep no history).
  std::int64_t max_history_events = kMaxHistoryEvents;
  std::unique_ptr<Frame> root;

  // Lookups from trigger ids to the frames waiting on them.
  std::uint64_t next_id = 1;
  IdMap<Frame*> tasks;
  IdMap<Frame*> timers;
  std::uint64_t execution_timer_id = 0;
  std::int64_t transitions = 0;  // states entered, branches and iterations included

  bool done() const { return status != ExecutionStatus::Running; }
  std::string output_text_or_dump() const { return output_text.empty() ? output.dump() : output_text; }
  // The id of the newest event, in memory or not.
  std::int64_t last_event_id() const { return history_base + static_cast<std::int64_t>(history.size()); }
};

}  // namespace stepwise::engine
