#pragma once
// The engine's TaskDispatcher over a FunctionRegistry: resolves each Task resource to a function
// name (function_ref.h), runs in-process handlers inline, command workers and HTTP push workers
// (http_endpoint.h) each on a thread of its own while it runs, and shapes the result as the integration does (Lambda's envelope for lambda:invoke).
// With task queues (the server), a function that has neither waits in the queue of its name
// for a remote worker; without (a local run), the task fails at once saying no worker serves it.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/task_dispatcher.h"
#include "workers/function_registry.h"
#include "workers/http_endpoint.h"
#include "workers/task_queues.h"

namespace stepwise::workers {

class FunctionDispatcher final : public engine::TaskDispatcher {
 public:
  explicit FunctionDispatcher(const FunctionRegistry& registry, TaskQueues* queues = nullptr)
      : registry_(registry), queues_(queues) {}
  ~FunctionDispatcher() override;

  bool dispatch(engine::TaskRequest request, const Done& done) override;
  // In-process handlers only (see TaskDispatcher::run_now).
  bool run_now(engine::TaskRequest& request, const std::function<std::string()>& make_token,
               engine::TaskOutcome& outcome) override;
  void cancel(std::uint64_t task_id) override;

 private:
  const FunctionRegistry& registry_;
  TaskQueues* queues_;
  std::mutex mutex_;
  // A command or endpoint call under way; stop() makes it end (a command's process is killed).
  struct Running {
    std::shared_ptr<std::atomic<bool>> cancelled;
    std::shared_ptr<EndpointCall> call;  // an endpoint's; null for a command
    void stop() const;
  };
  std::unordered_map<std::uint64_t, Running> running_;
  std::condition_variable idle_;
  std::size_t in_flight_ = 0;  // commands and endpoint calls running on their threads
};

// Lambda's response envelope around a function's result, as lambda:invoke returns it.
Json lambda_invoke_envelope(Json payload, const std::string& request_id);

}  // namespace stepwise::workers
