#include <doctest/doctest.h>

#include "tests/cli/process.h"

TEST_CASE("Cli.Validate.ValidFileExitsZero") {
  auto r = run_stepwise({"validate", STEPWISE_SOURCE_DIR "/samples/hello.asl.json"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("valid") != std::string::npos);
}
