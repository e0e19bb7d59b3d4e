#pragma once
// A process-unique number per object, for caches keyed by an object: a copy (or move) gets a new
// number, and numbers are never reused, so a cache never takes a new object for an old one that
// lived at the same address.
#include <atomic>
#include <cstdint>

namespace stepwise::definitions {

// A fresh number on every call, from 1 (thread-safe).
inline std::uint64_t next_unique_number() {
  static std::atomic<std::uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

class ObjectId {
 public:
  ObjectId() : value_(next_unique_number()) {}
  ObjectId(const ObjectId&) : value_(next_unique_number()) {}
  ObjectId& operator=(const ObjectId&) {
    value_ = next_unique_number();
    return *this;
  }
  std::uint64_t value() const { return value_; }

 private:
  std::uint64_t value_;
};

}  // namespace stepwise::definitions
