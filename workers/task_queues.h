#pragma once
// Named function queues that remote workers long-poll (Stepwise's worker API and AWS's
// GetActivityTask): a task whose function has no in-process handler and no command worker waits
// here until one worker takes it. A poll waits on a condition variable, never spinning.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace stepwise::workers {

struct QueuedTask {
  std::uint64_t dispatch_id = 0;
  std::string token;
  std::string input;  // JSON text
};

class TaskQueues {
 public:
  void push(const std::string& name, QueuedTask task);
  // The oldest task of the queue, or nothing once timeout passes (or on shutdown). Tasks for
  // which wanted() says false (withdrawn meanwhile) are dropped, not returned.
  std::optional<QueuedTask> poll(const std::string& name, std::chrono::milliseconds timeout,
                                 const std::function<bool(const QueuedTask&)>& wanted = {});
  // Withdraws a task that is still waiting (the engine no longer wants its result).
  void remove(std::uint64_t dispatch_id);
  std::size_t waiting(const std::string& name);
  // Wakes every poll; later polls return at once.
  void shutdown();

 private:
  struct Queue {
    std::deque<QueuedTask> tasks;
    std::condition_variable cv;
  };
  Queue& queue(const std::string& name);  // mutex_ held

  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Queue>, std::less<>> queues_;
  std::map<std::uint64_t, std::string> where_;  // dispatch id -> queue name
  bool shutdown_ = false;
};

}  // namespace stepwise::workers
