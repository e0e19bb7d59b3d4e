// The durable step's environment: what a replayed step draws is what the original drew, and task
// tokens (bearer capabilities) are keyed hashes of the execution's secret seed.
#include <doctest/doctest.h>

#include <set>

#include "engine/service/replay_environment.h"

using stepwise::engine::service::ReplayEnvironment;

TEST_CASE("Engine.Replay.TokensAreKeyedHashesRepeatedOnReplay") {
  ReplayEnvironment first(1000, 0xABCDEF0123456789ULL, 7), again(2000, 0xABCDEF0123456789ULL, 7);
  std::set<std::string> seen;
  for (int i = 0; i < 4; ++i) {
    const std::string token = first.new_task_token();
    CHECK(token.size() == 64);
    CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(token == again.new_task_token());  // the clock plays no part
    seen.insert(token);
  }
  CHECK(seen.size() == 4);
  // Another step, another seed: other tokens.
  CHECK(ReplayEnvironment(0, 0xABCDEF0123456789ULL, 8).new_task_token() != *seen.begin());
  CHECK(seen.count(ReplayEnvironment(0, 0xABCDEF0123456789ULL, 8).new_task_token()) == 0);
  CHECK(seen.count(ReplayEnvironment(0, 0xABCDEF0123456789ULL + 1, 7).new_task_token()) == 0);
  // Drawing tokens leaves the step's other randomness as it was (jitter, UUIDs replay the same).
  ReplayEnvironment plain(0, 42, 3), with_token(0, 42, 3);
  (void)with_token.new_task_token();
  CHECK(plain.uuid() == with_token.uuid());
}
