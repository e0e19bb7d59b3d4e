// `stepwise validate` as a user runs it: the real binary, real files, exit codes and output.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "definitions/json.h"
#include "tests/cli/process.h"

using stepwise::Json;
namespace fs = std::filesystem;

namespace {

const std::string kSamples = STEPWISE_SOURCE_DIR "/samples";

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("stepwise-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
    return (path / name).string();
  }
};

std::vector<std::string> sample_files() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(kSamples))
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Json> json_lines(const std::string& text) {
  std::vector<Json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(Json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("Cli.Validate.EverySampleIsValid") {
  auto files = sample_files();
  REQUIRE(files.size() >= 6);
  std::vector<std::string> args{"validate"};
  args.insert(args.end(), files.begin(), files.end());
  auto r = run_stepwise(args);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  for (const auto& f : files) CHECK(r.out.find(f + ": valid") != std::string::npos);
}

TEST_CASE("Cli.Validate.InvalidFileExitsOneAndNamesTheField") {
  TempDir dir;
  auto file = dir.write("bad.json", R"({"StartAt":"A","States":{"A":{"Type":"Task","Resource":"local:f","TimeoutSeconds":0,"Next":"Nowhere"}}})");
  auto r = run_stepwise({"validate", file});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("invalid, 3 errors") != std::string::npos);  // and no terminal state is left
  CHECK(r.out.find("MISSING_END_STATE") != std::string::npos);
  CHECK(r.out.find("/States/A/TimeoutSeconds") != std::string::npos);
  CHECK(r.out.find("MISSING_TRANSITION_TARGET at /States/A/Next") != std::string::npos);
}

TEST_CASE("Cli.Validate.JsonOutputHasAwsShape") {
  TempDir dir;
  auto bad = dir.write("bad.json", R"({"StartAt":"A","States":{"A":{"Type":"Pass"}}})");
  auto r = run_stepwise({"validate", "--json", bad});
  CHECK(r.exit_code == 1);
  auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  const Json& response = lines.front();
  CHECK(response["result"] == "FAIL");
  CHECK(response["truncated"] == false);
  REQUIRE(response["diagnostics"].size() == 2);  // no Next/End, hence no terminal state either
  const Json& d = response["diagnostics"][0];
  CHECK(d["severity"] == "ERROR");
  CHECK(d["code"] == "SCHEMA_VALIDATION_FAILED");
  CHECK(d["location"] == "/States/A");
  CHECK(d["message"].get<std::string>().find("'Next' or 'End'") != std::string::npos);

  auto good = run_stepwise({"validate", "--json", kSamples + "/hello.asl.json"});
  CHECK(good.exit_code == 0);
  CHECK(json_lines(good.out).front() == Json::parse(R"({"result":"OK","diagnostics":[],"truncated":false})"));

  auto both = run_stepwise({"validate", "--json", bad, kSamples + "/hello.asl.json"});
  CHECK(both.exit_code == 1);
  auto two = json_lines(both.out);
  REQUIRE(two.size() == 2);
  CHECK(two[0]["file"] == bad);
  CHECK(two[1]["result"] == "OK");
}

TEST_CASE("Cli.Validate.SeverityAndMaxResultsAsAws") {
  TempDir dir;
  // Two warnings (NO_DOLLAR) and three errors.
  auto file = dir.write("mixed.json", R"({"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"a":"$.x","b":"$.y"},
    "End":true,"Foo":1,"Bar":2,"Baz":3}}})");
  auto all = json_lines(run_stepwise({"validate", "--json", file}).out).front();
  CHECK(all["diagnostics"].size() == 5);
  auto errors = json_lines(run_stepwise({"validate", "--json", "--severity", "ERROR", file}).out).front();
  CHECK(errors["diagnostics"].size() == 3);
  for (const auto& d : errors["diagnostics"]) CHECK(d["severity"] == "ERROR");
  CHECK(errors["truncated"] == false);
  auto capped = run_stepwise({"validate", "--json", "--max-results", "2", file});
  CHECK(capped.exit_code == 1);
  auto two = json_lines(capped.out).front();
  CHECK(two["diagnostics"].size() == 2);
  CHECK(two["truncated"] == true);
  CHECK(two["result"] == "FAIL");
  auto human = run_stepwise({"validate", "--max-results", "1", file});
  CHECK(human.out.find("more not shown") != std::string::npos);
  CHECK(run_stepwise({"validate", "--severity", "INFO", file}).exit_code == 2);
  CHECK(run_stepwise({"validate", "--max-results", "0", file}).exit_code == 2);
  CHECK(run_stepwise({"validate", "--max-results", "101", file}).exit_code == 2);
  CHECK(run_stepwise({"validate", "--max-results", file}).exit_code == 2);
}

