#pragma once
// A hash map from non-zero 64-bit ids (task and timer ids) to small values, stored flat: open
// addressing with linear probing and backward-shift deletion, so adding and removing an entry
// allocates nothing (std::unordered_map allocates a node per entry, which was a tenth of the cost
// of a task's round trip). Iteration order is unspecified.
#include <cstdint>
#include <utility>
#include <vector>

namespace stepwise::engine {

template <typename V>
class IdMap {
 public:
  V* find(std::uint64_t id) {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = home(id);; i = (i + 1) & mask()) {
      if (slots_[i].first == id) return &slots_[i].second;
      if (slots_[i].first == 0) return nullptr;
    }
  }
  const V* find(std::uint64_t id) const { return const_cast<IdMap*>(this)->find(id); }
  bool contains(std::uint64_t id) const { return find(id) != nullptr; }

  // The entry of id, added with a default value when absent. id must not be 0.
  V& operator[](std::uint64_t id) {
    if (V* found = find(id)) return *found;
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = home(id);
    while (slots_[i].first != 0) i = (i + 1) & mask();
    slots_[i].first = id;
    ++size_;
    return slots_[i].second;
  }

  // True when id was there.
  bool erase(std::uint64_t id) {
    if (slots_.empty()) return false;
    std::size_t i = home(id);
    while (slots_[i].first != id) {
      if (slots_[i].first == 0) return false;
      i = (i + 1) & mask();
    }
    // Backward shift: later entries of the same probe run move up into the hole.
    for (std::size_t j = (i + 1) & mask(); slots_[j].first != 0; j = (j + 1) & mask()) {
      const std::size_t k = home(slots_[j].first);
      const bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (stays) continue;
      slots_[i] = std::move(slots_[j]);
      i = j;
    }
    slots_[i] = Slot{};
    --size_;
    return true;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() {
    slots_.clear();
    size_ = 0;
  }
  // f(id, value) for every entry.
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& [id, value] : slots_)
      if (id != 0) f(id, value);
  }

 private:
  using Slot = std::pair<std::uint64_t, V>;
  std::size_t mask() const { return slots_.size() - 1; }
  std::size_t home(std::uint64_t id) const {
    return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const std::size_t capacity = old.empty() ? 16 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    for (auto& slot : old)
      if (slot.first != 0) {
        std::size_t i = home(slot.first);
        while (slots_[i].first != 0) i = (i + 1) & mask();
        slots_[i] = std::move(slot);
      }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  int shift_ = 64;
};

}  // namespace stepwise::engine
