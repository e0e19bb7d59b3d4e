// The crash suite: 200 executions mixing Waits, retries, Parallel and Map, with tasks served by
// a worker process each, while the server is killed with SIGKILL at random moments and started
// again. Every execution must end with exactly the output of an uninterrupted run (`stepwise run`
// of the same definition and input), the same events (no task applied twice, none lost), and a
// gap-free history.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "tests/cli/process.h"
#include "tests/server/server_process.h"

using stepwise::Json;
using namespace std::chrono_literals;

namespace {

const std::string kMachines = "arn:aws:states:us-east-1:123456789012:stateMachine:";

const std::map<std::string, std::string> kDefinitions = {
    {"wait-task", R"J({"StartAt":"Init","States":{
      "Init":{"Type":"Pass","Result":1,"ResultPath":"$.one","Next":"Nap"},
      "Nap":{"Type":"Wait","Seconds":1,"Next":"Add"},
      "Add":{"Type":"Task","Resource":"local:work","Parameters":{"op":"add","a.$":"$.v","b.$":"$.one"},
             "ResultPath":"$.added","Next":"Nap2"},
      "Nap2":{"Type":"Wait","SecondsPath":"$.one","End":true}}})J"},
    {"retry", R"J({"StartAt":"Try","States":{
      "Try":{"Type":"Task","Resource":"local:work",
             "Parameters":{"op":"flaky","v.$":"$.v","retry.$":"$$.State.RetryCount"},
             "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":2}],"End":true}}})J"},
    {"parallel", R"J({"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
      {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"local:work","Parameters":{"op":"add","a.$":"$.v","b":100},"End":true}}},
      {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"B"},
        "B":{"Type":"Task","Resource":"local:work","Parameters":{"op":"add","a.$":"$.v","b":200},"End":true}}}]}}})J"},
    {"map", R"J({"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
      "ItemSelector":{"x.$":"$$.Map.Item.Value","v.$":"$.v"},
      "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:work",
        "Parameters":{"op":"add","a.$":"$.x","b.$":"$.v"},"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":0}],"End":true}}},
      "End":true}}})J"},
};

struct Case {
  std::string machine, name, input;
  std::string expected_output;
  std::vector<std::string> expected_types;  // sorted
};

std::vector<Case> make_cases() {
  std::vector<Case> cases;
  const std::vector<std::string> machines = {"wait-task", "retry", "parallel", "map"};
  for (int i = 0; i < 200; ++i) {
    Case c;
    c.machine = machines[static_cast<std::size_t>(i) % machines.size()];
    c.name = "run-" + std::to_string(i);
    Json input = {{"v", i}};
    if (c.machine == "map") input["items"] = Json::array({i, i + 1, i + 2});
    c.input = input.dump();
    cases.push_back(std::move(c));
  }
  return cases;
}

// The uninterrupted run: `stepwise run` with the same worker (not sleeping) on a virtual clock.
void run_reference(Case& c, const std::string& dir) {
  const std::string file = dir + "/" + c.machine + ".json";
  auto r = run_stepwise({"run", file, "--input", c.input, "--virtual-time", "--history", "--worker",
                         std::string("work=") + CRASH_WORKER + " 0"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  c.expected_output = r.out.substr(0, r.out.find_last_not_of('\n') + 1);
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) c.expected_types.push_back(Json::parse(line)["type"]);
  std::sort(c.expected_types.begin(), c.expected_types.end());
}

}  // namespace

TEST_CASE("Server.Crash.SigkillAtRandomMomentsLosesNothing") {
  TempPath db(".db");
  TempPath dir("-defs");
  std::filesystem::create_directories(dir.path);
  for (const auto& [name, text] : kDefinitions) std::ofstream(dir.path + "/" + name + ".json") << text;
  std::vector<Case> cases = make_cases();
  for (auto& c : cases) run_reference(c, dir.path);

  const std::vector<std::string> args = {"--db", db.path, "--definitions", dir.path, "--worker",
                                         std::string("work=") + CRASH_WORKER + " 40"};
  auto server = std::make_unique<ServerProcess>(args, db.path + ".log");
  REQUIRE_MESSAGE(server->started(), server->log());
  std::atomic<int> port{server->port()};

  // The client starts every execution, retrying the same name and input after a crash (a start
  // that was committed but not answered is then found running, or already ended).
  std::atomic<int> started{0};
  std::thread client([&] {
    for (const Case& c : cases) {
      for (int attempt = 0; attempt < 500; ++attempt) {
        auto r = aws(port.load(), "StartExecution",
                     {{"stateMachineArn", kMachines + c.machine}, {"name", c.name}, {"input", c.input}});
        if (r.status == 200) break;
        if (r.status == 400 && r.body.value("__type", "") == "ExecutionAlreadyExists") break;
        std::this_thread::sleep_for(10ms);
      }
      ++started;
      std::this_thread::sleep_for(8ms);
    }
  });

  std::mt19937 rng(20261202);
  int kills = 0, resumed = 0;
  for (; kills < 6; ++kills) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(250, 800)(rng)));
    server->kill9();
    port = 1;  // nothing listens there: the client waits
    server = std::make_unique<ServerProcess>(args, db.path + ".log");
    REQUIRE_MESSAGE(server->started(), server->log());
    port = server->port();
    const std::string log = server->log();
    const auto at = log.find(" running executions resumed");
    REQUIRE(at != std::string::npos);
    resumed += std::atoi(log.c_str() + log.rfind(", ", at) + 2);
  }
  client.join();
  CHECK(started == 200);
  MESSAGE("killed the server " << kills << " times; " << resumed << " running executions resumed in all");
  CHECK(resumed > 0);  // the kills hit executions in flight

  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (const Case& c : cases) {
    const std::string arn = "arn:aws:states:us-east-1:123456789012:execution:" + c.machine + ":" + c.name;
    Json d;
    while (std::chrono::steady_clock::now() < deadline) {
      d = aws(port, "DescribeExecution", {{"executionArn", arn}}).body;
      if (d.value("status", "") != "RUNNING") break;
      std::this_thread::sleep_for(20ms);
    }
    INFO(c.name << " (" << c.machine << "): " << aws(port, "GetExecutionHistory", {{"executionArn", arn}}).text);
    REQUIRE(d.value("status", "") == "SUCCEEDED");
    CHECK(d["input"] == c.input);
    CHECK(d["output"] == c.expected_output);
    auto h = aws(port, "GetExecutionHistory", {{"executionArn", arn}, {"maxResults", 1000}}).body;
    std::vector<std::string> types;
    for (std::size_t i = 0; i < h["events"].size(); ++i) {
      const Json& e = h["events"][i];
      CHECK(e["id"] == i + 1);
      CHECK(e["previousEventId"].get<std::int64_t>() < e["id"].get<std::int64_t>());
      types.push_back(e["type"]);
    }
    std::sort(types.begin(), types.end());
    CHECK(types == c.expected_types);
  }
}
