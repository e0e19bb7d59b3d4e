#pragma once
// Internal to the driver (execution_driver.cpp, execution_commits.cpp): one pass over an
// execution's mailbox on its way to the writer.
#include <memory>
#include <utility>
#include <vector>

#include "engine/service/execution_driver.h"

namespace stepwise::engine::service {

// One pass over an execution's mailbox, to be committed.
struct ExecutionDriver::Batch {
  std::shared_ptr<LiveExecution> execution;
  store::StepCommit commit;
  std::vector<TaskRequest> tasks;
  std::vector<std::pair<AckCallback, bool>> acks;  // (callback, applied)
  bool fresh = false;
};

}  // namespace stepwise::engine::service
