#include "engine/step_environment.h"

#include <sys/random.h>

#include <cctype>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <random>

#include "definitions/hex.h"

namespace stepwise::engine {

std::uint64_t random_seed() {
  std::uint64_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != static_cast<ssize_t>(sizeof seed))
    seed = static_cast<std::uint64_t>(system_now_micros()) * 0x9E3779B97F4A7C15ULL;  // no kernel source
  return seed;
}

std::int64_t system_now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

DefaultStepEnvironment::DefaultStepEnvironment(bool virtual_time, std::uint64_t seed)
    : virtual_time_(virtual_time), virtual_now_(system_now_micros()), rng_(seed) {}

std::int64_t DefaultStepEnvironment::now_micros() { return virtual_time_ ? virtual_now_ : system_now_micros(); }

void DefaultStepEnvironment::advance_to(std::int64_t micros) {
  if (virtual_time_ && micros > virtual_now_) virtual_now_ = micros;
}

double DefaultStepEnvironment::random_unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }

std::int64_t DefaultStepEnvironment::random_between(std::int64_t low, std::int64_t high) {
  if (high <= low) return low;
  return std::uniform_int_distribution<std::int64_t>(low, high - 1)(rng_);
}

std::string uuid_shaped(const std::string& text) {
  std::string hex;
  for (char c : text)
    if (std::isxdigit(static_cast<unsigned char>(c))) hex.push_back(static_cast<char>(std::tolower(c)));
  while (hex.size() < 32) hex += "0";
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

namespace {

std::string format_uuid(std::uint64_t a, std::uint64_t b, std::uint64_t version) {
  a = (a & 0xFFFFFFFFFFFF0FFFULL) | (version << 12);
  b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 1
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return buf;
}

}  // namespace

std::string format_uuid_v4(std::uint64_t a, std::uint64_t b) { return format_uuid(a, b, 4); }

std::string format_uuid_v7(std::int64_t unix_millis, std::uint64_t a, std::uint64_t b) {
  return format_uuid((static_cast<std::uint64_t>(unix_millis) << 16) | (a & 0x0FFFULL), b, 7);
}

std::string hex_of(std::initializer_list<std::uint64_t> words) {
  std::string text(words.size() * 16, '\0');
  char* next = text.data();
  for (std::uint64_t w : words) {
    definitions::write_hex(w, next);
    next += 16;
  }
  return text;
}

std::string DefaultStepEnvironment::uuid() {
  const std::uint64_t a = rng_(), b = rng_();
  return format_uuid_v4(a, b);
}

std::string DefaultStepEnvironment::new_task_token() {
  const std::uint64_t a = rng_(), b = rng_();  // 128 random bits
  return hex_of({a, b});
}

}  // namespace stepwise::engine
