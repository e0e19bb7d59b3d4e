#pragma once
// The environment of one durable step: the clock reading recorded in the journal, and randomness
// (jitter, States.UUID, States.MathRandom, task tokens) drawn from the execution's secret seed and
// the step's number. Nothing carries over from step to step, so a replayed step draws exactly what
// the original drew, and a waiting execution keeps no generator state.
// Task tokens are bearer capabilities: each is SHA-256 over the secret seed, the step and the
// token's number within the step, and the step's generator starts from another keyed hash of the
// seed and the step, so neither a token nor a drawn value (a States.UUID in the history) tells
// anything of the seed or of any other token.
#include <cstdint>
#include <string>

#include "engine/step_environment.h"

namespace stepwise::engine::service {

class ReplayEnvironment final : public StepEnvironment {
 public:
  ReplayEnvironment(std::int64_t now_micros, std::uint64_t seed, std::int64_t step);

  std::int64_t now_micros() override { return now_; }
  double random_unit() override;
  std::string new_task_token() override;
  std::string uuid() override;
  std::int64_t random_between(std::int64_t low, std::int64_t high) override;

 private:
  std::uint64_t next();  // xoshiro256**

  std::int64_t now_;
  std::uint64_t seed_;
  std::int64_t step_;
  std::uint64_t tokens_ = 0;  // drawn in this step
  std::uint64_t s_[4];
};

}  // namespace stepwise::engine::service
