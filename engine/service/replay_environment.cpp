#include "engine/service/replay_environment.h"

#include <openssl/sha.h>

namespace stepwise::engine::service {

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

ReplayEnvironment::ReplayEnvironment(std::int64_t now_micros, std::uint64_t seed, std::int64_t step)
    : now_(now_micros), seed_(seed), step_(step) {
  std::uint64_t x = seed ^ (static_cast<std::uint64_t>(step) * 0xD1B54A32D192ED03ULL);
  for (auto& s : s_) s = splitmix64(x);
}

std::uint64_t ReplayEnvironment::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double ReplayEnvironment::random_unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::int64_t ReplayEnvironment::random_between(std::int64_t low, std::int64_t high) {
  if (high <= low) return low;
  const auto span = static_cast<std::uint64_t>(high - low);
  return low + static_cast<std::int64_t>(next() % span);
}

std::string ReplayEnvironment::uuid() {
  const std::uint64_t a = next(), b = next();
  return format_uuid_v4(a, b);
}

std::string ReplayEnvironment::new_task_token() {
  // A 16-byte domain tag, then the seed, the step and the token's number, 8 bytes each (little-endian).
  unsigned char message[40] = "stepwise-token";
  const std::uint64_t parts[3] = {seed_, static_cast<std::uint64_t>(step_), tokens_++};
  for (int p = 0; p < 3; ++p)
    for (int i = 0; i < 8; ++i) message[16 + p * 8 + i] = static_cast<unsigned char>(parts[p] >> (8 * i));
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(message, sizeof message, digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(2 * SHA256_DIGEST_LENGTH, '0');
  for (int i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace stepwise::engine::service
