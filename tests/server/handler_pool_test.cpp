// The request handlers' pool: a thread per running handler, but no more threads than the
// handlers running at once need.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "api/server/handler_pool.h"

using stepwise::api::HandlerPool;

TEST_CASE("Server.HandlerPool.ShortConnectionsOneAfterAnotherReuseThreads") {
  // Each connection closed before the next opens: the spare threads take them all (the count of
  // spare threads once drifted low and every connection started a new thread).
  HandlerPool pool(2, 4096);
  for (int i = 0; i < 2000; ++i) {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    pool.enqueue([&] {
      std::lock_guard lock(m);
      done = true;
      cv.notify_one();
    });
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return done; });
  }
  CHECK(pool.threads() <= 8);  // a thread just done with a job may not be idle yet when the next comes
}

TEST_CASE("Server.HandlerPool.LongConnectionsEachGetAThreadUpToTheMaximum") {
  HandlerPool pool(2, 50);
  std::atomic<int> running{0};
  std::atomic<bool> release{false};
  for (int i = 0; i < 60; ++i)
    pool.enqueue([&] {
      ++running;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  for (int i = 0; i < 2000 && running < 50; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CHECK(running == 50);  // ten wait for a free thread
  CHECK(pool.threads() == 50);
  release = true;
  for (int i = 0; i < 2000 && running < 60; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CHECK(running == 60);
  pool.shutdown();
  CHECK(pool.threads() == 0);
}
