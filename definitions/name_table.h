#pragma once
// One table per enum maps values to their ASL names; these two lookups serve every table.
#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace stepwise::definitions {

template <class E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
const char* name_in(const NameTable<E, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name.data();  // every name is a string literal, so NUL-terminated
  return table.front().second.data();
}

template <class E, std::size_t N>
std::optional<E> value_in(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table)
    if (n == name) return v;
  return std::nullopt;
}

}  // namespace stepwise::definitions
