// Data-driven validator cases: each invalid definition must fail with the named diagnostics
// (code and JSON pointer); each valid one must pass, with exactly the named warnings.
#include <doctest/doctest.h>

#include "definitions/parse.h"
#include "tests/definitions/test_data.h"

using namespace stepwise;
using namespace stepwise::definitions;

namespace {

std::string describe(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics)
    out += std::string(to_string(d.severity)) + " " + to_string(d.code) + " at '" + d.location + "': " + d.message + "\n";
  return out;
}

bool has(const Diagnostics& diagnostics, Severity severity, const std::string& code, const std::string& location) {
  for (const auto& d : diagnostics)
    if (d.severity == severity && code == to_string(d.code) && d.location == location) return true;
  return false;
}

}  // namespace

TEST_CASE("Definitions.Validator.InvalidCases") {
  auto cases = read_jsonl("tests/definitions/validator_invalid_cases.jsonl");
  REQUIRE(cases.size() >= 150);
  for (const auto& c : cases) {
    const std::string name = c["name"];
    auto result = parse_definition(c["definition"].dump());
    const std::string got = describe(result.diagnostics);
    INFO(name);
    INFO(got);
    CHECK_MESSAGE(result.machine == nullptr, name);
    for (const auto& e : c["errors"])
      CHECK_MESSAGE(has(result.diagnostics, Severity::Error, e[0], e[1]),
                    name << " expected " << e[0].get<std::string>() << " at '" << e[1].get<std::string>() << "'");
    for (const auto& d : result.diagnostics) CHECK_MESSAGE(!d.message.empty(), name);
  }
}

TEST_CASE("Definitions.Validator.ValidCases") {
  auto cases = read_jsonl("tests/definitions/validator_valid_cases.jsonl");
  REQUIRE(cases.size() >= 30);
  for (const auto& c : cases) {
    const std::string name = c["name"];
    auto result = parse_definition(c["definition"].dump());
    INFO(name);
    INFO(describe(result.diagnostics));
    CHECK_MESSAGE(result.machine != nullptr, name);
    std::size_t warnings = 0;
    for (const auto& d : result.diagnostics) warnings += d.severity == Severity::Warning;
    CHECK_MESSAGE(warnings == c["warnings"].size(), name);
    for (const auto& w : c["warnings"])
      CHECK_MESSAGE(has(result.diagnostics, Severity::Warning, w[0], w[1]), name << " expected warning " << w[0].get<std::string>());
  }
}
