// Common state fields and the simple state types: Pass, Task, Wait, Succeed, Fail.
#include "definitions/parser/state_parser.h"
#include "definitions/resource.h"
#include "definitions/timestamp.h"

namespace stepwise::definitions::parser {
namespace {

void read_transition(Context& ctx, const Where& w, StateCommon& common) {
  common.next = read_string(ctx, w, "Next");
  auto end = read_bool(ctx, w, "End");
  common.end = end.value_or(false);
  const bool has_next = field(w.object, "Next") != nullptr;
  if (has_next && common.end)
    ctx.schema("A state cannot have both 'Next' and 'End': true", w.pointer);
  else if (!has_next && !common.end && !(field(w.object, "End") && !end))  // a non-boolean End is reported above
    ctx.schema("The state must have either 'Next' or 'End': true", w.pointer);
}

void read_jsonata_assign(Context& ctx, const Where& w, StateCommon& common) {
  const Json* assign = field(w.object, "Assign");
  if (!assign) return;
  if (!assign->is_object()) {
    ctx.schema("The value for the field 'Assign' must be a JSON object", w.at("Assign"));
    return;
  }
  check_variable_names(ctx, *assign, w.at("Assign"), false);
  common.assign_raw = *assign;
}

PassState parse_pass(Context& ctx, const Where& w, StateCommon common, QueryLanguage language) {
  PassState s{std::move(common), {}, {}};
  read_result_fields(ctx, w, s.io, language, false);
  if (const Json* result = field(w.object, "Result")) {
    s.result = *result;
    if (result->is_object())
      for (const auto& item : result->items())
        if (is_dynamic_key(item.key()))
          ctx.warn(DiagnosticCode::PassResultIsStatic,
                   "'Result' is static: the field '" + item.key() +
                       "' is not evaluated as a path; use 'Parameters' for dynamic values",
                   pointer_append(w.at("Result"), item.key()));
  }
  return s;
}

// TimeoutSeconds / HeartbeatSeconds: an integer, or (JSONata) an expression; the *Path form in JSONPath.
void read_seconds(Context& ctx, const Where& w, QueryLanguage language, const char* name, const char* path_name,
                  std::optional<std::int64_t>& seconds, std::optional<JsonPath>& path, std::string& jsonata) {
  const Json* v = field(w.object, name);
  if (v && language == QueryLanguage::Jsonata && v->is_string()) {
    if (check_jsonata_string(ctx, w, name)) jsonata = v->get<std::string>();
  } else {
    seconds = read_integer(ctx, w, name, 1, kMaxSeconds);
  }
  if (auto p = read_path(ctx, w, path_name, PathKind::ReferencePath, false)) path = std::move(**p);
  if (v && field(w.object, path_name))
    ctx.schema(std::string("'") + name + "' and '" + path_name + "' cannot both be set", w.at(path_name));
}

TaskState parse_task(Context& ctx, const Where& w, StateCommon common, QueryLanguage language) {
  TaskState s;
  s.common = std::move(common);
  read_result_fields(ctx, w, s.io, language, true);
  if (auto text = read_string(ctx, w, "Resource", true)) {
    auto resource = parse_resource(*text);
    if (resource) {
      s.resource = std::move(resource.value());
      check_integration(ctx, w, s.resource, language);
    } else
      ctx.error(DiagnosticCode::InvalidResource, resource.error().message, w.at("Resource"));
  }
  read_seconds(ctx, w, language, "TimeoutSeconds", "TimeoutSecondsPath", s.timeout_seconds, s.timeout_seconds_path,
               s.timeout_seconds_jsonata);
  read_seconds(ctx, w, language, "HeartbeatSeconds", "HeartbeatSecondsPath", s.heartbeat_seconds,
               s.heartbeat_seconds_path, s.heartbeat_seconds_jsonata);
  // Spec: "If provided, the "HeartbeatSeconds" interval MUST be smaller than the "TimeoutSeconds" value."
  if (s.heartbeat_seconds && s.timeout_seconds && *s.heartbeat_seconds >= *s.timeout_seconds)
    ctx.schema("'HeartbeatSeconds' (" + std::to_string(*s.heartbeat_seconds) +
                   ") must be smaller than 'TimeoutSeconds' (" + std::to_string(*s.timeout_seconds) + ")",
               w.at("HeartbeatSeconds"));
  if (language == QueryLanguage::JsonPath) {
    s.credentials = read_template(ctx, w, "Credentials");
  } else if (const Json* c = field(w.object, "Credentials"); c && !c->is_object()) {
    ctx.schema("The value for the field 'Credentials' must be a JSON object", w.at("Credentials"));
  }
  s.retry = read_retry(ctx, w);
  s.catches = read_catch(ctx, w, language);
  return s;
}

WaitState parse_wait(Context& ctx, const Where& w, StateCommon common, QueryLanguage language) {
  WaitState s;
  s.common = std::move(common);
  int given = 0;
  for (auto name : {"Seconds", "Timestamp", "SecondsPath", "TimestampPath"}) given += field(w.object, name) != nullptr;
  if (given != 1) {
    ctx.schema(given == 0 ? "A Wait state must have one of 'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath'"
                          : "A Wait state must have only one of 'Seconds', 'Timestamp', 'SecondsPath' or "
                            "'TimestampPath'",
               w.pointer);
  }
  if (const Json* v = field(w.object, "Seconds")) {
    if (language == QueryLanguage::Jsonata && v->is_string()) {
      if (check_jsonata_string(ctx, w, "Seconds")) s.seconds_jsonata = v->get<std::string>();
    } else {
      s.seconds = read_integer(ctx, w, "Seconds", 0, kMaxSeconds);
    }
  }
  if (const Json* v = field(w.object, "Timestamp")) {
    if (language == QueryLanguage::Jsonata && is_jsonata_expression(*v)) {
      s.timestamp_jsonata = v->get<std::string>();
    } else if (!v->is_string() || !parse_timestamp(v->get_ref<const std::string&>())) {
      ctx.schema("The value for the field 'Timestamp' must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z",
                 w.at("Timestamp"));
    } else {
      s.timestamp = v->get<std::string>();
    }
  }
  if (auto p = read_path(ctx, w, "SecondsPath", PathKind::ReferencePath, false)) s.seconds_path = std::move(**p);
  if (auto p = read_path(ctx, w, "TimestampPath", PathKind::ReferencePath, false)) s.timestamp_path = std::move(**p);
  return s;
}

// ErrorPath / CausePath: a reference path or an intrinsic function.
void read_fail_path(Context& ctx, const Where& w, const char* name, std::optional<JsonPath>& path,
                    std::optional<IntrinsicCall>& call) {
  const Json* v = field(w.object, name);
  if (!v) return;
  if (v->is_string() && looks_like_intrinsic(v->get_ref<const std::string&>())) {
    auto parsed = parse_intrinsic(v->get_ref<const std::string&>());
    if (parsed) {
      warn_if_wrong_arity(ctx, parsed.value(), w.at(name));
      call = std::move(parsed.value());
    } else
      ctx.schema(std::string("The value for the field '") + name + "' must be a valid intrinsic function call: " +
                     parsed.error().message,
                 w.at(name));
    return;
  }
  if (auto p = read_path(ctx, w, name, PathKind::ReferencePath, false)) path = std::move(**p);
}

FailState parse_fail(Context& ctx, const Where& w, StateCommon common, QueryLanguage language) {
  FailState s;
  s.common = std::move(common);
  s.error = read_string(ctx, w, "Error");
  s.cause = read_string(ctx, w, "Cause");
  if (language == QueryLanguage::JsonPath) {
    warn_if_path_like(ctx, w, "Error", "ErrorPath");
    warn_if_path_like(ctx, w, "Cause", "CausePath");
    read_fail_path(ctx, w, "ErrorPath", s.error_path, s.error_intrinsic);
    read_fail_path(ctx, w, "CausePath", s.cause_path, s.cause_intrinsic);
    if (field(w.object, "Error") && field(w.object, "ErrorPath"))
      ctx.schema("'Error' and 'ErrorPath' cannot both be set", w.at("ErrorPath"));
    if (field(w.object, "Cause") && field(w.object, "CausePath"))
      ctx.schema("'Cause' and 'CausePath' cannot both be set", w.at("CausePath"));
  }
  return s;
}

}  // namespace

void read_common(Context& ctx, const Where& w, StateCommon& common, QueryLanguage language, bool has_transition) {
  common.comment = read_string(ctx, w, "Comment").value_or("");
  common.query_language = language;
  if (has_transition) read_transition(ctx, w, common);
  if (language == QueryLanguage::JsonPath) {
    if (auto p = read_path(ctx, w, "InputPath", PathKind::Path, true)) common.input_path = std::move(*p);
    if (auto p = read_path(ctx, w, "OutputPath", PathKind::Path, true)) common.output_path = std::move(*p);
    common.assign = read_assign(ctx, w);
  } else {
    if (const Json* output = field(w.object, "Output")) common.output = *output;
    read_jsonata_assign(ctx, w, common);
  }
}

void read_result_fields(Context& ctx, const Where& w, ResultFields& io, QueryLanguage language, bool result_selector) {
  if (language == QueryLanguage::JsonPath) {
    io.parameters = read_template(ctx, w, "Parameters");
    if (result_selector) io.result_selector = read_template(ctx, w, "ResultSelector");
    if (auto p = read_path(ctx, w, "ResultPath", PathKind::ResultPath, true)) io.result_path = std::move(*p);
    return;
  }
  if (const Json* args = field(w.object, "Arguments")) {
    if (!args->is_object() && !is_jsonata_expression(*args))
      ctx.schema("The value for the field 'Arguments' must be a JSON object or a JSONata expression",
                 w.at("Arguments"));
    io.arguments = *args;
  }
}

State parse_state(Context& ctx, const std::string& name, const Json& object, const std::string& ptr) {
  StateCommon common;
  common.name = name;
  if (!object.is_object()) {
    ctx.schema("The state '" + name + "' must be a JSON object", ptr);
    return PassState{std::move(common), {}, {}};
  }
  Where w{object, ptr};
  QueryLanguage language = ctx.top_level_language;
  if (auto ql = read_string(ctx, w, "QueryLanguage")) {
    if (*ql == "JSONata") {
      language = QueryLanguage::Jsonata;
    } else if (*ql == "JSONPath") {
      if (ctx.top_level_language == QueryLanguage::Jsonata)
        ctx.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                   w.at("QueryLanguage"));
      language = QueryLanguage::JsonPath;
    } else {
      ctx.schema("The value for the field 'QueryLanguage' must be 'JSONPath' or 'JSONata'", w.at("QueryLanguage"));
    }
  }
  auto type_name = read_string(ctx, w, "Type", true);
  if (!type_name) return PassState{std::move(common), {}, {}};
  auto type = parse_state_type(*type_name);
  if (!type) {
    ctx.schema("The value for the field 'Type' must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map; "
               "not '" + *type_name + "'",
               w.at("Type"));
    return PassState{std::move(common), {}, {}};
  }
  check_state_fields(ctx, *type, language, w);
  if (language == QueryLanguage::Jsonata) check_jsonata_expressions(ctx, w);
  const bool transition = *type != StateType::Choice && *type != StateType::Succeed && *type != StateType::Fail;
  read_common(ctx, w, common, language, transition);
  switch (*type) {
    case StateType::Pass: return parse_pass(ctx, w, std::move(common), language);
    case StateType::Task: return parse_task(ctx, w, std::move(common), language);
    case StateType::Choice: return parse_choice(ctx, w, std::move(common));
    case StateType::Wait: return parse_wait(ctx, w, std::move(common), language);
    case StateType::Succeed: return SucceedState{std::move(common)};
    case StateType::Fail: return parse_fail(ctx, w, std::move(common), language);
    case StateType::Parallel: return parse_parallel(ctx, w, std::move(common));
    case StateType::Map: return parse_map(ctx, w, std::move(common));
  }
  return PassState{std::move(common), {}, {}};
}

}  // namespace stepwise::definitions::parser
