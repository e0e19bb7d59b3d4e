#pragma once
// Lower-case hexadecimal text of machine words, most significant digit first: digests
// (definitions/digest.cpp) and task tokens (engine/step_environment.cpp).
#include <cstdint>

namespace stepwise::definitions {

// Writes 8 digits of word at out.
void write_hex(std::uint32_t word, char* out);
// Writes 16 digits of word at out.
void write_hex(std::uint64_t word, char* out);

}  // namespace stepwise::definitions
