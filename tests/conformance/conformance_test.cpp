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

// Answers from the case's stubs. With answer_now, a stub that answers does so inside the step
// (TaskDispatcher::run_now), as in-process handlers do in a local run; every case runs both ways.
class StubDispatcher final : public engine::TaskDispatcher {
 public:
  StubDispatcher(const Json& stubs, bool answer_now) : stubs_(stubs), answer_now_(answer_now) {}

  bool dispatch(engine::TaskRequest request, const Done& done) override {
    auto outcome = answer(request);
    if (!outcome) return false;  // hangs
    done(std::move(*outcome));
    return true;
  }

  bool run_now(engine::TaskRequest& request, const std::function<std::string()>& make_token,
               engine::TaskOutcome& outcome) override {
    if (!answer_now_ || hangs(request)) return false;
    if (request.token.empty()) request.token = make_token();  // Lambda's envelope needs it
    outcome = std::move(*answer(request));
    return true;
  }

  std::map<std::string, Json> calls;

 private:
  const Json* stub_list(const engine::TaskRequest& request, std::string* name) const {
    auto ref = workers::resolve_function(*request.resource, &request.input);
    if (!ref) return nullptr;
    if (name) *name = std::string(ref->name);
    const std::string key(ref->name);
    return stubs_.contains(key) && !stubs_[key].empty() ? &stubs_[key] : nullptr;
  }

  bool hangs(const engine::TaskRequest& request) const {
    std::string name;
    const Json* list = stub_list(request, &name);
    if (!list) return false;
    auto used = used_.find(name);
    const std::size_t n = used == used_.end() ? 0 : used->second;
    return (*list)[std::min(n, list->size() - 1)].value("hang", false);
  }

  // nullopt: the stub hangs (never answers).
  std::optional<engine::TaskOutcome> answer(const engine::TaskRequest& request) {
    engine::TaskOutcome outcome;
    outcome.task_id = request.id;
    auto ref = workers::resolve_function(*request.resource, &request.input);
    if (!ref) {
      outcome.error = "States.TaskFailed";
      outcome.cause = ref.error().message;
      return outcome;
    }
    const std::string name(ref->name);
    Json input = request.input;
    if (ref->kind == workers::FunctionKind::LambdaInvoke)
      input = request.input.contains("Payload") ? request.input["Payload"] : Json::object();
    calls[name].push_back(input);
    const Json* list = stub_list(request, nullptr);
    if (!list) {
      outcome.error = "States.TaskFailed";
      outcome.cause = "no stub for " + name;
      return outcome;
    }
    std::size_t& n = used_[name];
    const Json& stub = (*list)[std::min(n, list->size() - 1)];
    ++n;
    if (stub.value("hang", false)) return std::nullopt;
    if (stub.contains("error")) {
      outcome.error = stub["error"].get<std::string>();
      if (stub.contains("cause")) outcome.cause = stub["cause"].get<std::string>();
    } else {
      outcome.succeeded = true;
      outcome.output = stub.contains("output") ? stub["output"] : Json::object();
      if (ref->kind == workers::FunctionKind::LambdaInvoke &&
          ref->pattern != definitions::IntegrationPattern::WaitForTaskToken)
        outcome.output = workers::lambda_invoke_envelope(std::move(outcome.output), request.token);
    }
    return outcome;
  }

  const Json& stubs_;
  const bool answer_now_;
  std::map<std::string, std::size_t> used_;
};

std::vector<std::filesystem::path> case_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(STEPWISE_SOURCE_DIR) + "/tests/conformance/cases"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

void run_case(const Json& c, bool answer_now) {
  const std::string name = c.at("name").get<std::string>();
  CAPTURE(name);
  CAPTURE(answer_now);
  auto parsed = definitions::parse_definition(c.at("definition").dump());
  std::string diagnostics;
  for (const auto& d : parsed.diagnostics) diagnostics += d.location + ": " + d.message + "\n";
  CAPTURE(diagnostics);
  CHECK(parsed.machine);
  if (!parsed.machine) return;
  const Json stubs = c.value("tasks", Json::object());
  StubDispatcher dispatcher(stubs, answer_now);
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
      run_case(c, false);
      run_case(c, true);
      ++count;
    }
  }
  MESSAGE("conformance cases: " << count);
  CHECK(count >= 250);
}
