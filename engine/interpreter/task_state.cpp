// The Task state: scheduling, its result or error, timeouts and heartbeats, and the history
// events of the resource's family (LambdaFunction*, Activity* or Task*).
#include <algorithm>
#include <cmath>

#include "engine/interpreter.h"
#include "engine/interpreter/data_flow.h"
#include "engine/interpreter/stepper.h"

namespace stepwise::engine::interpreter {

using namespace definitions;

namespace {

enum class Family { Lambda, Activity, Task };

Family family_of(const Resource& r) {
  using namespace std::string_view_literals;
  if (r.local) return Family::Task;
  if (r.service == "lambda"sv) return Family::Lambda;
  if (r.service == "states"sv && !r.region.empty()) return Family::Activity;
  return Family::Task;
}

enum class TaskEvent { Scheduled, Started, Succeeded, Failed, TimedOut };

// "LambdaFunctionScheduled", "ActivityFailed", "TaskTimedOut", ...
const char* event_name(Family f, TaskEvent e) {
  static const char* const kNames[3][5] = {
      {"LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "LambdaFunctionFailed",
       "LambdaFunctionTimedOut"},
      {"ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "ActivityFailed", "ActivityTimedOut"},
      {"TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskFailed", "TaskTimedOut"}};
  return kNames[static_cast<int>(f)][static_cast<int>(e)];
}

// A positive integer from TimeoutSecondsPath / HeartbeatSecondsPath.
Result<std::int64_t> seconds_from(const std::optional<JsonPath>& path, const char* field, const Json& input,
                                  const PathScope& scope) {
  const Json* value = path->find(input, scope);
  if (!value)
    return invalid_path_error(*path);
  if (value->is_number_integer() && value->get<std::int64_t>() > 0)
    return value->get<std::int64_t>();
  if (value->is_number_float() && value->get<double>() >= 1 && std::floor(value->get<double>()) == value->get<double>())
    return static_cast<std::int64_t>(value->get<double>());
  return make_error("States.Runtime", std::string("The value of the field '") + field +
                                          "' must be a positive integer, but was " + value->dump());
}

}  // namespace

void Stepper::run_task(Frame& frame, const TaskState& state) {
  const bool wants_token = state.resource.pattern == IntegrationPattern::WaitForTaskToken;
  TaskRequest request;
  // The token is made when something needs it: the parameters ($$.Task.Token), the worker.
  if (wants_token) request.token = env_.new_task_token();
  // The raw input is kept for ResultPath merges, Catch ResultPath and retries; otherwise it moves.
  const bool keep_raw = keeps_raw_input(state.io.result_path) || !state.retry.empty() || !state.catches.empty();
  Json effective = keep_raw ? Json(frame.input) : std::move(frame.input);
  // Straight from the state into the request: see Stepper::goto_state on copying std::optional.
  request.timeout_seconds = state.timeout_seconds;
  request.heartbeat_seconds = state.heartbeat_seconds;
  std::optional<std::int64_t>& timeout_seconds = request.timeout_seconds;
  std::optional<std::int64_t>& heartbeat_seconds = request.heartbeat_seconds;
  // Paths and templates to evaluate (most tasks have none: then no scope is made).
  if (!is_whole_input(state.common.input_path) || state.io.parameters || (!timeout_seconds && state.timeout_seconds_path) ||
      (!heartbeat_seconds && state.heartbeat_seconds_path)) {
    Scope scope(ex_, frame, frame.machine->reads_context(*frame.state), wants_token ? &request.token : nullptr);
    if (auto e = filter_path(state.common.input_path, effective, scope.paths())) return runtime_failure(frame, *e);
    if (!timeout_seconds && state.timeout_seconds_path) {
      auto timeout = seconds_from(state.timeout_seconds_path, "TimeoutSecondsPath", effective, scope.paths());
      if (!timeout) return runtime_failure(frame, timeout.error());
      timeout_seconds = timeout.value();
    }
    if (!heartbeat_seconds && state.heartbeat_seconds_path) {
      auto heartbeat = seconds_from(state.heartbeat_seconds_path, "HeartbeatSecondsPath", effective, scope.paths());
      if (!heartbeat) return runtime_failure(frame, heartbeat.error());
      heartbeat_seconds = heartbeat.value();
    }
    if (state.io.parameters) {
      auto parameters = state.io.parameters->evaluate(effective, over_input(scope, frame, state.common.input_path), env_);
      if (!parameters) return runtime_failure(frame, parameters.error());
      effective = std::move(parameters.value());
    }
  }

  request.id = ex_.next_id++;
  request.state_name = state.common.name;
  request.resource = &state.resource;

  const Family family = family_of(state.resource);
  frame.task_family = static_cast<int>(family);  // for the attempt's closing event
  HistoryEvent& scheduled = emit(frame, event_name(family, TaskEvent::Scheduled));
  scheduled.data = family == Family::Task ? HistoryEvent::Data::Parameters : HistoryEvent::Data::Input;
  // The task's input as it came, when nothing changed it: as the caller wrote it, if known.
  const bool verbatim = frame.input_text && !state.io.parameters && is_whole_input(state.common.input_path);
  if (ex_.record_payloads) scheduled.payload = verbatim ? *frame.input_text : effective.dump();
  if (request.timeout_seconds || request.heartbeat_seconds) {
    scheduled.details = Json::object();
    if (request.timeout_seconds) scheduled.details["timeoutInSeconds"] = *request.timeout_seconds;
    if (request.heartbeat_seconds) scheduled.details["heartbeatInSeconds"] = *request.heartbeat_seconds;
  }
  frame.task_started = !(family == Family::Activity && ex_.activity_started_on_pickup);
  if (frame.task_started) emit(frame, event_name(family, TaskEvent::Started));

  request.input = std::move(effective);
  frame.task_id = request.id;
  frame.waiting = Waiting::Task;
  const std::int64_t now = now_;
  if (request.timeout_seconds) set_timer(&frame, frame.timeout_timer_id, now + *request.timeout_seconds * 1000000);
  if (request.heartbeat_seconds) {
    frame.heartbeat_seconds = *request.heartbeat_seconds;
    set_timer(&frame, frame.heartbeat_timer_id, now + *request.heartbeat_seconds * 1000000);
  }
  // Only in the top frame: a branch's or iteration's task waits its turn, so that its siblings
  // start (and schedule their tasks) before any result comes, as they do on AWS. And not once a
  // timer this step set is due (in real time): the step ends so that the driver can fire it.
  const bool timer_due = std::any_of(out_.timers.begin(), out_.timers.end(),
                                     [&](const TimerRequest& timer) { return timer.due_micros <= now_; });
  if (!frame.parent && !timer_due && env_.run_task_now(request, answered_)) {
    now_ = env_.now_micros();
    answered_frame_ = &frame;  // Stepper::run applies it when this returns
    return;
  }
  if (request.token.empty()) request.token = env_.new_task_token();
  ex_.tasks[request.id] = &frame;  // where its result goes when it comes back
  out_.tasks.push_back(std::move(request));
}

// The attempt is over: forget its id and its timers, and record its closing event.
HistoryEvent& Stepper::end_task(Frame& frame, int event) {
  ex_.tasks.erase(frame.task_id);
  frame.task_id = 0;
  frame.waiting = Waiting::Nothing;
  if (frame.timeout_timer_id) cancel_timer(frame.timeout_timer_id);
  if (frame.heartbeat_timer_id) cancel_timer(frame.heartbeat_timer_id);
  return emit(frame, event_name(static_cast<Family>(frame.task_family), static_cast<TaskEvent>(event)));
}

void Stepper::task_succeeded(Frame& frame, Json output) {
  apply_task_success(frame, std::move(output));
  settle(&frame);
}

void Stepper::task_failed(Frame& frame, Failure failure) {
  apply_task_failure(frame, std::move(failure));
  settle(&frame);
}

void Stepper::apply_task_outcome(Frame& frame, TaskOutcome&& outcome) {
  if (outcome.succeeded) apply_task_success(frame, std::move(outcome.output));
  else apply_task_failure(frame, Failure{std::move(outcome.error), std::move(outcome.cause)});
}

void Stepper::apply_task_success(Frame& frame, Json output) {
  const auto& state = std::get<TaskState>(*frame.state);
  std::string text;
  std::size_t size;
  if (ex_.record_payloads) {
    text = output.dump();
    size = text.size();
  } else {
    size = json_text_size(output);
  }
  if (size > kMaxPayloadBytes) {
    // Recorded on AWS: the task fails (TaskFailed, LambdaFunctionFailed, ...), a state error that
    // Retry and Catch see (States.ALL included). The cause names a Lambda or activity task by its
    // Resource and a service integration by its type ("lambda" for lambda:invoke).
    const Family family = family_of(state.resource);
    const std::string& task = family == Family::Task && !state.resource.local ? resource_type_of(state.resource)
                                                                               : state.resource.text;
    return apply_task_failure(frame, Failure{"States.DataLimitExceeded", data_limit_error(task).message});
  }
  HistoryEvent& event = end_task(frame, static_cast<int>(TaskEvent::Succeeded));
  event.data = HistoryEvent::Data::Output;
  if (ex_.record_payloads) event.payload = std::move(text);
  const KnownText known{size, event.id};
  complete_with_result(frame, std::move(output), state.io, state.common, &known);
}

void Stepper::apply_task_failure(Frame& frame, Failure failure) {
  HistoryEvent& event = end_task(frame, static_cast<int>(TaskEvent::Failed));
  event.details = Json::object();
  if (!failure.error.empty()) event.details["error"] = failure.error;
  if (failure.cause) event.details["cause"] = *failure.cause;
  state_error(frame, std::move(failure));
}

void Stepper::task_heartbeat(Frame& frame) {
  if (!frame.heartbeat_timer_id) return;
  cancel_timer(frame.heartbeat_timer_id);
  set_timer(&frame, frame.heartbeat_timer_id, now_ + frame.heartbeat_seconds * 1000000);
}

bool Stepper::task_started(Frame& frame, const std::string& worker) {
  if (frame.task_started) return false;
  frame.task_started = true;
  HistoryEvent& event = emit(frame, event_name(Family::Activity, TaskEvent::Started));
  // AWS: activityStartedEventDetails {"workerName"}; the field is absent when none was given.
  if (!worker.empty()) event.details = Json{{"workerName", worker}};
  return true;
}

void Stepper::task_timed_out(Frame& frame, const std::string& error) {
  out_.cancelled_tasks.push_back(frame.task_id);
  HistoryEvent& event = end_task(frame, static_cast<int>(TaskEvent::TimedOut));
  event.details = Json{{"error", error}};
  state_error(frame, Failure{error, std::nullopt});
}

void Stepper::complete_with_result(Frame& frame, Json result, const ResultFields& io, const StateCommon& common,
                                   const KnownText* known) {
  // The output is the result as it came when nothing selected from it or merged it.
  const bool whole = !io.result_selector && io.result_path && io.result_path->is_root() &&
                     is_whole_input(common.output_path);
  Json assigned;
  if (whole && !common.assign) {  // nothing to evaluate: no scope needed
    finish_state(frame, std::move(result), std::move(assigned), frame.machine->next_of(*frame.state), known);
    return;
  }
  Scope scope = scope_for(frame);
  if (common.assign) {
    auto values = common.assign->evaluate(result, scope.paths(), env_);
    if (!values) return runtime_failure(frame, values.error());
    assigned = std::move(values.value());
  }
  if (io.result_selector) {
    auto selected = io.result_selector->evaluate(result, scope.paths(), env_);
    if (!selected) return runtime_failure(frame, selected.error());
    result = std::move(selected.value());
  }
  if (auto e = merge_result(io.result_path, frame.input, result, frame.input_text.get())) return state_error(frame, Failure{e->code, e->message});
  if (auto e = filter_path(common.output_path, result, scope.paths())) return runtime_failure(frame, *e);
  finish_state(frame, std::move(result), std::move(assigned), frame.machine->next_of(*frame.state),
               whole ? known : nullptr);
}

}  // namespace stepwise::engine::interpreter
