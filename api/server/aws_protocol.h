#pragma once
// The AWS Step Functions JSON 1.0 protocol: POST / with X-Amz-Target: AWSStepFunctions.<Action>.
// Each action reads AWS's request shape and answers AWS's response shape or an error whose code
// is AWS's exception name.
#include <functional>
#include <string>

#include "api/server/api_context.h"
#include "definitions/json.h"
#include "definitions/result.h"
#include "engine/store/records.h"

namespace stepwise::api {

Result<Json> aws_call(ApiContext& context, const std::string& action, const Json& body);
// StartExecution without holding the calling thread: done gets the response once the start is
// committed (or at once when it is refused), on whichever thread that happens.
void aws_start_execution_async(ApiContext& context, const Json& body, std::function<void(Result<Json>)> done);

// The action groups (aws_*_actions.cpp); each returns nullopt when the action is not its own.
std::optional<Result<Json>> aws_machine_action(ApiContext& context, const std::string& action, const Json& body);
std::optional<Result<Json>> aws_execution_action(ApiContext& context, const std::string& action, const Json& body);
std::optional<Result<Json>> aws_task_action(ApiContext& context, const std::string& action, const Json& body);

// "tags": [{"key","value"}] (absent: none), as CreateStateMachine, CreateActivity and TagResource
// take them.
Result<std::vector<engine::store::Tag>> read_tags(const Json& body);

// Pagination: AWS's nextToken is opaque; ours carries the store's token.
Json with_next_token(Json response, const std::string& next);

}  // namespace stepwise::api
