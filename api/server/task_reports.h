#pragma once
// A worker's or a callback's answer to a task, by token, as both faces (REST /v1/tasks/... and
// AWS SendTask*) take it: the result shaped as the task's integration returns it (Lambda's
// response envelope for lambda:invoke tasks that remote workers ran), then given to the service.
#include <string>

#include "api/server/api_context.h"

namespace stepwise::api {

Result<bool> report_task_success(ApiContext& c, const std::string& token, const std::string& output);
Result<bool> report_task_failure(ApiContext& c, const std::string& token, const std::string& error,
                                 const std::string& cause);

}  // namespace stepwise::api
