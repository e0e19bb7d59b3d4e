#pragma once
// RFC 3339 timestamps as ASL uses them (Wait Timestamp, Timestamp* comparisons): an uppercase
// "T" between date and time, an optional fraction, and "Z" or a numeric offset.
#include <cstdint>
#include <optional>
#include <string_view>

namespace stepwise::definitions {

// Microseconds since the Unix epoch, or nullopt when the text is not a valid timestamp.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

}  // namespace stepwise::definitions
