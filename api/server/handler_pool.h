#pragma once
// Threads for the HTTP server's request handlers. Handlers may block (a long poll holds its thread
// up to a minute, most calls wait for their commit), so the pool grows: it keeps only a few spare
// threads waiting for work and starts another when none is spare, up to max; a spare thread idle
// for a while ends. (A fixed pool of thousands of threads would keep them all asleep on one
// condition variable, and waking one then costs the kernel a walk over every sleeper: measured, the
// futex wake-up became a third of the server's CPU.) With min == max it is a fixed pool.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stepwise::api {

class HandlerPool {
 public:
  // name: the threads' name (at most 15 characters), as ps and perf show them.
  HandlerPool(std::size_t min_threads, std::size_t max_threads, std::string name = "sw-handler");
  ~HandlerPool();
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  // Runs fn on a spare thread, on a new one (below max), or queues it until one is free.
  void enqueue(std::function<void()> fn);
  // Finishes the queued work and ends every thread.
  void shutdown();

  std::size_t threads();

 private:
  void work();

  const std::size_t min_, max_;
  const std::string name_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::size_t threads_ = 0;  // alive
  std::size_t idle_ = 0;     // waiting for a job
  bool stopping_ = false;
  std::condition_variable all_ended_;
};

}  // namespace stepwise::api
