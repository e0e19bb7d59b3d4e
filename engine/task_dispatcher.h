#pragma once
// How the engine hands a task to whoever runs it (implemented in workers/). The engine never
// knows how a worker is reached: it gives the request and gets the outcome back through done.
#include <functional>

#include "engine/transition.h"

namespace stepwise::engine {

// A `.waitForTaskToken` task handed to a remote worker: the worker runs the *call* (it hands
// $$.Task.Token to someone, as a Lambda function would) and answers under this call token. The
// call's success is not the task's result (that comes by the task token); its failure fails the
// task, its heartbeats count for the task.
inline constexpr const char* kCallTokenSuffix = ".call";
inline std::string call_token_of(const std::string& task_token) { return task_token + kCallTokenSuffix; }

class TaskDispatcher {
 public:
  using Done = std::function<void(TaskOutcome)>;
  virtual ~TaskDispatcher() = default;
  // Starts the task. done may be called on any thread, once, possibly before dispatch returns; a
  // dispatcher that answers later keeps a copy (one that answers at once needs none).
  // Returns false when the task is parked: nothing runs it now, and its result comes later from
  // outside (a callback with its task token), so virtual time need not wait for it.
  virtual bool dispatch(TaskRequest request, const Done& done) = 0;
  // Runs the task on the caller's thread, now, when whoever serves it answers synchronously (an
  // in-process handler): true with outcome filled in. false, leaving request as it was: the task
  // needs dispatch. For drivers with nothing to commit between steps (LocalRunner). The request
  // may come without a token: make_token makes it (into request.token) if anything needs it.
  virtual bool run_now(TaskRequest& request, const std::function<std::string()>& make_token, TaskOutcome& outcome) {
    (void)request, (void)make_token, (void)outcome;
    return false;
  }
  // The engine no longer wants the result (timed out, execution stopped); best effort.
  virtual void cancel(std::uint64_t task_id) { (void)task_id; }
};

}  // namespace stepwise::engine
