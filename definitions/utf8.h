#pragma once
// Small UTF-8 helpers shared by the parsers and intrinsics (JSON text is UTF-8 throughout).
#include <cstddef>
#include <string>
#include <string_view>

namespace stepwise::definitions {

// Number of code points (continuation bytes are not counted).
std::size_t utf8_length(std::string_view text);
// Bytes in the sequence that starts with `lead` (1 for a stray continuation byte).
std::size_t utf8_sequence_length(char lead);
// Appends code point `cp` (at most U+FFFF here: \uXXXX escapes) as UTF-8.
void append_utf8(std::string& out, unsigned cp);
// Bytes read as UTF-8 the way Java's new String(bytes, UTF_8) does: each ill-formed part (a
// maximal subpart, as Unicode defines it) becomes U+FFFD.
std::string utf8_replace_invalid(std::string_view bytes);

}  // namespace stepwise::definitions
