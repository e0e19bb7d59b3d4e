#include "definitions/hex.h"

#include <cstring>

namespace stepwise::definitions {

void write_hex(std::uint32_t word, char* out) {
  // Each nibble is spread into a byte of its own, and all eight become characters at once.
  std::uint64_t x = word;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;  // byte i: nibble i, from the low end
  const std::uint64_t letters = ((x + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;  // nibbles 10..15
  x += 0x3030303030303030ULL + letters * ('a' - '0' - 10);
  x = __builtin_bswap64(x);  // the most significant nibble first in memory
  std::memcpy(out, &x, 8);
}

void write_hex(std::uint64_t word, char* out) {
  write_hex(static_cast<std::uint32_t>(word >> 32), out);
  write_hex(static_cast<std::uint32_t>(word), out + 8);
}

}  // namespace stepwise::definitions
