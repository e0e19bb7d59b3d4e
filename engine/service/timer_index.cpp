#include "engine/service/timer_index.h"

#include <pthread.h>

#include <chrono>
#include <vector>

#include "engine/step_environment.h"

namespace stepwise::engine::service {

TimerIndex::TimerIndex(Fire fire) : fire_(std::move(fire)), thread_([this] { run(); }) {}

TimerIndex::~TimerIndex() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void TimerIndex::set(const std::string& execution_arn, std::uint64_t timer_id, std::int64_t due_micros) {
  bool earliest;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = due_of_.try_emplace({execution_arn, timer_id}, due_micros);
    if (!inserted) {
      by_due_.erase({it->second, execution_arn, timer_id});
      it->second = due_micros;
    }
    auto pos = by_due_.emplace(due_micros, execution_arn, timer_id).first;
    earliest = pos == by_due_.begin();
  }
  if (earliest) cv_.notify_all();
}

void TimerIndex::cancel(const std::string& execution_arn, std::uint64_t timer_id) {
  std::lock_guard lock(mutex_);
  auto it = due_of_.find({execution_arn, timer_id});
  if (it == due_of_.end()) return;
  by_due_.erase({it->second, execution_arn, timer_id});
  due_of_.erase(it);
}

void TimerIndex::cancel_all(const std::string& execution_arn) {
  std::lock_guard lock(mutex_);
  for (auto it = due_of_.lower_bound({execution_arn, 0}); it != due_of_.end() && it->first.first == execution_arn;) {
    by_due_.erase({it->second, execution_arn, it->first.second});
    it = due_of_.erase(it);
  }
}

std::size_t TimerIndex::size() {
  std::lock_guard lock(mutex_);
  return by_due_.size();
}

void TimerIndex::run() {
  pthread_setname_np(pthread_self(), "sw-timers");
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (by_due_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const std::int64_t due = std::get<0>(*by_due_.begin());
    const std::int64_t now = system_now_micros();
    if (due > now) {
      cv_.wait_until(lock, std::chrono::system_clock::time_point(std::chrono::microseconds(due)));
      continue;
    }
    std::vector<std::pair<std::string, std::uint64_t>> fired;
    while (!by_due_.empty() && std::get<0>(*by_due_.begin()) <= now) {
      auto node = by_due_.extract(by_due_.begin());
      auto& [d, arn, id] = node.value();
      due_of_.erase({arn, id});
      fired.emplace_back(std::move(arn), id);
    }
    lock.unlock();
    for (const auto& [arn, id] : fired) fire_(arn, id);
    lock.lock();
  }
}

}  // namespace stepwise::engine::service
