#pragma once
// Everything impure the interpreter needs, injected: the clock, randomness and fresh ids. With a
// manual clock and a seeded random source, stepping an execution is deterministic.
#include <cstdint>
#include <initializer_list>
#include <string>

#include "definitions/intrinsics/intrinsic_call.h"
#include "engine/transition.h"

namespace stepwise::engine {

class StepEnvironment : public definitions::IntrinsicEnv {
 public:
  // Microseconds since the Unix epoch.
  virtual std::int64_t now_micros() = 0;
  // A uniformly distributed number in [0, 1): retry jitter.
  virtual double random_unit() = 0;
  // A fresh opaque task token.
  virtual std::string new_task_token() = 0;
  // A driver with nothing to commit between steps (the in-memory LocalRunner) may run a task at
  // once, inside the step, when whoever serves it answers synchronously (an in-process handler):
  // true, with outcome filled in, and the step goes on with the result as if it had come as a
  // trigger. false, leaving request as it was: the task goes out in the Transition. The request
  // has a token only when its parameters needed one; the environment makes it if the task does.
  virtual bool run_task_now(TaskRequest& request, TaskOutcome& outcome) {
    (void)request, (void)outcome;
    return false;
  }
};

// 64 bits from the kernel's random source (getrandom), for seeds. Not std::random_device: its
// set-up asks the CPU (cpuid) which generator it has, which in a VM costs a trap on every start.
std::uint64_t random_seed();

// SplitMix64 (Steele, Lea and Flood, 2014): a seeded 64-bit generator that is one add and two
// multiplies per number and nothing to set up, where a Mersenne twister fills 2.5 KB per seed.
class SplitMix64 {
 public:
  using result_type = std::uint64_t;
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// The default environment: a clock that is either the system clock or a virtual one that the
// driver moves forward (--virtual-time), and a generator seeded once.
class DefaultStepEnvironment : public StepEnvironment {
 public:
  explicit DefaultStepEnvironment(bool virtual_time, std::uint64_t seed = random_seed());

  std::int64_t now_micros() override;
  double random_unit() override;
  std::string new_task_token() override;
  std::string uuid() override;
  std::int64_t random_between(std::int64_t low, std::int64_t high) override;

  bool virtual_time() const { return virtual_time_; }
  // Moves a virtual clock forward to at least micros (no effect on the system clock).
  void advance_to(std::int64_t micros);

 private:
  bool virtual_time_;
  std::int64_t virtual_now_;
  SplitMix64 rng_;
};

std::int64_t system_now_micros();
// A version-4 UUID's text from 128 random bits.
std::string format_uuid_v4(std::uint64_t a, std::uint64_t b);
// RFC 9562 version 7: the Unix time in milliseconds first, then random bits (a's low 12, b's low
// 62), so UUIDs made later sort later.
std::string format_uuid_v7(std::int64_t unix_millis, std::uint64_t a, std::uint64_t b);
// The first 32 hex digits of text (lower-cased, padded with 0s) in a UUID's 8-4-4-4-12 shape: a
// name or request id derived from a task token, the same every time for the same token.
std::string uuid_shaped(const std::string& text);
// Lower-case hex of the given words, 16 digits each, most significant first.
std::string hex_of(std::initializer_list<std::uint64_t> words);  // at most 4 words

}  // namespace stepwise::engine
