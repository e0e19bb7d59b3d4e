#include "definitions/json.h"

namespace stepwise {

bool json_equal(const Json& a, const Json& b, NumberEquality numbers) {
  if (a.is_number() && b.is_number()) {
    if (numbers == NumberEquality::ByKind && a.is_number_float() != b.is_number_float()) return false;
    return a == b;  // nlohmann compares 1 and 1.0 by value
  }
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& item : a.items()) {
      auto it = b.find(item.key());
      if (it == b.end() || !json_equal(item.value(), *it, numbers)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!json_equal(a[i], b[i], numbers)) return false;
    return true;
  }
  return a == b;
}

}  // namespace stepwise
