#pragma once
// Internal to the interpreter: one Stepper applies one trigger to one execution. Its member
// functions are spread over files named after what they run (data_flow, simple_states,
// task_state, parallel_map).
#include <optional>
#include <string>

#include "definitions/states.h"
#include "engine/execution_state.h"
#include "engine/step_environment.h"
#include "engine/transition.h"

namespace stepwise::engine::interpreter {

// A state's failure as it flows into Retry / Catch.
struct Failure {
  std::string error;
  std::optional<std::string> cause;
};

// Values a state's paths and templates are evaluated with: "$$" and "$name".
class Scope {
 public:
  Scope(const ExecutionState& ex, const Frame& frame, bool with_context, const std::string* task_token = nullptr,
        const Json* map_item = nullptr, std::int64_t map_index = 0);
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
  const definitions::PathScope& paths() const { return paths_; }

 private:
  Json context_;
  definitions::PathScope paths_;
};

// Thrown when a step is about to record an event past the execution's history quota: a loop of
// synchronous states would otherwise never end the step. Interpreter::step fails the execution.
struct HistoryQuotaReached {};

class Stepper {
 public:
  // A step happens at one instant: the clock is read once, when the stepper is made (and again
  // after a task run inside the step, which takes its own time).
  Stepper(ExecutionState& ex, StepEnvironment& env, Transition& out)
      : ex_(ex), env_(env), out_(out), now_(env.now_micros()) {}

  // input_text: the input as the caller wrote it, when known (see Frame::input_text).
  void start(Json input, std::string input_text = {});
  // A task's result or error, then the frame runs on (settle).
  void task_succeeded(Frame& frame, Json output);
  void task_failed(Frame& frame, Failure failure);
  void task_heartbeat(Frame& frame);
  bool task_started(Frame& frame, const std::string& worker);  // false: recorded already
  void timer_fired(std::uint64_t timer_id);
  void stop(Failure failure);

  // --- the core (stepper.cpp)
  // A new event after previous; the caller fills its details. owner: the frame the event is about,
  // when it may be in a Distributed Map's child workflow (whose events are counted, not kept).
  HistoryEvent& record(std::int64_t previous, const char* type, const Frame* owner = nullptr);
  // A new event in the chain of frame, belonging to the frame's state.
  HistoryEvent& emit(Frame& chain, const char* type);
  std::int64_t emit(Frame& chain, const char* type, Json details);
  std::int64_t emit_at(std::int64_t previous, const char* type, Json details, const Frame* owner = nullptr);
  // payload: the input's JSON text, when known (size: its length, when known without the text).
  // Sizes and known texts go by plain values and pointers, not std::optional: a std::optional
  // argument is built with 8-byte stores and copied with a 16-byte load, which stalls the CPU
  // (store forwarding fails) on this path, taken for every state.
  static constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);
  void goto_state(Frame& frame, const definitions::State& state, Json&& input, std::string&& payload = std::string(),
                  std::size_t size = kUnknownSize);
  void run(Frame& frame);
  void settle(Frame* frame);
  void execute(Frame& frame);
  // What is known of an output's JSON text without serializing it again: its length, and the
  // event whose payload is that text (read when history payloads are recorded and it is in memory).
  struct KnownText {
    std::size_t size;
    std::int64_t event_id;
  };
  // The frame's state input as it came in, when its length is known (else nullptr): for a state
  // whose output is it. The text is written into out.
  const KnownText* input_text(const Frame& frame, KnownText& out) const;
  // The state finished with output: applies the assignments, records StateExited, moves on.
  // next: the state to go to (nullptr: the frame ends with this output). known: the output's
  // text when it is known already (the state's input passed through, a task result kept whole).
  void finish_state(Frame& frame, Json&& output, Json&& assigned, const definitions::State* next,
                    const KnownText* known = nullptr);
  // A catchable error in a Task, Parallel or Map state: retry, catch, or fail the frame.
  void state_error(Frame& frame, Failure failure);
  // States.Runtime, and States.DataLimitExceeded for a state's own data: nothing catches them;
  // the execution fails.
  void runtime_failure(Frame& frame, const Error& error);
  void fail_frame(Frame& frame, Failure failure);
  void finish_execution(Frame& root);
  void end_execution(ExecutionStatus status);
  void set_timer(Frame* frame, std::uint64_t& slot, std::int64_t due_micros);
  void cancel_timer(std::uint64_t& slot);
  // Cancels what the frame (and its children) wait on; record adds the *StateAborted events that
  // AWS writes for the siblings of a failed branch or iteration.
  void abort_frame(Frame& frame, bool record);
  Scope scope_for(const Frame& frame, const std::string* token = nullptr);
  // The paths of scope for evaluating over the frame's input as it came (its InputPath selects
  // the whole of it): causes then quote the input as the caller wrote it, when known.
  definitions::PathScope over_input(const Scope& scope, const Frame& frame,
                                    const std::optional<definitions::JsonPath>& input_path) const;

  // --- states (simple_states.cpp, task_state.cpp, parallel_map.cpp)
  void run_pass(Frame& frame, const definitions::PassState& state);
  void run_choice(Frame& frame, const definitions::ChoiceState& state);
  void run_wait(Frame& frame, const definitions::WaitState& state);
  void run_succeed(Frame& frame, const definitions::SucceedState& state);
  void run_fail(Frame& frame, const definitions::FailState& state);
  void run_task(Frame& frame, const definitions::TaskState& state);
  void run_parallel(Frame& frame, const definitions::ParallelState& state);
  void run_map(Frame& frame, const definitions::MapState& state);
  void wait_over(Frame& frame);
  void task_timed_out(Frame& frame, const std::string& error);
  HistoryEvent& end_task(Frame& frame, int event);  // event: a TaskEvent (task_state.cpp)
  // The task's outcome applied to its frame, which is left to whoever runs it: the trigger
  // handlers above settle it; Stepper::run goes on with it when the task ran inside the step.
  void apply_task_success(Frame& frame, Json output);
  void apply_task_failure(Frame& frame, Failure failure);
  void apply_task_outcome(Frame& frame, TaskOutcome&& outcome);
  // Result processing shared by Task, Parallel and Map: Assign, ResultSelector, ResultPath, OutputPath.
  // known: the result's text, when already measured (a task result).
  void complete_with_result(Frame& frame, Json result, const definitions::ResultFields& io,
                            const definitions::StateCommon& common, const KnownText* known = nullptr);
  void children_progress(Frame& parent);
  void child_done(Frame& parent, Frame& child);
  bool start_child(Frame& parent, std::size_t index);
  std::optional<Error> batch_items(Frame& frame, const definitions::MapState& state);

  ExecutionState& ex_;
  StepEnvironment& env_;
  Transition& out_;
  std::int64_t now_;  // read again only after a task that ran inside the step
  // A task that ran inside the step (StepEnvironment::run_task_now): its frame and outcome,
  // applied by the Stepper::run loop of that frame once its Task state's execute returns.
  Frame* answered_frame_ = nullptr;
  TaskOutcome answered_;
  std::optional<HistoryEvent> detached_;  // the event being filled in for a child workflow (not kept)
};

// The Retry / Catch lists of the states that have them (empty for the others).
const std::vector<definitions::Retrier>& retriers_of(const definitions::State& state);
const std::vector<definitions::Catcher>& catchers_of(const definitions::State& state);

// "PassStateEntered", "MapStateFailed", ...: static text for every state type and phase.
enum class Phase { Entered, Exited, Failed, Aborted, Started, Succeeded };
const char* state_event(definitions::StateType type, Phase phase);

}  // namespace stepwise::engine::interpreter
