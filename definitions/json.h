#pragma once
// The JSON value type used everywhere. Ordered, because AWS keeps the key order of the documents
// it is given: outputs, States.JsonToString and "$.obj.*" all depend on it.
#include <cstddef>

#include <nlohmann/json.hpp>

namespace stepwise {

using Json = nlohmann::ordered_json;

// Equality as AWS compares JSON values: objects regardless of key order (ordered_json's own ==
// is order-sensitive), numbers by value.
bool json_equal(const Json& a, const Json& b);
// A hash consistent with json_equal.
std::size_t json_hash(const Json& value);

}  // namespace stepwise
