// `stepwise run`: the exit-code contract, command workers as real processes, --history,
// --virtual-time, every sample.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "definitions/json.h"
#include "tests/cli/process.h"

using stepwise::Json;

namespace {

std::string src(const std::string& rel) { return std::string(STEPWISE_SOURCE_DIR) + "/" + rel; }

std::string write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("stepwise-run-test-" + name);
  std::ofstream(path) << text;
  return path.string();
}

Json last_line(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  return Json::parse(t.substr(t.find_last_of('\n') == std::string::npos ? 0 : t.find_last_of('\n') + 1));
}

const char* kDouble = R"J({"StartAt":"D","States":{"D":{"Type":"Task","Resource":"local:double","End":true}}})J";

}  // namespace

TEST_CASE("Cli.Run.SucceededPrintsTheOutputAndExitsZero") {
  auto file = write_temp("pass.json", R"J({"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"ResultPath":"$.r","End":true}}})J");
  auto r = run_stepwise({"run", file, "--input", R"({"a":1})"});
  CHECK(r.exit_code == 0);
  CHECK(Json::parse(r.out) == Json::parse(R"({"a":1,"r":{"ok":true}})"));
  CHECK(r.err.empty());
}

TEST_CASE("Cli.Run.FailedExitsOneWithStatusErrorCauseAsTheLastStderrLine") {
  auto file = write_temp("fail.json", R"J({"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Nope","Cause":"because"}}})J");
  auto r = run_stepwise({"run", file});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(last_line(r.err) == Json{{"status", "FAILED"}, {"error", "Nope"}, {"cause", "because"}});
}

TEST_CASE("Cli.Run.TimedOutExitsOne") {
  auto file = write_temp("timeout.json", R"J({"TimeoutSeconds":1,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}})J");
  auto r = run_stepwise({"run", file, "--virtual-time"});
  CHECK(r.exit_code == 1);
  CHECK(last_line(r.err)["status"] == "TIMED_OUT");
  CHECK(last_line(r.err)["error"] == "States.Timeout");
}

TEST_CASE("Cli.Run.InvalidDefinitionOrUsageExitsTwo") {
  auto bad = write_temp("bad.json", R"J({"StartAt":"Missing","States":{"P":{"Type":"Pass","End":true}}})J");
  auto r = run_stepwise({"run", bad});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("Missing") != std::string::npos);
  CHECK(run_stepwise({"run"}).exit_code == 2);
  CHECK(run_stepwise({"run", bad, "--bogus"}).exit_code == 2);
  auto good = write_temp("good.json", R"J({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})J");
  auto notjson = run_stepwise({"run", good, "--input", "{oops"});
  CHECK(notjson.exit_code == 2);
  CHECK(notjson.err.find("not valid JSON") != std::string::npos);
  CHECK(run_stepwise({"run", "/nonexistent/file.json"}).exit_code == 2);
  CHECK(run_stepwise({"run", good, "--worker", "noequals"}).exit_code == 2);
}

TEST_CASE("Cli.Run.InputFromAFile") {
  auto file = write_temp("echo.json", R"J({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})J");
  auto input = write_temp("input.json", R"({"from":"file"})");
  auto r = run_stepwise({"run", file, "--input", "@" + input});
  CHECK(r.exit_code == 0);
  CHECK(Json::parse(r.out) == Json{{"from", "file"}});
  auto piped = run_stepwise({"run", file, "--input", "@-"}, R"({"from":"stdin"})");
  CHECK(Json::parse(piped.out) == Json{{"from", "stdin"}});
}

TEST_CASE("Cli.Run.CommandWorkerResult") {
  auto file = write_temp("double.json", kDouble);
  auto r = run_stepwise({"run", file, "--input", R"({"n":21})", "--worker", "double=python3 " + src("tests/cli/workers/double.py")});
  CHECK(r.exit_code == 0);
  CHECK(Json::parse(r.out) == Json{{"n", 42}});
}

TEST_CASE("Cli.Run.LambdaInvokeResultsInTheEnvelopeButNotACallbacks") {
  // lambda:invoke gives Lambda's response with the function's answer as Payload; with
  // .waitForTaskToken the result is what is sent with the token, which the worker stands for here.
  auto file = write_temp("invoke.json", R"J({"StartAt":"Invoke","States":{
      "Invoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "Parameters":{"FunctionName":"double","Payload.$":"$"},"ResultPath":"$.invoked","Next":"Callback"},
      "Callback":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters":{"FunctionName":"double","Payload":{"n.$":"$.n","token.$":"$$.Task.Token"}},
        "ResultPath":"$.called","End":true}}})J");
  auto r = run_stepwise({"run", file, "--input", R"({"n":21})", "--worker", "double=python3 " + src("tests/cli/workers/double.py")});
  REQUIRE(r.exit_code == 0);
  const Json out = Json::parse(r.out);
  CHECK(out["invoked"]["Payload"] == Json{{"n", 42}});
  CHECK(out["invoked"]["StatusCode"] == 200);
  CHECK(out["called"] == Json{{"n", 42}});
}

