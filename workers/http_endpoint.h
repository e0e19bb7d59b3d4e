#pragma once
// Push workers: a function bound to an HTTP endpoint is invoked as Lambda is. The task input is
// POSTed as JSON (headers X-Stepwise-Function and X-Stepwise-Task-Token); a 2xx answer's body is
// the result (empty: null). An error is reported as Lambda reports one: a JSON body with
// "errorType" (and "errorMessage") — with a non-2xx status, an X-Amz-Function-Error header, or as
// the whole 2xx body (the Lambda Runtime Interface Emulator's way) — becomes the task's error,
// with the body as its cause. Any other non-2xx answer, a body that is not JSON, or no answer
// is States.TaskFailed with a cause saying so; no answer within the endpoint's timeout is
// Sandbox.Timedout, as Lambda names a function timeout.
#include <atomic>
#include <memory>
#include <string>

#include "workers/function_registry.h"

namespace stepwise::workers {

FunctionResult call_endpoint(const std::string& function_name, const EndpointSpec& endpoint, const Json& input,
                             const std::string& task_token);

// The same call, stoppable from another thread (the engine no longer wants the result, or the
// server stops): stop() makes a call under way end at once (its result is then dropped).
class EndpointCall {
 public:
  EndpointCall(std::string function_name, EndpointSpec endpoint, std::string task_token);
  ~EndpointCall();
  FunctionResult run(const Json& input);
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stepwise::workers
