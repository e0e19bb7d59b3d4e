// Hostile input never crashes, throws or hangs: byte-level and structural mutations of the samples,
// and random text for each expression parser. Deterministic (fixed seeds), bounded in count.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "definitions/intrinsics/intrinsic_call.h"
#include "definitions/jsonata/jsonata_ast.h"
#include "definitions/parse.h"

using namespace stepwise;
using namespace stepwise::definitions;

namespace {

std::vector<std::string> sample_texts() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(STEPWISE_SOURCE_DIR "/samples")) {
    if (entry.path().extension() != ".json") continue;  // definitions only, not .run files or workers/
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    texts.push_back(buffer.str());
  }
  std::sort(texts.begin(), texts.end());
  return texts;
}

const std::vector<std::string> kFragments = {
    "$", "$.", "$$", "$.a[", "$..", "$.a[?(@.b", "States.", "States.Format(", "States.Array(1,", "'", "\\", "{%",
    "%}", "{% $states.input %}", "{% ( %}", "[", "]", "{", "}", ":", ",", "\"", "null", "true", "1e400", "-0",
    "\xff", "\xc3", "\x00", "States.ALL", "Next", "End", "Type", "Choice", "Map", "Parallel", "ItemProcessor",
    "Branches", "Retry", "Catch", "ErrorEquals", "ResultPath", "Parameters", "a.$", "QueryLanguage", "JSONata"};

Json random_value(std::mt19937& rng, int depth = 0) {
  switch (std::uniform_int_distribution<int>(0, depth > 3 ? 4 : 6)(rng)) {
    case 0: return nullptr;
    case 1: return std::uniform_int_distribution<int>(-3, 100)(rng);
    case 2: return std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    case 3: return 1.5;
    case 4: return kFragments[std::uniform_int_distribution<std::size_t>(0, kFragments.size() - 1)(rng)];
    case 5: {
      Json arr = Json::array();
      for (int i = std::uniform_int_distribution<int>(0, 3)(rng); i > 0; --i) arr.push_back(random_value(rng, depth + 1));
      return arr;
    }
    default: {
      Json obj = Json::object();
      for (int i = std::uniform_int_distribution<int>(0, 3)(rng); i > 0; --i)
        obj[kFragments[std::uniform_int_distribution<std::size_t>(0, kFragments.size() - 1)(rng)]] =
            random_value(rng, depth + 1);
      return obj;
    }
  }
}

bool parses_without_throwing(const std::string& text) {
  try {
    auto r = parse_definition(text);
    // A machine is returned exactly when there is no error.
    return (r.machine != nullptr) == !has_errors(r.diagnostics);
  } catch (...) {
    return false;
  }
}

}  // namespace

TEST_CASE("Definitions.Fuzz.ByteMutationsOfSamples") {
  std::mt19937 rng(7);
  const auto samples = sample_texts();
  REQUIRE_FALSE(samples.empty());
  for (int i = 0; i < 3000; ++i) {
    std::string text = samples[static_cast<std::size_t>(i) % samples.size()];
    for (int edits = std::uniform_int_distribution<int>(1, 4)(rng); edits > 0; --edits) {
      std::size_t pos = std::uniform_int_distribution<std::size_t>(0, text.size())(rng);
      const std::string& fragment = kFragments[std::uniform_int_distribution<std::size_t>(0, kFragments.size() - 1)(rng)];
      switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
        case 0: text.insert(pos, fragment); break;
        case 1: text.erase(pos, std::uniform_int_distribution<std::size_t>(1, 8)(rng)); break;
        default: text.resize(pos); break;
      }
    }
    INFO(text);
    REQUIRE(parses_without_throwing(text));
  }
}

TEST_CASE("Definitions.Fuzz.StructuralMutationsOfSamples") {
  std::mt19937 rng(11);
  std::vector<Json> docs;
  for (const auto& text : sample_texts()) docs.push_back(Json::parse(text));
  for (int i = 0; i < 3000; ++i) {
    Json doc = docs[static_cast<std::size_t>(i) % docs.size()];
    for (int edits = std::uniform_int_distribution<int>(1, 3)(rng); edits > 0; --edits) {
      const Json flat = doc.flatten();
      if (flat.empty()) break;
      auto it = flat.begin();
      std::advance(it, std::uniform_int_distribution<std::size_t>(0, flat.size() - 1)(rng));
      try {
        doc[Json::json_pointer(it.key())] = random_value(rng);
      } catch (const Json::exception&) {
        // an earlier edit changed the shape under this pointer; skip it
      }
    }
    const std::string text = doc.dump(-1, ' ', false, Json::error_handler_t::replace);
    INFO(text);
    REQUIRE(parses_without_throwing(text));
  }
}

TEST_CASE("Definitions.Fuzz.ExpressionParsersOnRandomText") {
  std::mt19937 rng(13);
  const std::string alphabet = "$.[]()?@*,:'\"\\{}%|&!=<>^~#0123456789-+/ abcSt_\xc3\xa9";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    if (i % 2 == 0) text = kFragments[std::uniform_int_distribution<std::size_t>(0, kFragments.size() - 1)(rng)];
    for (int n = std::uniform_int_distribution<int>(0, 24)(rng); n > 0; --n)
      text += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    INFO(text);
    CHECK_NOTHROW((void)JsonPath::parse(text));
    CHECK_NOTHROW((void)parse_intrinsic(text));
    CHECK_NOTHROW((void)parse_jsonata(text));
    CHECK_NOTHROW((void)parse_intrinsic("States.Array(" + text + ")"));
  }
}
