// The Task state: scheduling, its result or error, timeouts and heartbeats, and the history
// events of the resource's family (LambdaFunction*, Activity* or Task*).
#include <cmath>

#include "engine/interpreter.h"
#include "engine/interpreter/data_flow.h"
#include "engine/interpreter/stepper.h"

namespace stepwise::engine::interpreter {

using namespace definitions;

namespace {

enum class Family { Lambda, Activity, Task };

Family family_of(const Resource& r) {
  if (r.local) return Family::Task;
  if (r.service == "lambda") return Family::Lambda;
  if (r.service == "states" && !r.region.empty()) return Family::Activity;
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

// resourceType and resource of the Task* events: "lambda" / "invoke.waitForTaskToken",
// "aws-sdk:s3" / "getObject", and for Stepwise's local form "local" / NAME.
std::pair<std::string, std::string> resource_parts(const Resource& r) {
  if (r.local) return {"local", r.resource};
  const std::string& s = r.resource;
  auto split = s.rfind("aws-sdk:", 0) == 0 ? s.find(':', 8) : s.find(':');
  if (split == std::string::npos) return {s, std::string()};
  return {s.substr(0, split), s.substr(split + 1)};
}

Json task_base(const Resource& r) {
  auto [type, name] = resource_parts(r);
  Json d = Json::object();
  d["resourceType"] = type;
  d["resource"] = name;
  return d;
}

// A positive integer from TimeoutSecondsPath / HeartbeatSecondsPath.
Result<std::optional<std::int64_t>> seconds_from(const std::optional<std::int64_t>& literal,
                                                 const std::optional<JsonPath>& path, const char* field,
                                                 const Json& input, const PathScope& scope) {
  if (literal) return std::optional<std::int64_t>(*literal);
  if (!path) return std::optional<std::int64_t>();
  const Json* value = path->find(input, scope);
  if (!value)
    return invalid_path_error(*path);
  if (value->is_number_integer() && value->get<std::int64_t>() > 0)
    return std::optional<std::int64_t>(value->get<std::int64_t>());
  if (value->is_number_float() && value->get<double>() >= 1 && std::floor(value->get<double>()) == value->get<double>())
    return std::optional<std::int64_t>(static_cast<std::int64_t>(value->get<double>()));
  return make_error("States.Runtime", std::string("The value of the field '") + field +
                                          "' must be a positive integer, but was " + value->dump());
}

}  // namespace

void Stepper::run_task(Frame& frame, const TaskState& state) {
  const bool wants_token = state.resource.pattern == IntegrationPattern::WaitForTaskToken;
  frame.task_token = env_.new_task_token();
  Scope scope(ex_, frame, uses_context(*frame.state), wants_token ? &frame.task_token : nullptr);
  auto effective = apply_filter_path(state.common.input_path, frame.input, scope.paths());
  if (!effective) return runtime_failure(frame, effective.error());
  auto timeout = seconds_from(state.timeout_seconds, state.timeout_seconds_path, "TimeoutSecondsPath",
                              effective.value(), scope.paths());
  if (!timeout) return runtime_failure(frame, timeout.error());
  auto heartbeat = seconds_from(state.heartbeat_seconds, state.heartbeat_seconds_path, "HeartbeatSecondsPath",
                                effective.value(), scope.paths());
  if (!heartbeat) return runtime_failure(frame, heartbeat.error());
  if (state.io.parameters) {
    effective = state.io.parameters->evaluate(effective.value(), scope.paths(), env_);
    if (!effective) return runtime_failure(frame, effective.error());
  }

  TaskRequest request;
  request.id = ex_.next_id++;
  request.token = frame.task_token;
  request.state_name = state.common.name;
  request.resource = state.resource;
  request.timeout_seconds = timeout.value();
  request.heartbeat_seconds = heartbeat.value();

  const Family family = family_of(state.resource);
  Json scheduled = Json::object();
  if (family == Family::Task) {
    scheduled = task_base(state.resource);
    scheduled["region"] = state.resource.region.empty() ? "us-east-1" : state.resource.region;
    scheduled["parameters"] = ex_.record_payloads ? effective.value().dump() : std::string();
  } else {
    scheduled["resource"] = state.resource.text;
    scheduled["input"] = ex_.record_payloads ? effective.value().dump() : std::string();
    scheduled["inputDetails"] = Json{{"truncated", false}};
  }
  if (request.timeout_seconds) scheduled["timeoutInSeconds"] = *request.timeout_seconds;
  if (request.heartbeat_seconds) scheduled["heartbeatInSeconds"] = *request.heartbeat_seconds;
  emit(frame, event_name(family, TaskEvent::Scheduled), std::move(scheduled));
  emit(frame, event_name(family, TaskEvent::Started), family == Family::Task ? task_base(state.resource) : Json());

  request.input = std::move(effective.value());
  frame.task_id = request.id;
  frame.waiting = Waiting::Task;
  ex_.tasks[request.id] = &frame;
  const std::int64_t now = env_.now_micros();
  if (request.timeout_seconds) set_timer(&frame, frame.timeout_timer_id, now + *request.timeout_seconds * 1000000);
  if (request.heartbeat_seconds) {
    frame.heartbeat_seconds = *request.heartbeat_seconds;
    set_timer(&frame, frame.heartbeat_timer_id, now + *request.heartbeat_seconds * 1000000);
  }
  out_.tasks.push_back(std::move(request));
}

// The attempt is over: forget its id and its timers. Returns the resource fields that open the
// details of its closing event (Task* events only).
Json Stepper::end_task(Frame& frame) {
  const auto& state = std::get<TaskState>(*frame.state);
  ex_.tasks.erase(frame.task_id);
  frame.task_id = 0;
  frame.waiting = Waiting::Nothing;
  cancel_timer(frame.timeout_timer_id);
  cancel_timer(frame.heartbeat_timer_id);
  return family_of(state.resource) == Family::Task ? task_base(state.resource) : Json::object();
}

void Stepper::task_succeeded(Frame& frame, Json output) {
  const auto& state = std::get<TaskState>(*frame.state);
  Json details = end_task(frame);
  std::string text = ex_.record_payloads ? output.dump() : std::string();
  const std::size_t size = ex_.record_payloads ? text.size() : json_text_size(output);
  details["output"] = std::move(text);
  details["outputDetails"] = Json{{"truncated", false}};
  emit(frame, event_name(family_of(state.resource), TaskEvent::Succeeded), std::move(details));
  if (size > kMaxPayloadBytes) {
    runtime_failure(frame, data_limit_error(state.common.name));
  } else {
    complete_with_result(frame, std::move(output), state.io, state.common);
  }
  settle(&frame);
}

void Stepper::task_failed(Frame& frame, Failure failure) {
  const auto& state = std::get<TaskState>(*frame.state);
  Json details = end_task(frame);
  if (!failure.error.empty()) details["error"] = failure.error;
  if (failure.cause) details["cause"] = *failure.cause;
  emit(frame, event_name(family_of(state.resource), TaskEvent::Failed), std::move(details));
  state_error(frame, std::move(failure));
  settle(&frame);
}

void Stepper::task_heartbeat(Frame& frame) {
  if (!frame.heartbeat_timer_id) return;
  cancel_timer(frame.heartbeat_timer_id);
  set_timer(&frame, frame.heartbeat_timer_id, env_.now_micros() + frame.heartbeat_seconds * 1000000);
}

void Stepper::task_timed_out(Frame& frame, const std::string& error) {
  const auto& state = std::get<TaskState>(*frame.state);
  out_.cancelled_tasks.push_back(frame.task_id);
  Json details = end_task(frame);
  details["error"] = error;
  emit(frame, event_name(family_of(state.resource), TaskEvent::TimedOut), std::move(details));
  state_error(frame, Failure{error, std::nullopt});
}

void Stepper::complete_with_result(Frame& frame, Json result, const ResultFields& io, const StateCommon& common) {
  Scope scope = scope_for(frame);
  Json assigned;
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
  auto merged = apply_result_path(io.result_path, frame.input, std::move(result));
  if (!merged) return state_error(frame, Failure{merged.error().code, merged.error().message});
  auto output = apply_filter_path(common.output_path, std::move(merged.value()), scope.paths());
  if (!output) return runtime_failure(frame, output.error());
  finish_state(frame, std::move(output.value()), std::move(assigned), common.next);
}

}  // namespace stepwise::engine::interpreter
