#include "definitions/java_values.h"

#include <cstdint>
#include <cstring>

namespace stepwise::definitions {

std::uint32_t java_string_hash(std::string_view utf8) {
  std::uint32_t h = 0;
  auto add = [&h](std::uint32_t unit) { h = 31 * h + unit; };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len && i + k < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      add(0xD800 + ((cp - 0x10000) >> 10));
      add(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      add(cp);
    }
  }
  return h;
}

namespace {

std::uint32_t long_hash(std::uint64_t v) { return static_cast<std::uint32_t>(v ^ (v >> 32)); }

std::uint32_t integer_hash(std::int64_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) return static_cast<std::uint32_t>(static_cast<std::int32_t>(v));  // Integer
  return long_hash(static_cast<std::uint64_t>(v));                                                         // Long
}

}  // namespace

std::uint32_t java_hash_code(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return 0;
    case Json::value_t::boolean: return value.get<bool>() ? 1231 : 1237;
    case Json::value_t::number_integer: return integer_hash(value.get<std::int64_t>());
    case Json::value_t::number_unsigned: {
      const auto v = value.get<std::uint64_t>();
      return v <= static_cast<std::uint64_t>(INT64_MAX) ? integer_hash(static_cast<std::int64_t>(v)) : long_hash(v);
    }
    case Json::value_t::number_float: {
      const double d = value.get<double>();  // Double.hashCode: the bits (doubleToLongBits)
      std::uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return long_hash(bits);
    }
    case Json::value_t::string: return java_string_hash(value.get_ref<const std::string&>());
    case Json::value_t::array: {
      std::uint32_t h = 1;
      for (const auto& item : value) h = 31 * h + java_hash_code(item);
      return h;
    }
    case Json::value_t::object: {
      std::uint32_t h = 0;
      for (const auto& item : value.items()) h += java_string_hash(item.key()) ^ java_hash_code(item.value());
      return h;
    }
    default: return 0;
  }
}

bool java_equals(const Json& a, const Json& b) { return json_equal(a, b, NumberEquality::ByKind); }

}  // namespace stepwise::definitions
