#include "api/server/task_reports.h"

namespace stepwise::api {

Result<bool> report_task_success(ApiContext& c, const std::string& token, const std::string& output) {
  Result<bool> done = false;
  Json value = Json::parse(output, nullptr, false);
  if (value.is_discarded())
    done = c.service.send_task_success(token, output);  // refused, saying why
  else
    done = c.service.send_task_success(token, c.queues.task_result(token, std::move(value)).dump());
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
