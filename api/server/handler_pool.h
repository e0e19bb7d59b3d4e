#pragma once
// The HTTP server's connection threads (cpp-httplib runs each connection as one task, on one
// thread, for as long as the connection is open). A fixed pool of thousands of threads would
// keep them all asleep on one condition variable, and waking one then costs the kernel a walk over
// every sleeper (measured: the futex wake-up became a third of the server's CPU). This pool
// keeps only a few spare threads waiting for work and starts another when none is spare, up to
// max; a spare thread idle for a while ends. A connection waiting in a long poll sleeps on its
// poller's own condition, not here.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace stepwise::api {

class ConnectionPool final : public httplib::TaskQueue {
 public:
  ConnectionPool(std::size_t min_threads, std::size_t max_threads);
  ~ConnectionPool() override;

  // Runs fn on a spare thread, on a new one (below max), or queues it until one is free.
  void enqueue(std::function<void()> fn) override;
  // Finishes the queued work and ends every thread.
  void shutdown() override;

  std::size_t threads();

 private:
  void work();

  const std::size_t min_, max_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::size_t threads_ = 0;  // alive
  std::size_t idle_ = 0;     // waiting for a job
  bool stopping_ = false;
  std::condition_variable all_ended_;
};

}  // namespace stepwise::api
