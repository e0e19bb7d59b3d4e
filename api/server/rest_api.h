#pragma once
// The REST face, for people and curl: JSON in and out, ISO-8601 dates, definitions, inputs and
// outputs as JSON values (not strings), errors as {"error":{"code","message"}} with a fitting
// HTTP status. Routed here without HTTP types so it is tested as a function.
//
//   GET    /v1/health
//   GET    /v1/state-machines                       ?limit=&next=
//   POST   /v1/state-machines                       {"name","definition","roleArn"?,"type"?}
//   GET    /v1/state-machines/NAME
//   PUT    /v1/state-machines/NAME                  {"definition","roleArn"?}  create, or a new version
//   DELETE /v1/state-machines/NAME
//   GET    /v1/state-machines/NAME/executions       ?status=&limit=&next=
//   POST   /v1/state-machines/NAME/executions       {"name"?,"input"?}
//   GET    /v1/executions/EXECUTION                 EXECUTION: its ARN, or MACHINE:NAME
//   POST   /v1/executions/EXECUTION/stop            {"error"?,"cause"?}
//   GET    /v1/executions/EXECUTION/history         ?reverse=true&limit=&next=
//   POST   /v1/tasks/TOKEN/success                  {"output"}
//   POST   /v1/tasks/TOKEN/failure                  {"error"?,"cause"?}
//   POST   /v1/tasks/TOKEN/heartbeat
//   POST   /v1/workers/poll                         {"functions":[...],"worker"?,"waitSeconds"?}
//                                                   a task {"taskToken","function","input"}, or 204
#include <map>
#include <string>

#include "api/server/api_context.h"
#include "definitions/json.h"

namespace stepwise::api {

struct RestReply {
  int status = 200;
  Json body;
};

RestReply rest_call(ApiContext& context, const std::string& method, const std::string& path,
                    const std::map<std::string, std::string>& query, const std::string& body);

}  // namespace stepwise::api
