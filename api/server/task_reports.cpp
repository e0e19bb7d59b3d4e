#include "api/server/task_reports.h"

#include "workers/function_dispatcher.h"

namespace stepwise::api {

Result<bool> report_task_success(ApiContext& c, const std::string& token, const std::string& output) {
  std::string shaped;  // a lambda:invoke result, wrapped in Lambda's response envelope
  if (c.queues.wraps_result(token)) {
    Json value = Json::parse(output, nullptr, false);
    if (!value.is_discarded()) shaped = workers::lambda_invoke_envelope(std::move(value), token).dump();
  }
  // Output that is not JSON goes as it came: the service refuses it, saying why.
  auto done = c.service.send_task_success(token, shaped.empty() ? output : shaped);
  if (done) c.queues.answered(token);
  return done;
}

Result<bool> report_task_failure(ApiContext& c, const std::string& token, const std::string& error,
                                 const std::string& cause) {
  auto done = c.service.send_task_failure(token, error, cause);
  if (done) c.queues.answered(token);
  return done;
}

}  // namespace stepwise::api
