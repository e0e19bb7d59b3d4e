#include "api/server/handler_pool.h"

#include <pthread.h>

#include <chrono>

namespace stepwise::api {

namespace {
// A spare thread beyond the minimum ends after this long without work.
constexpr auto kIdleEnd = std::chrono::seconds(10);
}  // namespace

HandlerPool::HandlerPool(std::size_t min_threads, std::size_t max_threads, std::string name)
    : min_(std::min(min_threads, max_threads)), max_(std::max<std::size_t>(1, max_threads)), name_(std::move(name)) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < min_; ++i) {
    ++threads_;
    std::thread([this] { work(); }).detach();
  }
}

HandlerPool::~HandlerPool() { shutdown(); }

void HandlerPool::enqueue(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;  // shut down: nothing runs any more
  jobs_.push_back(std::move(fn));
  if (idle_ >= jobs_.size()) {
    cv_.notify_one();  // an idle thread for every queued job, this one included
  } else if (threads_ < max_) {
    ++threads_;
    std::thread([this] { work(); }).detach();
  }  // else: queued until a thread is free
}

void HandlerPool::work() {
  pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
  std::unique_lock lock(mutex_);
  bool retire = false;  // idle too long, and more threads than the minimum
  for (;;) {
    while (jobs_.empty() && !stopping_ && !retire) {
      ++idle_;  // counted by the thread itself, so the count never drifts
      const bool timed_out = cv_.wait_for(lock, kIdleEnd) == std::cv_status::timeout;
      --idle_;
      retire = timed_out && jobs_.empty() && threads_ > min_;
    }
    if (jobs_.empty()) break;  // stopping or retiring, and nothing left to run
    retire = false;
    auto fn = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    fn();
    lock.lock();
  }
  if (--threads_ == 0) all_ended_.notify_all();
}

void HandlerPool::shutdown() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  cv_.notify_all();
  all_ended_.wait(lock, [&] { return threads_ == 0; });
}

std::size_t HandlerPool::threads() {
  std::lock_guard lock(mutex_);
  return threads_;
}

}  // namespace stepwise::api
