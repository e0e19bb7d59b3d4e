#include <doctest/doctest.h>

#include <set>
#include <string>

#include "engine/step_environment.h"

using namespace stepwise::engine;

TEST_CASE("Engine.StepEnvironment.HexOfWritesEachWordMostSignificantFirst") {
  CHECK(hex_of({0x0123456789abcdefULL}) == "0123456789abcdef");
  CHECK(hex_of({0xfedcba9876543210ULL, 0}) == "fedcba98765432100000000000000000");
  CHECK(hex_of({~0ULL}) == "ffffffffffffffff");
  CHECK(hex_of({0x00000000a0000009ULL}) == "00000000a0000009");
}

TEST_CASE("Engine.StepEnvironment.ASeedGivesTheSameTokensAndUuidsAgain") {
  DefaultStepEnvironment first(true, 42), again(true, 42), other(true, 43);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = first.new_task_token();
    CHECK(token.size() == 32);
    CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(token == again.new_task_token());
    CHECK(token != other.new_task_token());
    seen.insert(token);
  }
  CHECK(seen.size() == 1000);
  const std::string uuid = first.uuid();
  CHECK(uuid == again.uuid());
  CHECK(uuid.size() == 36);
  CHECK(uuid[14] == '4');
  for (int i = 0; i < 1000; ++i) {
    const double u = first.random_unit();
    CHECK((u >= 0.0 && u < 1.0));
  }
}
