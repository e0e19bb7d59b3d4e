#pragma once
// Named function queues that remote workers long-poll (Stepwise's worker API and AWS's
// GetActivityTask): a task whose function has no in-process handler and no command worker waits
// here until one worker takes it. A poll may wait on several queues at once; a waiting poll
// sleeps on a condition variable of its own and is handed the next task of any of its queues
// directly, so a thousand idle pollers cost no wake-ups.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace stepwise::workers {

struct QueuedTask {
  std::uint64_t dispatch_id = 0;
  std::string token;
  std::string function;  // the queue's name
  std::string input;     // JSON text
};

class TaskQueues {
 public:
  void push(const std::string& name, QueuedTask task);
  // The oldest task of the first of names that has one, or nothing once timeout passes (or on
  // shutdown). Tasks for which wanted() says false (withdrawn meanwhile) are dropped, not
  // returned; wanted runs without the queues' lock held.
  std::optional<QueuedTask> poll(const std::vector<std::string>& names, std::chrono::milliseconds timeout,
                                 const std::function<bool(const QueuedTask&)>& wanted = {});
  std::optional<QueuedTask> poll(const std::string& name, std::chrono::milliseconds timeout,
                                 const std::function<bool(const QueuedTask&)>& wanted = {}) {
    return poll(std::vector<std::string>{name}, timeout, wanted);
  }
  // Withdraws a task that is still waiting (the engine no longer wants its result).
  void remove(std::uint64_t dispatch_id);
  std::size_t waiting(const std::string& name);
  std::size_t pollers();
  // Wakes every poll; later polls return at once.
  void shutdown();

 private:
  struct Poller {
    std::condition_variable cv;
    std::vector<std::string> names;
    std::optional<QueuedTask> handed;
  };
  struct Queue {
    std::deque<QueuedTask> tasks;
    std::list<Poller*> pollers;  // waiting for this queue, oldest first
  };
  std::optional<QueuedTask> take(const std::vector<std::string>& names);  // mutex_ held
  void forget(Poller& poller);                                           // mutex_ held

  std::mutex mutex_;
  std::map<std::string, Queue, std::less<>> queues_;
  std::map<std::uint64_t, std::string> where_;  // dispatch id -> queue name, while queued
  std::size_t pollers_ = 0;
  bool shutdown_ = false;
};

}  // namespace stepwise::workers
