#include "definitions/utf8.h"

namespace stepwise::definitions {

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::size_t utf8_sequence_length(char lead) {
  const auto c = static_cast<unsigned char>(lead);
  return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string utf8_replace_invalid(std::string_view bytes) {
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    // The continuation bytes the lead needs, and the range of the first one (no overlong forms,
    // no surrogates, nothing past U+10FFFF).
    std::size_t need = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    else if (b == 0xE0) need = 2, low = 0xA0;
    else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) need = 2;
    else if (b == 0xED) need = 2, high = 0x9F;
    else if (b == 0xF0) need = 3, low = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) need = 3;
    else if (b == 0xF4) need = 3, high = 0x8F;
    std::size_t good = 1;  // bytes of a well-formed prefix, the lead included
    if (need) {
      for (; good <= need && i + good < bytes.size(); ++good) {
        const auto c = static_cast<unsigned char>(bytes[i + good]);
        const unsigned char lo = good == 1 ? low : 0x80, hi = good == 1 ? high : 0xBF;
        if (c < lo || c > hi) break;
      }
    }
    if (need && good == need + 1) {
      out.append(bytes.substr(i, good));
    } else {
      out += kReplacement;
    }
    i += need ? good : 1;
  }
  return out;
}

}  // namespace stepwise::definitions
