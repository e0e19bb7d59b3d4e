#pragma once
// JSON values as the Java objects AWS's implementation makes of them, where that shows in results:
// the iteration order of its HashMaps and HashSets (payload templates, States.ArrayUnique) follows
// Java's hashCode, and States.ArrayUnique keeps one of each Java-equal item.
#include <cstdint>
#include <string_view>

#include "definitions/json.h"

namespace stepwise::definitions {

// String.hashCode: over the text's UTF-16 code units.
std::uint32_t java_string_hash(std::string_view utf8);
// hashCode() of the value as null (0), Boolean, Integer (Long past 32 bits), Double, String, List
// or Map (LinkedHashMap: the sum of key ^ value hashes).
std::uint32_t java_hash_code(const Json& value);
// equals(): same kind and value (1 and 1.0 differ: Integer and Double), lists item by item, objects
// regardless of key order.
bool java_equals(const Json& a, const Json& b);
// The bucket a java.util.HashMap with `buckets` buckets (a power of two) puts a key of this hash in.
inline std::uint32_t java_hash_bucket(std::uint32_t hash, std::uint32_t buckets) {
  return (hash ^ (hash >> 16)) & (buckets - 1);
}
// The buckets of a HashMap after `entries` puts: 16, doubled while more than 3/4 full.
inline std::uint32_t java_hash_buckets(std::size_t entries) {
  std::uint32_t buckets = 16;
  while (entries * 4 > static_cast<std::size_t>(buckets) * 3) buckets *= 2;
  return buckets;
}

}  // namespace stepwise::definitions
