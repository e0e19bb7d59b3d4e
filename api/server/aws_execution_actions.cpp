// AWS actions on executions: StartExecution, StartSyncExecution, DescribeExecution, StopExecution,
// ListExecutions, GetExecutionHistory.
#include "api/server/api_error.h"
#include "api/server/aws_protocol.h"
#include "api/server/aws_shapes.h"

namespace stepwise::api {

namespace {

struct StartRequest {
  std::string machine, name, input;
};

Result<StartRequest> read_start(const Json& body) {
  RequestReader r(body);
  StartRequest out{r.required("stateMachineArn"), r.optional("name").value_or(""), r.optional("input").value_or("{}")};
  if (r.error()) return *r.error();
  return out;
}

Result<Json> start_response(const Result<engine::store::ExecutionRecord>& started) {
  if (!started) return started.error();
  return Json{{"executionArn", started->arn}, {"startDate", epoch_seconds(started->start_micros)}};
}

Result<Json> start_execution(ApiContext& c, const Json& body) {
  auto request = read_start(body);
  if (!request) return request.error();
  return start_response(c.service.start_execution(request->machine, request->name, request->input));
}

Result<Json> start_sync_execution(ApiContext& c, const Json& body) {
  auto request = read_start(body);
  if (!request) return request.error();
  auto machine = c.service.describe_state_machine(request->machine);
  if (!machine) return machine.error();
  if (machine->type != "EXPRESS")
    return make_error("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
  // Express executions last at most five minutes.
  auto done = c.service.run_execution(request->machine, request->name, request->input, std::chrono::minutes(5));
  if (!done) return done.error();
  Json out = aws_describe_execution(*done);
  out.erase("redriveCount");
  out.erase("redriveStatus");
  const std::int64_t stop = done->stop_micros.value_or(done->start_micros);
  out["billingDetails"] = Json{{"billedMemoryUsedInMB", 64},
                               {"billedDurationInMilliseconds", std::max<std::int64_t>(100, (stop - done->start_micros) / 1000)}};
  return out;
}

Result<Json> describe_execution(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto arn = r.required("executionArn");
  if (r.error()) return *r.error();
  auto row = c.service.describe_execution(arn);
  if (!row) return row.error();
  return aws_describe_execution(*row);
}

Result<Json> stop_execution(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto arn = r.required("executionArn");
  const auto error = r.optional("error");
  const auto cause = r.optional("cause");
  if (r.error()) return *r.error();
  auto row = c.service.stop_execution(arn, error, cause);
  if (!row) return row.error();
  return Json{{"stopDate", epoch_seconds(row->stop_micros.value_or(row->start_micros))}};
}

Result<Json> list_executions(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto machine = r.optional("stateMachineArn");
  const auto status = r.optional("statusFilter");
  const auto max = r.count("maxResults", 1000);
  const auto token = r.optional("nextToken");
  if (r.error()) return *r.error();
  if (!machine) return make_error("ValidationException", "Must provide a StateMachine ARN or MapRun ARN");
  engine::store::ExecutionFilter filter{*machine, std::nullopt};
  if (status) {
    filter.status = engine::parse_execution_status(*status);
    if (!filter.status && *status != "PENDING_REDRIVE")
      return make_error("ValidationException", "1 validation error detected: Value '" + *status +
                                                   "' at 'statusFilter' failed to satisfy constraint: Member must "
                                                   "satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, "
                                                   "ABORTED, PENDING_REDRIVE]");
    if (!filter.status) return Json{{"executions", Json::array()}};  // nothing is ever redriven here
  }
  auto page = c.service.list_executions(filter, max, token.value_or(""));
  if (!page) return page.error();
  Json items = Json::array();
  for (const auto& e : page->items) items.push_back(aws_execution_item(e));
  return with_next_token(Json{{"executions", std::move(items)}}, page->next);
}

Result<Json> get_execution_history(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto arn = r.required("executionArn");
  const auto max = r.count("maxResults", 1000);
  const auto token = r.optional("nextToken");
  const bool reverse = r.flag("reverseOrder", false);
  const bool include_data = r.flag("includeExecutionData", true);
  if (r.error()) return *r.error();
  const std::size_t limit = max ? max : 100;
  std::int64_t from = 0;
  if (token) {
    if (token->empty() || token->find_first_not_of("0123456789") != std::string::npos || token->size() > 18)
      return make_error("InvalidToken", "Invalid Token: '" + *token + "' is not a nextToken this call gave");
    from = std::stoll(*token);
  }
  auto events = c.service.history(arn, from, limit, reverse);
  if (!events) return events.error();
  Json items = Json::array();
  for (const auto& e : *events) items.push_back(aws_history_event(e, include_data));
  std::string next;
  if (events->size() == limit) {
    auto more = c.service.history(arn, events->back().id, 1, reverse);
    if (!more) return more.error();
    if (!more->empty()) next = std::to_string(events->back().id);
  }
  return with_next_token(Json{{"events", std::move(items)}}, next);
}

}  // namespace

void aws_start_execution_async(ApiContext& c, const Json& body, std::function<void(Result<Json>)> done) {
  auto request = read_start(body);
  if (!request) return done(request.error());
  c.service.start_execution_async(request->machine, request->name, request->input, "",
                                  [done = std::move(done)](Result<engine::store::ExecutionRecord> started) {
                                    done(start_response(started));
                                  });
}

std::optional<Result<Json>> aws_execution_action(ApiContext& c, const std::string& action, const Json& body) {
  if (action == "StartExecution") return start_execution(c, body);
  if (action == "StartSyncExecution") return start_sync_execution(c, body);
  if (action == "DescribeExecution") return describe_execution(c, body);
  if (action == "StopExecution") return stop_execution(c, body);
  if (action == "ListExecutions") return list_executions(c, body);
  if (action == "GetExecutionHistory") return get_execution_history(c, body);
  return std::nullopt;
}

}  // namespace stepwise::api