TEST_CASE("Cli.Validate.UsageErrorsExitTwo") {
  CHECK(run_stepwise({"validate"}).exit_code == 2);
  CHECK(run_stepwise({"validate", "--frobnicate", kSamples + "/hello.asl.json"}).exit_code == 2);
  auto missing = run_stepwise({"validate", "/no/such/file.json"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("/no/such/file.json") != std::string::npos);
  CHECK(run_stepwise({}).exit_code == 2);
  CHECK(run_stepwise({"no-such-command"}).exit_code == 2);
  CHECK(run_stepwise({"help"}).exit_code == 0);
}

TEST_CASE("Cli.Validate.DirectoryMeansEveryJsonFileBelowIt") {
  auto r = run_stepwise({"validate", kSamples});
  CHECK(r.exit_code == 0);
  for (const auto& f : sample_files()) CHECK(r.out.find(f + ": valid") != std::string::npos);
  TempDir dir;
  fs::create_directories(dir.path / "nested");
  dir.write("nested/bad.json", R"({"StartAt":"A","States":{}})");
  dir.write("notes.txt", "not a definition");
  auto nested = run_stepwise({"validate", dir.path.string()});
  CHECK(nested.exit_code == 1);
  CHECK(nested.out.find("nested/bad.json: invalid") != std::string::npos);
  CHECK(nested.out.find("notes.txt") == std::string::npos);
  TempDir empty;
  auto none = run_stepwise({"validate", empty.path.string()});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no .json files") != std::string::npos);
}

TEST_CASE("Cli.Validate.ReadsStandardInput") {
  auto r = run_stepwise({"validate", "-"}, R"({"StartAt":"A","States":{"A":{"Type":"Succeed"}}})");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("<stdin>: valid") != std::string::npos);
}

TEST_CASE("Cli.Validate.HostileInputsNeverCrashOrHang") {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> inputs;
  inputs.emplace_back("empty.json", "");
  inputs.emplace_back("nul.json", std::string("{\"StartAt\":\"A\",\0\"States\":{}}", 26));
  inputs.emplace_back("utf8.json", "{\"StartAt\":\"\xff\xfe\",\"States\":{}}");
  inputs.emplace_back("overflow.json", R"({"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1e400,"End":true}}})");
  inputs.emplace_back("truncated.json", R"({"StartAt":"A","States":{"A":{"Type":)");
  inputs.emplace_back("brackets.json", std::string(200000, '['));
  // Parallel branches nested 1000 deep.
  std::string nested = R"({"Type":"Pass","End":true})";
  for (int i = 0; i < 1000; ++i)
    nested = R"({"Type":"Parallel","End":true,"Branches":[{"StartAt":"S)" + std::to_string(i) + R"(","States":{"S)" +
             std::to_string(i) + R"(":)" + nested + "}}]}";
  inputs.emplace_back("deep.json", R"({"StartAt":"Top","States":{"Top":)" + nested + "}}");
  // A 10 MB definition: one Pass state with a very large Result.
  std::string big = R"({"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":")" +
                    std::string(10 * 1024 * 1024, 'x') + "\"}}}";
  inputs.emplace_back("big.json", big);
  for (const auto& [name, content] : inputs) {
    auto file = dir.write(name, content);
    auto r = run_stepwise({"validate", "--json", file}, "", 30000);
    INFO(name);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 1);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["result"] == "FAIL");
    CHECK(lines[0]["diagnostics"].size() >= 1);
  }
}

TEST_CASE("Cli.Validate.GeneratedBadDefinitionsNameTheFieldAtFault") {
  // Mutate every field of every sample: remove it, give it a value of the wrong type, or add an
  // unknown sibling. Run the real binary over all of them at once.
  TempDir dir;
  std::vector<std::string> files;
  struct Fault {
    std::string field, pointer;
    bool removal;  // a removed field may only show as its consequence (say, an unreachable state)
  };
  std::vector<Fault> faults;
  std::mt19937 rng(20261123);
  for (const auto& sample : sample_files()) {
    std::ifstream in(sample);
    const Json original = Json::parse(in);
    const Json flat = original.flatten();
    for (const auto& item : flat.items()) {
      const std::string& ptr = item.key();
      const auto slash = ptr.rfind('/');
      const std::string field = ptr.substr(slash + 1);
      const std::string parent = ptr.substr(0, slash);
      for (int kind = 0; kind < 3; ++kind) {
        Json doc = original;
        std::string fault_ptr = ptr;
        std::string fault_field = field;
        if (kind == 0) {
          Json& container = doc[Json::json_pointer(parent.empty() ? "" : parent)];
          if (!container.is_object()) continue;
          container.erase(field);
        } else if (kind == 1) {
          const Json& v = item.value();
          doc[Json::json_pointer(ptr)] = v.is_string() ? Json(std::uniform_int_distribution<int>(-5, 5)(rng)) : Json("x");
        } else {
          Json& container = doc[Json::json_pointer(parent.empty() ? "" : parent)];
          if (!container.is_object()) continue;
          container["Bogus"] = 1;
          fault_ptr = parent + "/Bogus";
          fault_field = "Bogus";
        }
        files.push_back(dir.write("case" + std::to_string(files.size()) + ".json", doc.dump()));
        faults.push_back({fault_field, fault_ptr, kind == 0});
      }
    }
  }
  REQUIRE(files.size() >= 300);
  std::vector<std::string> args{"validate", "--json"};
  args.insert(args.end(), files.begin(), files.end());
  auto r = run_stepwise(args, "", 120000);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  auto lines = json_lines(r.out);
  REQUIRE(lines.size() == files.size());
  std::size_t failed = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i]["result"] != "FAIL") continue;
    ++failed;
    const auto& [field, ptr, removal] = faults[i];
    bool named = false;
    for (const auto& d : lines[i]["diagnostics"]) {
      const std::string location = d.value("location", "");
      const std::string message = d["message"];
      named = named || message.find(field) != std::string::npos ||
              (!location.empty() && (ptr.rfind(location, 0) == 0 || location.rfind(ptr, 0) == 0)) ||
              (removal && !location.empty());
    }
    CHECK_MESSAGE(named, files[i] << " (fault at " << ptr << "): " << lines[i].dump());
  }
  CHECK(failed * 10 >= lines.size() * 7);  // most mutations break a definition
}
