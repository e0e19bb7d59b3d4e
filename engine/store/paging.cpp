#include "engine/store/paging.h"

#include <charconv>

namespace stepwise::engine::store {

Result<std::int64_t> parse_sequence_token(const std::string& token) {
  if (token.empty()) return std::int64_t{0};
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size() || value <= 0)
    return make_error("InvalidToken", "The pagination token '" + token + "' is not one this server gave out");
  return value;
}

}  // namespace stepwise::engine::store
