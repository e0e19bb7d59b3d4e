// The core of a step: events, moving between states, running a frame until it blocks, and what
// happens when a state fails (Retry, Catch) or a frame ends.
#include "engine/interpreter/stepper.h"

#include <algorithm>
#include <cmath>

#include "definitions/error_name.h"
#include "definitions/state_machine.h"
#include "engine/interpreter.h"
#include "engine/interpreter/data_flow.h"

namespace stepwise::engine::interpreter {

using namespace definitions;

namespace {


struct RetriesOf {
  const std::vector<Retrier>& operator()(const TaskState& s) const { return s.retry; }
  const std::vector<Retrier>& operator()(const ParallelState& s) const { return s.retry; }
  const std::vector<Retrier>& operator()(const MapState& s) const { return s.retry; }
  template <class S>
  const std::vector<Retrier>& operator()(const S&) const {
    static const std::vector<Retrier> none;
    return none;
  }
};

struct CatchesOf {
  const std::vector<Catcher>& operator()(const TaskState& s) const { return s.catches; }
  const std::vector<Catcher>& operator()(const ParallelState& s) const { return s.catches; }
  const std::vector<Catcher>& operator()(const MapState& s) const { return s.catches; }
  template <class S>
  const std::vector<Catcher>& operator()(const S&) const {
    static const std::vector<Catcher> none;
    return none;
  }
};

Json failure_details(const std::string& error, const std::optional<std::string>& cause) {
  Json d = Json::object();
  if (!error.empty()) d["error"] = error;
  if (cause) d["cause"] = *cause;
  return d;
}

}  // namespace

const std::vector<Retrier>& retriers_of(const State& state) { return std::visit(RetriesOf{}, state); }

const char* state_event(StateType type, Phase phase) {
#define STEPWISE_PHASES(T) \
  {T "StateEntered", T "StateExited", T "StateFailed", T "StateAborted", T "StateStarted", T "StateSucceeded"}
  static const char* const kNames[8][6] = {STEPWISE_PHASES("Pass"),    STEPWISE_PHASES("Task"),
                                           STEPWISE_PHASES("Choice"),  STEPWISE_PHASES("Wait"),
                                           STEPWISE_PHASES("Succeed"), STEPWISE_PHASES("Fail"),
                                           STEPWISE_PHASES("Parallel"), STEPWISE_PHASES("Map")};
#undef STEPWISE_PHASES
  return kNames[static_cast<int>(type)][static_cast<int>(phase)];
}
const std::vector<Catcher>& catchers_of(const State& state) { return std::visit(CatchesOf{}, state); }

HistoryEvent& Stepper::record(std::int64_t previous, const char* type, const Frame* owner) {
  if (owner && owner->execution_root) {
    HistoryEvent& event = detached_.emplace();
    event.id = ++owner->execution_root->child_events;
    event.previous_event_id = previous;
    event.type = type;
    return event;
  }
  HistoryEvent& event = ex_.history.emplace_back(ex_.last_event_id() + 1, previous, now_, type);
  if (ex_.max_history_events > 0 && event.id >= ex_.max_history_events &&
      !(event.id == ex_.max_history_events && std::string_view(type).rfind("Execution", 0) == 0))
    throw HistoryQuotaReached{};
  return event;
}

std::int64_t Stepper::emit_at(std::int64_t previous, const char* type, Json details, const Frame* owner) {
  HistoryEvent& event = record(previous, type, owner);
  event.details = std::move(details);
  return event.id;
}

HistoryEvent& Stepper::emit(Frame& chain, const char* type) {
  HistoryEvent& event = record(chain.last_event_id, type, &chain);
  event.state = chain.state;
  chain.last_event_id = event.id;
  return event;
}

std::int64_t Stepper::emit(Frame& chain, const char* type, Json details) {
  HistoryEvent& event = emit(chain, type);
  event.details = std::move(details);
  return event.id;
}

void Stepper::goto_state(Frame& frame, const State& state, Json&& input, std::string&& payload,
                         std::size_t size) {
  frame.state = &state;
  frame.input = std::move(input);
  if (!payload.empty()) size = payload.size();
  frame.input_size = size == kUnknownSize ? std::nullopt : std::optional<std::size_t>(size);
  frame.input_text.reset();  // the caller carries it over when the input passed through unchanged
  frame.retry_count = 0;
  frame.retrier_attempts.assign(retriers_of(state).size(), 0);
  frame.entered_micros = now_;
  HistoryEvent& event = emit(frame, state_event(type_of(state), Phase::Entered));
  frame.entered_event_id = event.id;
  event.data = HistoryEvent::Data::Input;
  if (ex_.record_payloads) event.payload = payload.empty() ? frame.input.dump() : std::move(payload);
  frame.pending_execute = true;
  ++ex_.transitions;
}

void Stepper::run(Frame& frame) {
  while (!ex_.done() && frame.status == FrameStatus::Running && frame.pending_execute) {
    frame.pending_execute = false;
    execute(frame);
    if (answered_frame_ == &frame) {
      answered_frame_ = nullptr;
      apply_task_outcome(frame, std::move(answered_));
    }
  }
}

void Stepper::settle(Frame* frame) {
  while (frame && !ex_.done()) {
    run(*frame);
    if (ex_.done() || frame->status == FrameStatus::Running) return;
    Frame* parent = frame->parent;
    if (!parent) {
      finish_execution(*frame);
      return;
    }
    child_done(*parent, *frame);  // frees frame
    if (ex_.done()) return;
    children_progress(*parent);
    if (parent->status == FrameStatus::Running && !parent->pending_execute) return;
    frame = parent;
  }
}

void Stepper::execute(Frame& frame) {
  const State& state = *frame.state;
  switch (type_of(state)) {
    case StateType::Pass: return run_pass(frame, std::get<PassState>(state));
    case StateType::Task: return run_task(frame, std::get<TaskState>(state));
    case StateType::Choice: return run_choice(frame, std::get<ChoiceState>(state));
    case StateType::Wait: return run_wait(frame, std::get<WaitState>(state));
    case StateType::Succeed: return run_succeed(frame, std::get<SucceedState>(state));
    case StateType::Fail: return run_fail(frame, std::get<FailState>(state));
    case StateType::Parallel: return run_parallel(frame, std::get<ParallelState>(state));
    case StateType::Map: return run_map(frame, std::get<MapState>(state));
  }
}

const Stepper::KnownText* Stepper::input_text(const Frame& frame, KnownText& out) const {
  if (!frame.input_size) return nullptr;
  out = KnownText{*frame.input_size, frame.entered_event_id};
  return &out;
}

void Stepper::finish_state(Frame& frame, Json&& output, Json&& assigned, const State* next,
                           const KnownText* known) {
  const StateCommon& common = common_of(*frame.state);
  std::string payload;
  std::size_t size;
  // The known text's event, when still in memory (a durable driver may have dropped it).
  const auto index = known ? static_cast<std::size_t>(known->event_id - 1 - ex_.history_base) : 0;
  const bool in_memory = known && !frame.execution_root && known->event_id > ex_.history_base &&
                         index < ex_.history.size();
  if (known && (in_memory || !ex_.record_payloads)) {
    size = known->size;
    if (ex_.record_payloads) payload = ex_.history[index].payload;
  } else if (ex_.record_payloads) {
    payload = output.dump();
    size = payload.size();
  } else {
    size = json_text_size(output);
  }
  if (size > kMaxPayloadBytes) {
    runtime_failure(frame, data_limit_error(common.name));
    return;
  }
  Json details;
  if (assigned.is_object() && !assigned.empty()) {
    details = Json::object();
    Json shown = Json::object();
    for (auto& [name, value] : assigned.items()) {
      shown[name] = value.dump();
      frame.variables->values[name] = std::move(value);
    }
    details["assignedVariables"] = std::move(shown);
    details["assignedVariablesDetails"] = Json{{"truncated", false}};
  }
  HistoryEvent& event = emit(frame, state_event(type_of(*frame.state), Phase::Exited));
  event.details = std::move(details);
  event.data = HistoryEvent::Data::Output;
  if (ex_.record_payloads) event.payload = payload;
  // The input passed through unchanged: so does its text as the caller wrote it (to the next
  // state, or as the frame's output); otherwise it is new data, without one.
  auto verbatim = known && known->event_id == frame.entered_event_id ? std::move(frame.input_text) : nullptr;
  if (next) {
    goto_state(frame, *next, std::move(output), std::move(payload), size);
    frame.input_text = std::move(verbatim);
    return;
  }
  frame.status = FrameStatus::Succeeded;
  frame.output = std::move(output);
  frame.input_text = std::move(verbatim);
}

void Stepper::state_error(Frame& frame, Failure failure) {
  const State& state = *frame.state;
  const ErrorName name(failure.error);
  const auto& retriers = retriers_of(state);
  for (std::size_t i = 0; i < retriers.size(); ++i) {
    const Retrier& r = retriers[i];
    if (!error_matches(r.error_equals, name)) continue;
    // Spec: "When the number of retries reaches MaxAttempts, the Retrier ceases to apply and the
    // interpreter applies the state's Catchers" - only the first matching Retrier counts.
    if (frame.retrier_attempts[i] >= r.max_attempts) break;
    double delay = static_cast<double>(r.interval_seconds) *
                   std::pow(r.backoff_rate, static_cast<double>(frame.retrier_attempts[i]));
    if (r.max_delay_seconds) delay = std::min(delay, static_cast<double>(*r.max_delay_seconds));
    if (r.jitter == JitterStrategy::Full) delay *= env_.random_unit();
    ++frame.retrier_attempts[i];
    ++frame.retry_count;
    frame.waiting = Waiting::Retry;
    set_timer(&frame, frame.timer_id, now_ + static_cast<std::int64_t>(std::llround(delay * 1e6)));
    return;
  }
  const StateType type = type_of(state);
  if (type == StateType::Parallel || type == StateType::Map) emit(frame, state_event(type, Phase::Failed), Json());
  for (const Catcher& c : catchers_of(state)) {
    if (!error_matches(c.error_equals, name)) continue;
    Json caught = error_output(failure.error, failure.cause);
    Json assigned;
    if (c.assign) {
      Scope scope = scope_for(frame);
      auto values = c.assign->evaluate(caught, scope.paths(), env_);
      if (!values) return runtime_failure(frame, values.error());
      assigned = std::move(values.value());
    }
    if (auto e = merge_result(c.result_path, frame.input, caught, frame.input_text.get())) return runtime_failure(frame, *e);
    frame.waiting = Waiting::Nothing;
    finish_state(frame, std::move(caught), std::move(assigned), frame.machine->find(c.next));
    return;
  }
  fail_frame(frame, std::move(failure));
}

void Stepper::fail_frame(Frame& frame, Failure failure) {
  // A Task whose error ends a branch or an iteration is recorded as aborted (AWS does the same);
  // the chain stays on the failure event.
  if (frame.parent && frame.state && type_of(*frame.state) == StateType::Task)
    emit_at(frame.last_event_id, "TaskStateAborted", Json(), &frame);
  frame.waiting = Waiting::Nothing;
  frame.status = FrameStatus::Failed;
  frame.error = std::move(failure.error);
  frame.cause = std::move(failure.cause);
}

void Stepper::runtime_failure(Frame& frame, const Error& error) {
  std::string cause = error.message;
  if (error.code == "States.Runtime" && frame.state)
    cause = "An error occurred while executing the state '" + common_of(*frame.state).name +
            "' (entered at the event id #" + std::to_string(frame.entered_event_id) + "). " + cause;
  if (frame.execution_root) {
    // A Distributed Map's child workflow fails (its Map counts the failure); the execution goes on.
    for (auto& child : frame.children)
      if (child && child->status == FrameStatus::Running) abort_frame(*child, false);
    fail_frame(frame, Failure{error.code, std::move(cause)});
    return;
  }
  ex_.error = error.code;
  ex_.cause = cause;
  ex_.status = ExecutionStatus::Failed;
  emit_at(frame.last_event_id, "ExecutionFailed", failure_details(error.code, cause));
  end_execution(ExecutionStatus::Failed);
}

void Stepper::finish_execution(Frame& root) {
  if (root.status == FrameStatus::Succeeded) {
    if (root.input_text) ex_.output_text = *root.input_text;  // the input, passed through as written
    ex_.output = std::move(root.output);
    Json details = Json::object();
    details["output"] = ex_.output_text_or_dump();
    details["outputDetails"] = Json{{"truncated", false}};
    emit_at(root.last_event_id, "ExecutionSucceeded", std::move(details));
    end_execution(ExecutionStatus::Succeeded);
    return;
  }
  ex_.error = root.error;
  ex_.cause = root.cause;
  emit_at(root.last_event_id, "ExecutionFailed", failure_details(root.error, root.cause));
  end_execution(ExecutionStatus::Failed);
}

// Sets the end (its event is the caller's) and cancels everything still pending.
void Stepper::end_execution(ExecutionStatus status) {
  ex_.status = status;
  ex_.tasks.for_each([&](std::uint64_t id, Frame*) { out_.cancelled_tasks.push_back(id); });
  ex_.timers.for_each([&](std::uint64_t id, Frame*) { out_.cancelled_timers.push_back(id); });
  if (ex_.execution_timer_id) out_.cancelled_timers.push_back(ex_.execution_timer_id);
  ex_.tasks.clear();
  ex_.timers.clear();
  ex_.execution_timer_id = 0;
}

void Stepper::set_timer(Frame* frame, std::uint64_t& slot, std::int64_t due_micros) {
  slot = ex_.next_id++;
  if (frame) ex_.timers[slot] = frame;
  out_.timers.push_back(TimerRequest{slot, due_micros});
}

void Stepper::cancel_timer(std::uint64_t& slot) {
  if (!slot) return;
  ex_.timers.erase(slot);
  // A timer set in this same step never reaches the driver: it is dropped from the step's list.
  auto set_now = std::find_if(out_.timers.begin(), out_.timers.end(),
                              [&](const TimerRequest& timer) { return timer.id == slot; });
  if (set_now != out_.timers.end()) out_.timers.erase(set_now);
  else out_.cancelled_timers.push_back(slot);
  slot = 0;
}

void Stepper::abort_frame(Frame& frame, bool record) {
  for (auto& child : frame.children)
    if (child && child->status == FrameStatus::Running) abort_frame(*child, record);
  if (frame.task_id) {
    ex_.tasks.erase(frame.task_id);
    out_.cancelled_tasks.push_back(frame.task_id);
    frame.task_id = 0;
  }
  cancel_timer(frame.timer_id);
  cancel_timer(frame.timeout_timer_id);
  cancel_timer(frame.heartbeat_timer_id);
  if (record && frame.state && frame.status == FrameStatus::Running)
    emit_at(frame.last_event_id, state_event(type_of(*frame.state), Phase::Aborted), Json(), &frame);
  frame.status = FrameStatus::Failed;
  frame.waiting = Waiting::Nothing;
}

void Stepper::start(Json input, std::string input_text) {
  // Room for a pass through every top-level state (up to five events each, a Task's), within
  // reason: each regrowth of the history moves every event recorded so far.
  ex_.history.reserve(std::min<std::size_t>(4096, 5 * ex_.machine->states().size() + 8));
  ex_.input = input;
  ex_.start_micros = now_;
  // AWS keeps the input's text as it was given: in the history and in causes that quote it.
  std::string compact = !input_text.empty() || ex_.record_payloads ? input.dump() : std::string();
  std::shared_ptr<const std::string> verbatim;
  if (!input_text.empty() && input_text != compact)
    verbatim = std::make_shared<const std::string>(std::move(input_text));
  std::string text = ex_.record_payloads ? (verbatim ? *verbatim : std::move(compact)) : std::string();
  HistoryEvent& started = record(0, "ExecutionStarted");
  started.data = HistoryEvent::Data::Input;  // "input" and "inputDetails", then the ARNs
  started.payload = text;
  started.details = Json::object();
  started.details["roleArn"] = ex_.info.role_arn;
  started.details["stateMachineArn"] = ex_.info.state_machine_arn;
  auto root = std::make_unique<Frame>();
  root->machine = ex_.machine.get();
  root->variables = std::make_shared<VariableScope>();
  ex_.root = std::move(root);
  if (auto timeout = ex_.machine->timeout_seconds()) {
    ex_.execution_timer_id = ex_.next_id++;
    out_.timers.push_back(TimerRequest{ex_.execution_timer_id, ex_.start_micros + *timeout * 1000000});
  }
  // An execution that cannot begin fails right after ExecutionStarted.
  auto fail_at_start = [&](std::string error, std::string cause) {
    ex_.error = std::move(error);
    ex_.cause = std::move(cause);
    emit_at(1, "ExecutionFailed", failure_details(ex_.error, ex_.cause));
    end_execution(ExecutionStatus::Failed);
  };
  if (json_text_size(input) > kMaxPayloadBytes)
    return fail_at_start("States.DataLimitExceeded",
                         "The execution input exceeds the maximum number of bytes service limit.");
  // A JSONata state's Output, Arguments, Assign, Condition, Items... would be ignored, giving a
  // plausible but wrong result: the execution fails at once, saying why.
  if (const State* jsonata = ex_.machine->first_jsonata_state())
    return fail_at_start("States.Runtime", "Stepwise does not evaluate JSONata yet: the state '" +
                                               common_of(*jsonata).name +
                                               "' uses the JSONata query language. Write the state machine in "
                                               "JSONPath (the default QueryLanguage) to run it.");
  goto_state(*ex_.root, ex_.machine->start_state(), std::move(input), std::move(text),
             verbatim ? verbatim->size() : kUnknownSize);
  ex_.root->input_text = std::move(verbatim);
  settle(ex_.root.get());
}

void Stepper::stop(Failure failure) {
  ex_.error = failure.error;
  ex_.cause = failure.cause;
  if (ex_.root) abort_frame(*ex_.root, false);
  // AWS records a stop, and an execution timeout, with previousEventId 0: no state event leads to it.
  emit_at(0, "ExecutionAborted", failure_details(failure.error, failure.cause));
  end_execution(ExecutionStatus::Aborted);
}

void Stepper::timer_fired(std::uint64_t timer_id) {
  if (timer_id == ex_.execution_timer_id) {
    ex_.execution_timer_id = 0;
    ex_.error = "States.Timeout";
    ex_.cause.reset();
    if (ex_.root) abort_frame(*ex_.root, false);
    emit_at(0, "ExecutionTimedOut", failure_details(ex_.error, ex_.cause));
    end_execution(ExecutionStatus::TimedOut);
    return;
  }
  Frame** waiting = ex_.timers.find(timer_id);
  if (!waiting) {
    out_.ignored = true;
    return;
  }
  Frame& frame = **waiting;
  ex_.timers.erase(timer_id);
  if (timer_id == frame.timeout_timer_id) {
    frame.timeout_timer_id = 0;
    task_timed_out(frame, "States.Timeout");
  } else if (timer_id == frame.heartbeat_timer_id) {
    frame.heartbeat_timer_id = 0;
    task_timed_out(frame, "States.HeartbeatTimeout");
  } else if (frame.waiting == Waiting::Retry) {
    frame.timer_id = 0;
    frame.waiting = Waiting::Nothing;
    frame.pending_execute = true;
  } else {
    frame.timer_id = 0;
    wait_over(frame);
  }
  settle(&frame);
}

}  // namespace stepwise::engine::interpreter
