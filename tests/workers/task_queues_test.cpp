// Function queues for remote workers: long polls on one or several queues, direct hand-off to
// the longest-waiting poller, withdrawal, deadlines and shutdown. Every wait here is bounded.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "workers/task_queues.h"

using namespace stepwise::workers;
using namespace std::chrono_literals;

namespace {
QueuedTask task(std::uint64_t id) { return QueuedTask{id, "token-" + std::to_string(id), "", "{}"}; }
}  // namespace

TEST_CASE("Workers.TaskQueues.OldestFirstFromTheFirstQueueThatHasOne") {
  TaskQueues q;
  q.push("b", task(1));
  q.push("a", task(2));
  q.push("a", task(3));
  CHECK(q.waiting("a") == 2);
  auto first = q.poll(std::vector<std::string>{"a", "b"}, 0ms);
  REQUIRE(first);
  CHECK(first->dispatch_id == 2);
  CHECK(first->function == "a");
  CHECK(q.poll(std::vector<std::string>{"a", "b"}, 0ms)->dispatch_id == 3);
  CHECK(q.poll(std::vector<std::string>{"a", "b"}, 0ms)->dispatch_id == 1);
  CHECK_FALSE(q.poll("a", 0ms));
}

TEST_CASE("Workers.TaskQueues.AWaitingPollIsHandedTheNextTask") {
  TaskQueues q;
  std::optional<QueuedTask> got;
  std::thread poller([&] { got = q.poll(std::vector<std::string>{"x", "y"}, 5s); });
  while (q.pollers() == 0) std::this_thread::sleep_for(1ms);
  const auto start = std::chrono::steady_clock::now();
  q.push("y", task(7));
  poller.join();
  REQUIRE(got);
  CHECK(got->dispatch_id == 7);
  CHECK(got->function == "y");
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK(q.waiting("y") == 0);
  CHECK(q.pollers() == 0);
}

TEST_CASE("Workers.TaskQueues.EachTaskGoesToOnePoller") {
  TaskQueues q;
  std::atomic<int> received{0};
  std::vector<std::thread> pollers;
  for (int i = 0; i < 50; ++i)
    pollers.emplace_back([&] {
      if (q.poll("work", 3s)) ++received;
    });
  while (q.pollers() < 50) std::this_thread::sleep_for(1ms);
  for (std::uint64_t id = 1; id <= 20; ++id) q.push("work", task(id));
  q.shutdown();  // the other 30 return empty at once
  for (auto& p : pollers) p.join();
  CHECK(received == 20);
  CHECK(q.waiting("work") == 0);
}

TEST_CASE("Workers.TaskQueues.WithdrawnTasksAreNotReturned") {
  TaskQueues q;
  q.push("a", task(1));
  q.push("a", task(2));
  q.remove(1);
  auto got = q.poll("a", 0ms);
  REQUIRE(got);
  CHECK(got->dispatch_id == 2);
  // A task that the predicate says is no longer wanted is dropped and the poll goes on.
  q.push("a", task(3));
  q.push("a", task(4));
  auto wanted = q.poll("a", 0ms, [](const QueuedTask& t) { return t.dispatch_id != 3; });
  REQUIRE(wanted);
  CHECK(wanted->dispatch_id == 4);
}

TEST_CASE("Workers.TaskQueues.APollEndsAtItsDeadline") {
  TaskQueues q;
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(q.poll("nothing", 100ms));
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= 100ms);
  CHECK(waited < 2s);
  CHECK(q.pollers() == 0);
  q.push("nothing", task(1));  // no poller left behind to hand it to: it waits in the queue
  CHECK(q.waiting("nothing") == 1);
}
