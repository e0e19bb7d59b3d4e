#pragma once
// One value handed from one thread to one waiting thread (a step's acknowledgement to the caller
// waiting for it). std::promise would do, but it runs a std::call_once per value, which costs a
// futex wake-up syscall every time even with nobody waiting: measurable per request on VMs where
// syscalls are dear. This one touches the kernel only when the waiter is actually asleep.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace stepwise::engine::service {

template <class T>
class OneShot {
 public:
  void set(T value) {
    std::lock_guard lock(mutex_);
    value_.emplace(std::move(value));
    cv_.notify_one();
  }
  // The value, or nothing when timeout passed first.
  std::optional<T> wait_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [&] { return value_.has_value(); })) return std::nullopt;
    return std::move(value_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<T> value_;
};

}  // namespace stepwise::engine::service
