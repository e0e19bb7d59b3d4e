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

#include "definitions/json.h"

namespace stepwise::workers {

struct QueuedTask {
  std::uint64_t dispatch_id = 0;
  std::string token;
  std::string function;  // the queue's name
  std::string input;     // JSON text
  bool lambda_envelope = false;  // lambda:invoke: the worker's result is the Payload of Lambda's response
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
  // Whether a worker's result for the task of token is the Payload of Lambda's response envelope
  // (a lambda:invoke task) rather than the result itself.
  bool wraps_result(const std::string& token);
  // A worker has answered the task of token (success or failure): nothing more to shape.
  void answered(const std::string& token);
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
  // lambda:invoke tasks until answered or withdrawn: token -> dispatch id, and back.
  std::map<std::string, std::uint64_t, std::less<>> envelopes_;
  std::map<std::uint64_t, std::string> envelope_tokens_;
  std::size_t pollers_ = 0;
  bool shutdown_ = false;
};

}  // namespace stepwise::workers
