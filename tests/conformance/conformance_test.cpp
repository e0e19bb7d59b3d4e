// The data-driven conformance suite: every case under tests/conformance/cases/*.json runs through
// the real interpreter with stubbed task results, on virtual time, and its status, output, error,
// cause and history event types are compared with what AWS returns. A case is
//   {"name", "definition", "input", "tasks": {FUNCTION: [STUB...]},
//    "expect": {"status", "output", "error", "cause", "events": [TYPE...], "calls": {FUNCTION: [INPUT...]}}}
// where a STUB is {"output": X}, {"error": E, "cause": C} or {"hang": true} (never answers); a
// function's calls take its stubs in order and the last one repeats.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "definitions/parse.h"
#include "engine/local_runner.h"
#include "workers/function_dispatcher.h"
#include "workers/function_ref.h"

using namespace stepwise;

namespace {

class StubDispatcher final : public engine::TaskDispatcher {
 public:
  explicit StubDispatcher(const Json& stubs) : stubs_(stubs) {}

  bool dispatch(engine::TaskRequest request, const Done& done) override {
    engine::TaskOutcome outcome;
    outcome.task_id = request.id;
    auto ref = workers::resolve_function(*request.resource, &request.input);
    if (!ref) {
      outcome.error = "States.TaskFailed";
      outcome.cause = ref.error().message;
      done(std::move(outcome));
      return true;
    }
    Json input = request.input;
    if (ref->kind == workers::FunctionKind::LambdaInvoke)
      input = request.input.contains("Payload") ? request.input["Payload"] : Json::object();
    calls[ref->name].push_back(input);
    const Json* list = stubs_.contains(ref->name) ? &stubs_[ref->name] : nullptr;
    if (!list || list->empty()) {
      outcome.error = "States.TaskFailed";
      outcome.cause = "no stub for " + ref->name;
      done(std::move(outcome));
      return true;
    }
    std::size_t& n = used_[ref->name];
    const Json& stub = (*list)[std::min(n, list->size() - 1)];
    ++n;
    if (stub.value("hang", false)) return false;
    if (stub.contains("error")) {
      outcome.error = stub["error"].get<std::string>();
      if (stub.contains("cause")) outcome.cause = stub["cause"].get<std::string>();
    } else {
      outcome.succeeded = true;
      outcome.output = stub.contains("output") ? stub["output"] : Json::object();
      if (ref->kind == workers::FunctionKind::LambdaInvoke)
        outcome.output = workers::lambda_invoke_envelope(std::move(outcome.output), request.token);
    }
    done(std::move(outcome));
    return true;
  }

  std::map<std::string, Json> calls;

 private:
  const Json& stubs_;
  std::map<std::string, std::size_t> used_;
};

std::vector<std::filesystem::path> case_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(STEPWISE_SOURCE_DIR) + "/tests/conformance/cases"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

void run_case(const Json& c) {
  const std::string name = c.at("name").get<std::string>();
  CAPTURE(name);
  auto parsed = definitions::parse_definition(c.at("definition").dump());
  std::string diagnostics;
  for (const auto& d : parsed.diagnostics) diagnostics += d.location + ": " + d.message + "\n";
  CAPTURE(diagnostics);
  CHECK(parsed.machine);
  if (!parsed.machine) return;
  const Json stubs = c.value("tasks", Json::object());
  StubDispatcher dispatcher(stubs);
  engine::RunOptions options;
  options.virtual_time = true;
  options.seed = 42;
  engine::LocalRunner runner(dispatcher, options);
  auto result = runner.run(parsed.machine, engine::local_execution_info("conformance", "case"),
                           c.value("input", Json::object()));
  const Json& expect = c.at("expect");
  std::vector<std::string> types;
  for (const auto& e : result.history) types.push_back(e.type);
  CAPTURE(Json(types).dump());
  CHECK(engine::to_string(result.status) == expect.value("status", std::string("SUCCEEDED")));
  if (expect.contains("output")) CHECK(result.output.dump() == expect["output"].dump());
  if (expect.contains("error")) CHECK(result.error == expect["error"].get<std::string>());
  if (expect.contains("cause")) {
    if (expect["cause"].is_null()) CHECK_FALSE(result.cause.has_value());
    else CHECK(result.cause.value_or("<none>") == expect["cause"].get<std::string>());
  }
  if (expect.contains("events")) CHECK(Json(types).dump() == expect["events"].dump());
  if (expect.contains("calls"))
    for (const auto& [fn, inputs] : expect["calls"].items()) CHECK(Json(dispatcher.calls[fn]).dump() == inputs.dump());
  // History is well formed: ids are consecutive and previous ids point backwards.
  for (std::size_t i = 0; i < result.history.size(); ++i) {
    CHECK(result.history[i].id == static_cast<std::int64_t>(i + 1));
    CHECK(result.history[i].previous_event_id < result.history[i].id);
  }
}

}  // namespace

TEST_CASE("Conformance.Cases") {
  std::size_t count = 0;
  for (const auto& file : case_files()) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    Json cases = Json::parse(text.str());
    REQUIRE(cases.is_array());
    for (const auto& c : cases) {
      const std::string where = file.filename().string();
      CAPTURE(where);
      run_case(c);
      ++count;
    }
  }
  MESSAGE("conformance cases: " << count);
  CHECK(count >= 250);
}
