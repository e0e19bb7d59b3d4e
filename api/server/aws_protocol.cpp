#include "api/server/aws_protocol.h"

namespace stepwise::api {

Json with_next_token(Json response, const std::string& next) {
  if (!next.empty()) response["nextToken"] = next;
  return response;
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
