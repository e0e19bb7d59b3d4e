#pragma once

// Message digests: MD5, SHA-1 (RFC 1321, FIPS 180-4) and the SHA-2 family, for States.Hash and
// for the engine's keyed identifiers. Written here so the binary loads no cryptography library at
// start-up; none of these serves a security purpose in Stepwise (States.Hash offers what AWS
// offers, and task tokens come from a seeded generator checked against the store).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stepwise::definitions {

enum class DigestAlgorithm { Md5, Sha1, Sha256, Sha384, Sha512 };

std::string to_string(DigestAlgorithm algorithm);

// The algorithm named as States.Hash names it ("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").
std::optional<DigestAlgorithm> digest_algorithm_named(std::string_view name);

// The digest of `data` as lower-case hexadecimal text.
std::string digest_hex(DigestAlgorithm algorithm, std::string_view data);

std::array<std::uint8_t, 32> sha256(std::string_view data);

}  // namespace stepwise::definitions
