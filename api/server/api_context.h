#pragma once
// What every HTTP handler reaches: the execution service and the task queues remote workers poll.
#include <chrono>

#include "engine/service/execution_service.h"
#include "workers/task_queues.h"

namespace stepwise::api {

struct ApiContext {
  engine::service::ExecutionService& service;
  workers::TaskQueues& queues;
  // How long GetActivityTask (and the REST worker poll) waits for a task at most: AWS's 60 s.
  std::chrono::milliseconds max_poll{60000};
};

}  // namespace stepwise::api
