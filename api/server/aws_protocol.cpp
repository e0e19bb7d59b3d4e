#include "api/server/aws_protocol.h"

namespace stepwise::api {

Json with_next_token(Json response, const std::string& next) {
  if (!next.empty()) response["nextToken"] = next;
  return response;
}

Result<std::vector<engine::store::Tag>> read_tags(const Json& body) {
  std::vector<engine::store::Tag> tags;
  auto it = body.find("tags");
  if (it == body.end() || it->is_null()) return tags;
  if (!it->is_array()) return make_error("ValidationException", "'tags' must be a list of {key, value}");
  for (const auto& t : *it) {
    if (!t.is_object() || !t.contains("key") || !t["key"].is_string() ||
        (t.contains("value") && !t["value"].is_string()))
      return make_error("ValidationException", "every tag needs a string 'key' and a string 'value'");
    tags.push_back(engine::store::Tag{t["key"].get<std::string>(), t.contains("value") ? t["value"].get<std::string>() : ""});
  }
  return tags;
}

Result<Json> aws_call(ApiContext& context, const std::string& action, const Json& body) {
  if (!body.is_object()) return make_error("SerializationException", "The request body must be a JSON object");
  if (auto r = aws_machine_action(context, action, body)) return std::move(*r);
  if (auto r = aws_execution_action(context, action, body)) return std::move(*r);
  if (auto r = aws_task_action(context, action, body)) return std::move(*r);
  return make_error("UnknownOperationException", "Unknown operation: AWSStepFunctions." + action +
                                                     " is not supported by Stepwise");
}

}  // namespace stepwise::api