TEST_CASE("Cli.Run.CausesQuoteTheInputAsItWasWritten") {
  // Recorded on AWS: the cause quotes the StartExecution input verbatim, spaces included.
  auto file = write_temp("verbatim.json",
                         R"J({"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"a":2,"b.$":"$.value"},"End":true}}})J");
  auto r = run_stepwise({"run", file, "--input", R"({"a": 1,       "b": 2})"});
  CHECK(r.exit_code == 1);
  // And an output that is the input, passed through, is printed as it was written.
  auto through = write_temp("through.json", R"J({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})J");
  CHECK(run_stepwise({"run", through, "--input", R"({"a":  [1, 2]})"}).out == "{\"a\":  [1, 2]}\n");
  CHECK(last_line(r.err)["cause"] ==
        "An error occurred while executing the state 'A' (entered at the event id #2). The JSONPath '$.value' "
        "specified for the field 'b.$' could not be found in the input '{\"a\": 1,       \"b\": 2}'");
}

TEST_CASE("Cli.Run.CommandWorkerFailures") {
  auto file = write_temp("double2.json", kDouble);
  SUBCASE("error and cause from stdout") {
    auto r = run_stepwise({"run", file, "--worker", "double=python3 " + src("tests/cli/workers/fail.py") + " Payment.Declined"});
    CHECK(r.exit_code == 1);
    CHECK(last_line(r.err) == Json{{"status", "FAILED"}, {"error", "Payment.Declined"}, {"cause", "declined by the worker"}});
  }
  SUBCASE("stderr is the cause of States.TaskFailed") {
    auto r = run_stepwise({"run", file, "--worker", "double=python3 " + src("tests/cli/workers/fail.py")});
    CHECK(last_line(r.err) == Json{{"status", "FAILED"}, {"error", "States.TaskFailed"}, {"cause", "plain failure on stderr"}});
  }
  SUBCASE("output that is not JSON") {
    auto r = run_stepwise({"run", file, "--worker", "double=" + src("tests/cli/workers/not_json.sh")});
    CHECK(last_line(r.err)["error"] == "States.TaskFailed");
    CHECK(last_line(r.err)["cause"].get<std::string>().find("not JSON") != std::string::npos);
  }
  SUBCASE("a program that cannot start") {
    auto r = run_stepwise({"run", file, "--worker", "double=/no/such/program"});
    CHECK(last_line(r.err)["error"] == "States.TaskFailed");
    CHECK(last_line(r.err)["cause"].get<std::string>().find("Could not start") != std::string::npos);
  }
  SUBCASE("no worker for the function") {
    auto r = run_stepwise({"run", file});
    CHECK(last_line(r.err)["cause"].get<std::string>().find("double") != std::string::npos);
  }
  SUBCASE("arguments are never given to a shell") {
    auto r = run_stepwise({"run", file, "--worker", "double=echo {\"n\":1}; rm -rf /tmp/x"});
    CHECK(r.exit_code == 1);  // echo prints the words verbatim: not JSON, and nothing else runs
    CHECK(last_line(r.err)["cause"].get<std::string>().find("not JSON") != std::string::npos);
  }
}

TEST_CASE("Cli.Run.HistoryIsJsonLinesOnStderr") {
  auto file = write_temp("hist.json", R"J({"StartAt":"P","States":{"P":{"Type":"Pass","Next":"W"},"W":{"Type":"Wait","Seconds":5,"End":true}}})J");
  auto r = run_stepwise({"run", file, "--history", "--virtual-time"});
  CHECK(r.exit_code == 0);
  std::istringstream lines(r.err);
  std::vector<std::string> types;
  std::string line;
  while (std::getline(lines, line)) {
    Json e = Json::parse(line);
    types.push_back(e["type"]);
    CHECK(e["id"] == types.size());
  }
  CHECK(types == std::vector<std::string>{"ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered",
                                          "WaitStateExited", "ExecutionSucceeded"});
}

TEST_CASE("Cli.Run.VirtualTimeMakesAThreeDayWaitInstant") {
  auto file = write_temp("long.json", R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":259200,"End":true}}})J");
  auto start = std::chrono::steady_clock::now();
  auto r = run_stepwise({"run", file, "--virtual-time"}, "", 10000);
  CHECK(r.exit_code == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("Cli.Run.RealTimeWaitsForReal") {
  auto file = write_temp("short.json", R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}})J");
  auto start = std::chrono::steady_clock::now();
  auto r = run_stepwise({"run", file});
  CHECK(r.exit_code == 0);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(900));
}

TEST_CASE("Cli.Run.EverySampleRuns") {
  const std::string workers = src("samples/workers/");
  auto hello = run_stepwise({"run", src("samples/hello.asl.json"), "--input", R"({"name":"Ada"})"});
  CHECK(hello.exit_code == 0);
  for (const auto& entry : std::filesystem::directory_iterator(src("samples"))) {
    if (entry.path().extension() != ".json") continue;
    auto args_file = entry.path().string();
    args_file.replace(args_file.size() - 9, 9, ".run");  // NAME.asl.json -> NAME.run: one argument per line
    CAPTURE(args_file);
    std::ifstream in(args_file);
    if (!in) {  // a sample that needs a server (a callback from outside) is run by its script
      CHECK(std::filesystem::exists(args_file.substr(0, args_file.size() - 4)));
      continue;
    }
    std::vector<std::string> args{"run", entry.path().string(), "--virtual-time"};
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) args.push_back(std::regex_replace(line, std::regex("\\$SAMPLES"), src("samples")));
    auto r = run_stepwise(args);
    CAPTURE(r.err);
    CHECK(r.exit_code == 0);
  }
}
