// AWS actions for workers and resources: activities (Create, Describe, List, Delete,
// GetActivityTask), task results by token (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat),
// and tags.
#include "api/server/api_error.h"
#include "api/server/aws_protocol.h"
#include "api/server/task_reports.h"
#include "api/server/aws_shapes.h"

namespace stepwise::api {

namespace {

Result<Json> empty_or(const Result<bool>& r) {
  if (!r) return r.error();
  return Json::object();
}

// The one ARN member an action reads, or the validation error.
Result<std::string> arn_member(const Json& body, const char* member) {
  RequestReader r(body);
  auto arn = r.required(member);
  if (r.error()) return *r.error();
  return arn;
}

Result<Json> create_activity(ApiContext& c, const Json& body) {
  auto name = arn_member(body, "name");
  if (!name) return name.error();
  auto record = c.service.create_activity(*name);
  if (!record) return record.error();
  return Json{{"activityArn", record->arn}, {"creationDate", epoch_seconds(record->created_micros)}};
}

Result<Json> describe_activity(ApiContext& c, const Json& body) {
  auto arn = arn_member(body, "activityArn");
  if (!arn) return arn.error();
  auto record = c.service.describe_activity(*arn);
  if (!record) return record.error();
  return aws_activity(*record);
}

Result<Json> list_activities(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto max = r.count("maxResults", 1000);
  const auto token = r.optional("nextToken");
  if (r.error()) return *r.error();
  auto page = c.service.list_activities(max, token.value_or(""));
  if (!page) return page.error();
  Json items = Json::array();
  for (const auto& a : page->items) items.push_back(aws_activity(a));
  return with_next_token(Json{{"activities", std::move(items)}}, page->next);
}

Result<Json> delete_activity(ApiContext& c, const Json& body) {
  auto arn = arn_member(body, "activityArn");
  if (!arn) return arn.error();
  return empty_or(c.service.delete_activity(*arn));
}

// Long poll: waits (on a condition, up to 60 s) for a task of the activity's function queue.
Result<Json> get_activity_task(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto arn = r.required("activityArn");
  const auto worker = r.optional("workerName");
  if (r.error()) return *r.error();
  auto activity = c.service.describe_activity(arn);
  if (!activity) return activity.error();
  auto task = c.queues.poll(activity->name, c.max_poll, [&](const workers::QueuedTask& t) {
    return c.service.task_picked_up(t.token, worker.value_or(""));
  });
  if (!task) return Json::object();
  return Json{{"taskToken", task->token}, {"input", task->input}};
}

Result<Json> send_task_success(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto token = r.required("taskToken");
  const auto output = r.required("output");
  if (r.error()) return *r.error();
  return empty_or(report_task_success(c, token, output));
}

Result<Json> send_task_failure(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto token = r.required("taskToken");
  const auto error = r.optional("error");
  const auto cause = r.optional("cause");
  if (r.error()) return *r.error();
  return empty_or(report_task_failure(c, token, error.value_or(""), cause.value_or("")));
}

Result<Json> send_task_heartbeat(ApiContext& c, const Json& body) {
  auto token = arn_member(body, "taskToken");
  if (!token) return token.error();
  return empty_or(c.service.send_task_heartbeat(*token));
}

Result<Json> tag_resource(ApiContext& c, const Json& body) {
  auto arn = arn_member(body, "resourceArn");
  if (!arn) return arn.error();
  auto tags = read_tags(body);
  if (!tags) return tags.error();
  return empty_or(c.service.tag_resource(*arn, *tags));
}

Result<Json> untag_resource(ApiContext& c, const Json& body) {
  auto arn = arn_member(body, "resourceArn");
  if (!arn) return arn.error();
  std::vector<std::string> keys;
  auto list = body.find("tagKeys");
  if (list == body.end() || !list->is_array())
    return make_error("ValidationException", "1 validation error detected: Value null at 'tagKeys' failed to "
                                             "satisfy constraint: Member must not be null");
  for (const auto& k : *list) {
    if (!k.is_string()) return make_error("ValidationException", "every entry of 'tagKeys' must be a string");
    keys.push_back(k.get<std::string>());
  }
  return empty_or(c.service.untag_resource(*arn, keys));
}

Result<Json> list_tags(ApiContext& c, const Json& body) {
  auto arn = arn_member(body, "resourceArn");
  if (!arn) return arn.error();
  auto tags = c.service.list_tags(*arn);
  if (!tags) return tags.error();
  Json items = Json::array();
  for (const auto& t : *tags) items.push_back(Json{{"key", t.key}, {"value", t.value}});
  return Json{{"tags", std::move(items)}};
}

}  // namespace

std::optional<Result<Json>> aws_task_action(ApiContext& c, const std::string& action, const Json& body) {
  if (action == "CreateActivity") return create_activity(c, body);
  if (action == "DescribeActivity") return describe_activity(c, body);
  if (action == "ListActivities") return list_activities(c, body);
  if (action == "DeleteActivity") return delete_activity(c, body);
  if (action == "GetActivityTask") return get_activity_task(c, body);
  if (action == "SendTaskSuccess") return send_task_success(c, body);
  if (action == "SendTaskFailure") return send_task_failure(c, body);
  if (action == "SendTaskHeartbeat") return send_task_heartbeat(c, body);
  if (action == "TagResource") return tag_resource(c, body);
  if (action == "UntagResource") return untag_resource(c, body);
  if (action == "ListTagsForResource") return list_tags(c, body);
  return std::nullopt;
}

}  // namespace stepwise::api
