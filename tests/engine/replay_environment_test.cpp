// The durable step's environment: what a replayed step draws is what the original drew, and task
// tokens (bearer capabilities) are keyed hashes of the execution's secret seed.
#include <doctest/doctest.h>

#include <set>

#include "engine/service/replay_environment.h"
#include "engine/step_environment.h"

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

TEST_CASE("Engine.Uuid.Version7SortsByTime") {
  // Generated execution names: later ones sort after earlier ones (the ARN index grows at its end).
  using stepwise::engine::format_uuid_v4;
  using stepwise::engine::format_uuid_v7;
  const std::string earlier = format_uuid_v7(1'700'000'000'000, ~0ULL, ~0ULL);
  const std::string later = format_uuid_v7(1'700'000'000'001, 0, 0);
  CHECK(earlier < later);
  CHECK(earlier.size() == 36);
  CHECK(earlier[14] == '7');  // version
  CHECK(std::string("89ab").find(later[19]) != std::string::npos);  // RFC 9562 variant
  CHECK(earlier.substr(0, 13) == "018bcfe5-6800");  // 1,700,000,000,000 ms = 0x18bcfe56800
  CHECK(format_uuid_v4(0, 0) == "00000000-0000-4000-8000-000000000000");
}
