#pragma once
// The JSON value type used everywhere. Ordered, because AWS keeps the key order of the documents
// it is given: outputs, States.JsonToString and "$.obj.*" all depend on it.
#include <cstddef>

#include <memory>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#if NLOHMANN_JSON_VERSION_MAJOR == 3 && NLOHMANN_JSON_VERSION_MINOR == 11
// The library's json_value::destroy is too large for the compiler to inline, so the destructor of
// every null, boolean and number (every moved-from value, every event without details) was a call
// saving and restoring six registers: a fifth of the time of a Task state. This specialization for
// the one JSON type Stepwise uses returns at once, inline, for values that own no memory, and frees
// the others as the library does: nested containers are emptied through a list rather than by
// recursion, so destroying a deeply nested value cannot overflow the stack. (Written against the
// 3.11 layout; other versions keep the library's own function.)
template <>
inline void nlohmann::ordered_json::json_value::destroy(nlohmann::detail::value_t t) {
  using nlohmann::detail::value_t;
  if (t != value_t::object && t != value_t::array && t != value_t::string && t != value_t::binary) return;
  [this, t]() __attribute__((noinline)) {
    using J = nlohmann::ordered_json;
    // A value whose constructor threw before its storage was made owns nothing (the library's
    // own check, from 3.11.3 on).
    if ((t == value_t::object && !object) || (t == value_t::array && !array) || (t == value_t::string && !string) ||
        (t == value_t::binary && !binary))
      return;
    if (t == value_t::array || t == value_t::object) {
      std::vector<J> pending;  // non-empty containers, taken out of their parents
      auto take_if_nested = [&pending](J& child) {
        if ((child.is_array() || child.is_object()) && !child.empty()) pending.push_back(std::move(child));
      };
      if (t == value_t::array) {
        for (J& child : *array) take_if_nested(child);
      } else {
        for (auto& member : *object) take_if_nested(member.second);
      }
      while (!pending.empty()) {
        J item(std::move(pending.back()));
        pending.pop_back();
        if (item.is_array()) {
          for (J& child : item.get_ref<J::array_t&>()) take_if_nested(child);
        } else {
          for (auto& member : item.get_ref<J::object_t&>()) take_if_nested(member.second);
        }
        // item now holds leaves and empty containers only: destroying it recurses one level at most
      }
    }
    auto release = [](auto* storage) {
      using T = std::remove_pointer_t<decltype(storage)>;
      std::allocator<T> alloc;
      std::allocator_traits<std::allocator<T>>::destroy(alloc, storage);
      std::allocator_traits<std::allocator<T>>::deallocate(alloc, storage, 1);
    };
    switch (t) {
      case value_t::object: release(object); break;
      case value_t::array: release(array); break;
      case value_t::string: release(string); break;
      case value_t::binary: release(binary); break;
      default: break;
    }
  }();
}
#endif

namespace stepwise {

using Json = nlohmann::ordered_json;

// How numbers compare: by value (1 == 1.0, as JSONPath filters compare), or also by kind (an
// integer never equals a fraction, as Java's Integer and Double do not).
enum class NumberEquality { ByValue, ByKind };
// Equality as AWS compares JSON values: objects regardless of key order (ordered_json's own ==
// is order-sensitive), arrays item by item.
bool json_equal(const Json& a, const Json& b, NumberEquality numbers = NumberEquality::ByValue);

}  // namespace stepwise
