// Pass, Choice, Wait, Succeed and Fail: the states that need nothing from outside (a Wait only a
// timer).
#include <cmath>

#include "definitions/timestamp.h"
#include "engine/interpreter/choice_evaluation.h"
#include "engine/interpreter/data_flow.h"
#include "engine/interpreter/stepper.h"

namespace stepwise::engine::interpreter {

using namespace definitions;

namespace {

// How AWS quotes a Wait path's bad value in its cause: "$.at == tomorrow" (a string as it is,
// anything else as JSON), as recorded on AWS for TimestampPath.
std::string path_equals(const JsonPath& path, const Json& value) {
  return path.text() + " == " + (value.is_string() ? value.get_ref<const std::string&>() : value.dump());
}

// Assign is evaluated against the state's result ($) before anything is assigned: every
// expression sees the variables as they were when the state started.
std::optional<Error> evaluate_assign(const std::optional<PayloadTemplate>& assign, const Json& value,
                                     const Scope& scope, IntrinsicEnv& env, Json& assigned) {
  if (!assign) return std::nullopt;
  auto values = assign->evaluate(value, scope.paths(), env);
  if (!values) return values.error();
  assigned = std::move(values.value());
  return std::nullopt;
}

}  // namespace

void Stepper::run_pass(Frame& frame, const PassState& state) {
  Scope scope = scope_for(frame);
  Json value = keeps_raw_input(state.io.result_path) ? Json(frame.input) : std::move(frame.input);
  if (auto e = filter_path(state.common.input_path, value, scope.paths())) return runtime_failure(frame, *e);
  if (state.io.parameters) {
    auto parameters = state.io.parameters->evaluate(value, over_input(scope, frame, state.common.input_path), env_);
    if (!parameters) return runtime_failure(frame, parameters.error());
    value = std::move(parameters.value());
  }
  if (state.result) value = *state.result;
  Json assigned;
  if (auto e = evaluate_assign(state.common.assign, value, scope, env_, assigned)) return runtime_failure(frame, *e);
  if (auto e = merge_result(state.io.result_path, frame.input, value, frame.input_text.get())) return runtime_failure(frame, *e);
  if (auto e = filter_path(state.common.output_path, value, scope.paths())) return runtime_failure(frame, *e);
  const bool unchanged = !state.io.parameters && !state.result && is_whole_input(state.common.input_path) &&
                         is_whole_input(state.common.output_path) &&
                         (!state.io.result_path || state.io.result_path->is_root());
  KnownText text;
  finish_state(frame, std::move(value), std::move(assigned), frame.machine->next_of(*frame.state),
               unchanged ? input_text(frame, text) : nullptr);
}

void Stepper::run_choice(Frame& frame, const ChoiceState& state) {
  Scope scope = scope_for(frame);
  Json value = std::move(frame.input);
  if (auto e = filter_path(state.common.input_path, value, scope.paths())) return runtime_failure(frame, *e);
  const ChoiceRule* matched = nullptr;
  for (const auto& rule : state.choices) {
    auto result = evaluate_choice_rule(rule, value, scope.paths());
    if (!result) return runtime_failure(frame, result.error());
    if (result.value()) {
      matched = &rule;
      break;
    }
  }
  const State* next = nullptr;
  const std::optional<PayloadTemplate>* assign = &state.common.assign;
  if (matched) {
    next = frame.machine->find(*matched->next);
    assign = &matched->assign;
  } else if (state.default_next) {
    next = frame.machine->find(*state.default_next);
  } else {
    // Measured on AWS: no matching rule and no Default fails the execution with States.Runtime.
    return runtime_failure(frame, make_error("States.Runtime",
                                             "Failed to transition out of the state. The state does not point to a "
                                             "next state."));
  }
  Json assigned;
  if (auto e = evaluate_assign(*assign, value, scope, env_, assigned)) return runtime_failure(frame, *e);
  if (auto e = filter_path(state.common.output_path, value, scope.paths())) return runtime_failure(frame, *e);
  const bool unchanged = is_whole_input(state.common.input_path) && is_whole_input(state.common.output_path);
  KnownText text;
  finish_state(frame, std::move(value), std::move(assigned), next, unchanged ? input_text(frame, text) : nullptr);
}

void Stepper::run_wait(Frame& frame, const WaitState& state) {
  Scope scope = scope_for(frame);
  Json effective = std::move(frame.input);
  if (auto e = filter_path(state.common.input_path, effective, scope.paths())) return runtime_failure(frame, *e);
  std::int64_t due = frame.entered_micros;
  if (state.seconds) {
    due += *state.seconds * 1000000;
  } else if (state.timestamp) {
    due = parse_timestamp(*state.timestamp).value_or(due);
  } else if (state.seconds_path) {
    const Json* value = state.seconds_path->find(effective, scope.paths());
    if (!value)
      return runtime_failure(frame, invalid_path_error(*state.seconds_path));
    std::optional<std::int64_t> seconds;
    if (value->is_number_integer()) seconds = value->get<std::int64_t>();
    else if (value->is_number_float() && std::floor(value->get<double>()) == value->get<double>())
      seconds = static_cast<std::int64_t>(value->get<double>());
    if (!seconds)
      return runtime_failure(frame, make_error("States.Runtime", "The SecondsPath parameter cannot be parsed as a long "
                                                                 "value: " + path_equals(*state.seconds_path, *value)));
    if (*seconds < 0)
      return runtime_failure(frame, make_error("States.Runtime", "The SecondsPath parameter references a negative "
                                                                 "value: " + path_equals(*state.seconds_path, *value)));
    due += *seconds * 1000000;
  } else if (state.timestamp_path) {
    const Json* value = state.timestamp_path->find(effective, scope.paths());
    if (!value)
      return runtime_failure(frame, invalid_path_error(*state.timestamp_path));
    std::optional<std::int64_t> at;
    if (value->is_string()) at = parse_timestamp(value->get_ref<const std::string&>());
    if (!at)
      return runtime_failure(frame, make_error("States.Runtime",
                                               "The TimestampPath parameter does not reference a valid ISO-8601 "
                                               "extended offset date-time format string: " +
                                                   path_equals(*state.timestamp_path, *value)));
    due = *at;
  }
  frame.effective = std::move(effective);
  frame.waiting = Waiting::Timer;
  set_timer(&frame, frame.timer_id, due);
}

void Stepper::wait_over(Frame& frame) {
  const auto& state = std::get<WaitState>(*frame.state);
  frame.waiting = Waiting::Nothing;
  Scope scope = scope_for(frame);
  Json assigned;
  if (auto e = evaluate_assign(state.common.assign, frame.effective, scope, env_, assigned))
    return runtime_failure(frame, *e);
  Json value = std::move(frame.effective);
  if (auto e = filter_path(state.common.output_path, value, scope.paths())) return runtime_failure(frame, *e);
  const bool unchanged = is_whole_input(state.common.input_path) && is_whole_input(state.common.output_path);
  KnownText text;
  finish_state(frame, std::move(value), std::move(assigned), frame.machine->next_of(*frame.state),
               unchanged ? input_text(frame, text) : nullptr);
}

void Stepper::run_succeed(Frame& frame, const SucceedState& state) {
  Scope scope = scope_for(frame);
  Json value = std::move(frame.input);
  if (auto e = filter_path(state.common.input_path, value, scope.paths())) return runtime_failure(frame, *e);
  if (auto e = filter_path(state.common.output_path, value, scope.paths())) return runtime_failure(frame, *e);
  const bool unchanged = is_whole_input(state.common.input_path) && is_whole_input(state.common.output_path);
  KnownText text;
  finish_state(frame, std::move(value), Json(), nullptr, unchanged ? input_text(frame, text) : nullptr);
}

namespace {

// ErrorPath / CausePath: a reference path or an intrinsic, which must give a string.
Result<std::optional<std::string>> fail_field(const std::optional<std::string>& literal,
                                              const std::optional<JsonPath>& path,
                                              const std::optional<IntrinsicCall>& call, const char* field,
                                              const Json& input, const PathScope& paths, IntrinsicEnv& env) {
  if (literal) return std::optional<std::string>(*literal);
  Json value;
  if (path) {
    auto found = path->evaluate(input, paths);
    if (!found)
      return make_error("States.Runtime", "The JSONPath '" + path->text() + "' specified for the field '" + field +
                                              "' could not be found in the input '" +
                                              quoted_input(input, paths) + "'");
    value = std::move(found.value());
  } else if (call) {
    auto computed = evaluate_intrinsic(*call, input, paths, env);
    if (!computed) return computed.error();
    value = std::move(computed.value());
  } else {
    return std::optional<std::string>();
  }
  if (!value.is_string())
    return make_error("States.Runtime", std::string("The value of the field '") + field +
                                            "' must be a string, but was " + value.dump());
  return std::optional<std::string>(value.get<std::string>());
}

}  // namespace

void Stepper::run_fail(Frame& frame, const FailState& state) {
  Scope scope = scope_for(frame);
  const PathScope paths = over_input(scope, frame, state.common.input_path);  // always "$": Fail has no InputPath
  auto error = fail_field(state.error, state.error_path, state.error_intrinsic, "ErrorPath", frame.input, paths, env_);
  if (!error) return runtime_failure(frame, error.error());
  auto cause = fail_field(state.cause, state.cause_path, state.cause_intrinsic, "CausePath", frame.input, paths, env_);
  if (!cause) return runtime_failure(frame, cause.error());
  frame.status = FrameStatus::Failed;
  frame.error = error.value().value_or("");
  frame.cause = std::move(cause.value());
}

}  // namespace stepwise::engine::interpreter
