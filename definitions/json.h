#pragma once
// The JSON value type used everywhere. Ordered, because AWS keeps the key order of the documents
// it is given: outputs, States.JsonToString and "$.obj.*" all depend on it.
#include <nlohmann/json.hpp>

namespace stepwise {
using Json = nlohmann::ordered_json;
}
