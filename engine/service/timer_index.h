#pragma once
// Every durable timer of every execution (Wait, retry backoff, task and heartbeat timeouts,
// execution timeout) in one ordered in-memory index, served by one thread that sleeps until the
// earliest is due. No thread per timer: a waiting execution costs an index entry.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>

namespace stepwise::engine::service {

class TimerIndex {
 public:
  using Fire = std::function<void(const std::string& execution_arn, std::uint64_t timer_id)>;
  explicit TimerIndex(Fire fire);
  ~TimerIndex();
  TimerIndex(const TimerIndex&) = delete;
  TimerIndex& operator=(const TimerIndex&) = delete;

  void set(const std::string& execution_arn, std::uint64_t timer_id, std::int64_t due_micros);
  void cancel(const std::string& execution_arn, std::uint64_t timer_id);
  void cancel_all(const std::string& execution_arn);
  std::size_t size();

 private:
  void run();

  Fire fire_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::set<std::tuple<std::int64_t, std::string, std::uint64_t>> by_due_;
  std::map<std::pair<std::string, std::uint64_t>, std::int64_t> due_of_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace stepwise::engine::service
