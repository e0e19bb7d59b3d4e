#pragma once
// The JSON value type used everywhere. Ordered, because AWS keeps the key order of the documents
// it is given: outputs, States.JsonToString and "$.obj.*" all depend on it.
#include <cstddef>

#include <nlohmann/json.hpp>

namespace stepwise {

using Json = nlohmann::ordered_json;

// How numbers compare: by value (1 == 1.0, as JSONPath filters compare), or also by kind (an
// integer never equals a fraction, as Java's Integer and Double do not).
enum class NumberEquality { ByValue, ByKind };
// Equality as AWS compares JSON values: objects regardless of key order (ordered_json's own ==
// is order-sensitive), arrays item by item.
bool json_equal(const Json& a, const Json& b, NumberEquality numbers = NumberEquality::ByValue);

}  // namespace stepwise
