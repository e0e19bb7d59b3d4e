#include <doctest/doctest.h>

#include "definitions/parse.h"

using namespace stepwise::definitions;

TEST_CASE("Definitions.Parse.MinimalMachine") {
  auto r = parse_definition(R"({"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}})");
  CHECK(r.diagnostics.empty());
  REQUIRE(r.machine);
  CHECK(r.machine->start_at() == "A");
}
