#pragma once
// Page sizes and tokens shared by the stores.
#include <cstdint>
#include <string>

#include "definitions/result.h"

namespace stepwise::engine::store {

// AWS's list calls return at most 1000 items; 0 asks for the default, 100.
inline std::size_t page_size(std::size_t max) { return max == 0 ? 100 : (max > 1000 ? 1000 : max); }

// Execution pages are keyed by creation sequence: the token is the last sequence returned.
// An empty token is 0 (from the newest).
Result<std::int64_t> parse_sequence_token(const std::string& token);

}  // namespace stepwise::engine::store
