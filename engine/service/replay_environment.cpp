#include "engine/service/replay_environment.h"

#include <array>
#include <string_view>

#include "definitions/digest.h"

namespace stepwise::engine::service {

namespace {
// A 16-byte domain tag and three 8-byte little-endian numbers: the message the keyed digests hash.
struct KeyedMessage {
  std::array<char, 40> bytes{};
  operator std::string_view() const { return {bytes.data(), bytes.size()}; }
};
KeyedMessage keyed_message(const char* tag, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  KeyedMessage message;
  for (int i = 0; i < 16 && tag[i]; ++i) message.bytes[i] = tag[i];
  const std::uint64_t parts[3] = {a, b, c};
  for (int p = 0; p < 3; ++p)
    for (int i = 0; i < 8; ++i) message.bytes[16 + p * 8 + i] = static_cast<char>(parts[p] >> (8 * i));
  return message;
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

ReplayEnvironment::ReplayEnvironment(std::int64_t now_micros, std::uint64_t seed, std::int64_t step)
    : now_(now_micros), seed_(seed), step_(step) {
  // The generator starts from a keyed hash of the seed and the step: its outputs (a States.UUID
  // in the history, say) reveal this step's generator at most, never the seed.
  const auto digest = definitions::sha256(keyed_message("stepwise-random", seed, static_cast<std::uint64_t>(step), 0));
  for (int i = 0; i < 4; ++i) {
    s_[i] = 0;
    for (int b = 0; b < 8; ++b) s_[i] |= static_cast<std::uint64_t>(digest[i * 8 + b]) << (8 * b);
  }
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // xoshiro's one forbidden state
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
  return definitions::digest_hex(definitions::DigestAlgorithm::Sha256,
                                 keyed_message("stepwise-token", seed_, static_cast<std::uint64_t>(step_), tokens_++));
}

}  // namespace stepwise::engine::service
