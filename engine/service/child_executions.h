#pragma once
// Child executions: Task states with arn:aws:states:::states:startExecution[.sync|.sync:2|
// .waitForTaskToken] start an execution of another state machine on this engine, as AWS's
// optimized Step Functions integration does. A TaskDispatcher in front of the workers' one:
// every other task passes through to it.
//
// - request-response: the task ends once the child is started: {"ExecutionArn","StartDate"};
// - .sync / .sync:2: the task ends with the child, with DescribeExecution's shape (Input/Output as
//   JSON text, or as JSON values with :2); a child that did not succeed fails the task with
//   States.TaskFailed and that shape (with Error and Cause) as the cause;
// - .waitForTaskToken: the child is started; the task ends when someone sends its token.
// Start errors are the task's errors, named as AWS names them: StepFunctions.<Exception>.
// Without a Name, the child's name is derived from the task token, so a task dispatched again
// (after a restart) finds the child it started instead of starting another; a .sync task let go
// before its child ended (the parent stopped, timed out or failed) stops the child.
// Starting, stopping and describing children happen on one thread of its own, opened once the
// service has resumed every running execution, never on an engine thread.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "engine/task_dispatcher.h"

namespace stepwise::engine::service {

class ExecutionService;

class ChildExecutions final : public TaskDispatcher {
 public:
  ChildExecutions(TaskDispatcher& workers, ExecutionService& service);
  ~ChildExecutions() override;

  bool dispatch(TaskRequest request, const Done& done) override;
  void cancel(std::uint64_t task_id) override;
  // Children are started from now on (the service has resumed what was running).
  void open();
  // Stops the thread; queued work is dropped (the tasks are dispatched again after a restart).
  void close();

 private:
  struct Child {
    definitions::IntegrationPattern pattern;
    std::string arn;  // once started
    Done done;
    bool cancelled = false;
  };
  void run();
  void post(std::function<void()> job);
  void start(std::uint64_t id, TaskRequest request);
  void finish(std::uint64_t id, const std::string& arn);
  void stop_child(const std::string& arn);
  void forget(std::uint64_t id);  // the task is done with its child

  TaskDispatcher& workers_;
  ExecutionService& service_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::unordered_map<std::uint64_t, Child> children_;  // by dispatch id, until their task ends
  bool open_ = false, closing_ = false;
  std::thread thread_;
};

}  // namespace stepwise::engine::service
