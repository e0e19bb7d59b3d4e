// AWS actions on state machines: Create, Update, Describe, DescribeForExecution, Delete, List,
// ValidateStateMachineDefinition.
#include "api/server/api_error.h"
#include "api/server/aws_protocol.h"
#include "api/server/aws_shapes.h"
#include "api/validation_response.h"
#include "definitions/parse.h"

namespace stepwise::api {

namespace {

Result<Json> create_state_machine(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto name = r.required("name");
  const auto definition = r.required("definition");
  const auto role = r.optional("roleArn");
  const auto type = r.optional("type");
  if (r.error()) return *r.error();
  auto tags = read_tags(body);
  if (!tags) return tags.error();
  auto record = c.service.create_state_machine(name, definition, role.value_or(""), type.value_or("STANDARD"));
  if (!record) return record.error();
  if (!tags->empty())
    if (auto t = c.service.tag_resource(record->arn, *tags); !t) return t.error();
  return Json{{"stateMachineArn", record->arn}, {"creationDate", epoch_seconds(record->created_micros)}};
}

Result<Json> update_state_machine(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto arn = r.required("stateMachineArn");
  const auto definition = r.optional("definition");
  const auto role = r.optional("roleArn");
  if (r.error()) return *r.error();
  auto record = c.service.update_state_machine(arn, definition, role);
  if (!record) return record.error();
  return Json{{"updateDate", epoch_seconds(record->updated_micros)}, {"revisionId", std::to_string(record->version)}};
}

Result<Json> describe_state_machine(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto arn = r.required("stateMachineArn");
  if (r.error()) return *r.error();
  auto record = c.service.describe_state_machine(arn);
  if (!record) return record.error();
  Json out = aws_describe_state_machine(*record);
  out["revisionId"] = std::to_string(record->version);
  return out;
}

Result<Json> describe_for_execution(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto arn = r.required("executionArn");
  if (r.error()) return *r.error();
  auto record = c.service.state_machine_for_execution(arn);
  if (!record) return record.error();
  return Json{{"stateMachineArn", record->arn}, {"name", record->name}, {"definition", record->definition},
              {"roleArn", record->role_arn}, {"updateDate", epoch_seconds(record->updated_micros)},
              {"revisionId", std::to_string(record->version)}};
}

Result<Json> delete_state_machine(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto arn = r.required("stateMachineArn");
  if (r.error()) return *r.error();
  auto deleted = c.service.delete_state_machine(arn);
  if (!deleted) return deleted.error();
  return Json::object();
}

Result<Json> list_state_machines(ApiContext& c, const Json& body) {
  RequestReader r(body);
  const auto max = r.count("maxResults", 1000);
  const auto token = r.optional("nextToken");
  if (r.error()) return *r.error();
  auto page = c.service.list_state_machines(max, token.value_or(""));
  if (!page) return page.error();
  Json items = Json::array();
  for (const auto& m : page->items) items.push_back(aws_state_machine_item(m));
  return with_next_token(Json{{"stateMachines", std::move(items)}}, page->next);
}

Result<Json> validate_definition(ApiContext&, const Json& body) {
  RequestReader r(body);
  const auto definition = r.required("definition");
  const auto severity = r.optional("severity").value_or("ERROR");
  const auto max = r.count("maxResults", 100);
  if (r.error()) return *r.error();
  ValidationOptions options;
  if (severity == "WARNING") options.minimum = definitions::Severity::Warning;
  else if (severity != "ERROR")
    return make_error("ValidationException", "1 validation error detected: Value '" + severity +
                                                 "' at 'severity' failed to satisfy constraint: Member must satisfy "
                                                 "enum value set: [ERROR, WARNING]");
  if (max) options.max_results = max;
  return validation_response(definitions::parse_definition(definition).diagnostics, options);
}

}  // namespace

std::optional<Result<Json>> aws_machine_action(ApiContext& c, const std::string& action, const Json& body) {
  if (action == "CreateStateMachine") return create_state_machine(c, body);
  if (action == "UpdateStateMachine") return update_state_machine(c, body);
  if (action == "DescribeStateMachine") return describe_state_machine(c, body);
  if (action == "DescribeStateMachineForExecution") return describe_for_execution(c, body);
  if (action == "DeleteStateMachine") return delete_state_machine(c, body);
  if (action == "ListStateMachines") return list_state_machines(c, body);
  if (action == "ValidateStateMachineDefinition") return validate_definition(c, body);
  return std::nullopt;
}

}  // namespace stepwise::api
