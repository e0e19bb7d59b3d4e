#include "definitions/json.h"

#include <functional>

namespace stepwise {

bool json_equal(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a == b;  // nlohmann compares 1 and 1.0 by value
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& item : a.items()) {
      auto it = b.find(item.key());
      if (it == b.end() || !json_equal(item.value(), *it)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!json_equal(a[i], b[i])) return false;
    return true;
  }
  return a == b;
}

std::size_t json_hash(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      std::size_t h = 0x9e3779b97f4a7c15ULL;
      for (const auto& item : value.items())  // order-insensitive: sum of per-member hashes
        h += std::hash<std::string>{}(item.key()) * 31 + json_hash(item.value());
      return h;
    }
    case Json::value_t::array: {
      std::size_t h = 0xcbf29ce484222325ULL;
      for (const auto& element : value) h = (h ^ json_hash(element)) * 0x100000001b3ULL;
      return h;
    }
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return std::hash<double>{}(value.get<double>());
    case Json::value_t::string: return std::hash<std::string>{}(value.get_ref<const std::string&>());
    case Json::value_t::boolean: return value.get<bool>() ? 1231 : 1237;
    default: return 0;
  }
}

}  // namespace stepwise
