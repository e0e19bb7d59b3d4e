// The operator commands (`stepwise executions ...`, `stepwise task ...`) against the real server:
// tables and --json, exit codes, and every refusal named.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "tests/cli/process.h"
#include "tests/server/server_process.h"

using stepwise::Json;

namespace {

const char* kHello = R"J({"StartAt":"Greet","States":{"Greet":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('Hello, {}!', $.name)"},"End":true}}})J";
const char* kLong = R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}})J";
const char* kCallback = R"J({"StartAt":"Ask","States":{"Ask":{"Type":"Task",
  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
  "Parameters":{"FunctionName":"approver","Payload":{"token.$":"$$.Task.Token"}},"End":true}}})J";

ProcessResult cli(int port, std::vector<std::string> args) {
  args.push_back("--server");
  args.push_back("http://127.0.0.1:" + std::to_string(port));
  return run_stepwise(args);
}

void create(int port, const char* name, const char* definition) {
  auto r = rest(port, "POST", "/v1/state-machines", Json{{"name", name}, {"definition", Json::parse(definition)}}.dump());
  REQUIRE(r.status == 201);
}

}  // namespace

TEST_CASE("Server.OperatorCli.ExecutionsListDescribeHistoryStartStop") {
  TempPath db(".db");
  ServerProcess server({"--db", db.path}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  create(port, "hello", kHello);
  create(port, "long", kLong);

  auto started = cli(port, {"executions", "start", "hello", "--name", "ada", "--input", R"({"name":"Ada"})"});
  CHECK(started.exit_code == 0);
  CHECK(started.out.find("Status:     SUCCEEDED") != std::string::npos);
  CHECK(started.out.find(R"(Output:     {"greeting":"Hello, Ada!"})") != std::string::npos);
  CHECK(cli(port, {"executions", "start", "long", "--name", "w1"}).exit_code == 0);

  auto list = cli(port, {"executions", "list"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.rfind("NAME  STATUS     MACHINE  STARTED", 0) == 0);
  CHECK(list.out.find("w1    RUNNING    long") != std::string::npos);
  CHECK(list.out.find("ada   SUCCEEDED  hello") != std::string::npos);
  auto running = cli(port, {"executions", "list", "--status", "RUNNING", "--json"});
  CHECK(running.exit_code == 0);
  auto parsed = Json::parse(running.out);
  REQUIRE(parsed["executions"].size() == 1);
  CHECK(parsed["executions"][0]["name"] == "w1");
  CHECK(Json::parse(cli(port, {"executions", "list", "--machine", "hello", "--json"}).out)["executions"].size() == 1);
  CHECK(Json::parse(cli(port, {"executions", "list", "--limit", "1", "--json"}).out)["executions"].size() == 1);

  auto history = cli(port, {"executions", "history", "hello:ada"});
  CHECK(history.exit_code == 0);
  CHECK(history.out.find("PassStateEntered    Greet") != std::string::npos);
  auto events = Json::parse(cli(port, {"executions", "history", "hello:ada", "--json", "--reverse"}).out)["events"];
  REQUIRE(events.size() == 4);
  CHECK(events[0]["type"] == "ExecutionSucceeded");

  auto stopped = cli(port, {"executions", "stop", "long:w1", "--error", "Ops.Cancelled", "--cause", "by hand", "--json"});
  CHECK(stopped.exit_code == 0);
  CHECK(Json::parse(stopped.out)["status"] == "ABORTED");
  CHECK(Json::parse(cli(port, {"executions", "describe", "long:w1", "--json"}).out)["error"] == "Ops.Cancelled");

  SUBCASE("refusals are exit 1 with the server's reason") {
    auto missing = cli(port, {"executions", "describe", "hello:nobody"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("ExecutionDoesNotExist") != std::string::npos);
    auto bad_status = cli(port, {"executions", "list", "--status", "SLEEPING"});
    CHECK(bad_status.exit_code == 1);
    CHECK(bad_status.err.find("status must be one of") != std::string::npos);
    auto no_machine = cli(port, {"executions", "start", "nosuch"});
    CHECK(no_machine.exit_code == 1);
    CHECK(no_machine.err.find("StateMachineDoesNotExist") != std::string::npos);
  }
  SUBCASE("usage errors are exit 2") {
    CHECK(cli(port, {"executions", "describe"}).exit_code == 2);
    CHECK(cli(port, {"executions", "frobnicate", "x"}).exit_code == 2);
    CHECK(cli(port, {"executions", "list", "--limit", "zero"}).exit_code == 2);
    auto bad_input = cli(port, {"executions", "start", "hello", "--input", "{nope"});
    CHECK(bad_input.exit_code == 2);
    CHECK(bad_input.err.find("--input is not JSON") != std::string::npos);
  }
}

TEST_CASE("Server.OperatorCli.TaskSucceedFailHeartbeat") {
  TempPath db(".db");
  ServerProcess server({"--db", db.path, "--token", "s3cret"}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  auto created = rest(port, "POST", "/v1/state-machines", Json{{"name", "ask"}, {"definition", Json::parse(kCallback)}}.dump(), "s3cret");
  REQUIRE(created.status == 201);
  auto token_of = [&](const std::string& name) {
    auto started = rest(port, "POST", "/v1/state-machines/ask/executions", Json{{"name", name}}.dump(), "s3cret");
    REQUIRE(started.status == 201);
    auto polled = rest(port, "POST", "/v1/workers/poll", R"({"functions":["approver"],"waitSeconds":5})", "s3cret");
    REQUIRE(polled.status == 200);
    return polled.body["input"]["token"].get<std::string>();
  };
  const std::string yes = token_of("yes");
  auto unauthorized = cli(port, {"task", "heartbeat", yes});
  CHECK(unauthorized.exit_code == 1);
  CHECK(unauthorized.err.find("Unauthorized") != std::string::npos);
  CHECK(cli(port, {"task", "heartbeat", yes, "--token", "s3cret"}).exit_code == 0);
  CHECK(cli(port, {"task", "succeed", yes, R"({"approved":true})", "--token", "s3cret"}).exit_code == 0);
  auto spent = cli(port, {"task", "succeed", yes, "{}", "--token", "s3cret"});
  CHECK(spent.exit_code == 1);
  CHECK(spent.err.find("TaskTimedOut") != std::string::npos);
  const std::string no = token_of("no");
  CHECK(cli(port, {"task", "fail", no, "--error", "Approval.Denied", "--cause", "too big", "--token", "s3cret"}).exit_code == 0);
  for (int i = 0; i < 200; ++i) {
    if (rest(port, "GET", "/v1/executions/ask:no", "", "s3cret").body["status"] != "RUNNING") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto yes_row = rest(port, "GET", "/v1/executions/ask:yes", "", "s3cret").body;
  CHECK(yes_row["status"] == "SUCCEEDED");
  CHECK(yes_row["output"] == Json{{"approved", true}});
  auto no_row = rest(port, "GET", "/v1/executions/ask:no", "", "s3cret").body;
  CHECK(no_row["status"] == "FAILED");
  CHECK(no_row["error"] == "Approval.Denied");
  CHECK(no_row["cause"] == "too big");

  auto invalid = cli(port, {"task", "succeed", "not-a-token", "--token", "s3cret"});
  CHECK(invalid.exit_code == 1);
  CHECK(invalid.err.find("InvalidToken") != std::string::npos);
  CHECK(cli(port, {"task", "succeed", yes, "{oops", "--token", "s3cret"}).exit_code == 2);
  auto unreachable = run_stepwise({"task", "heartbeat", yes, "--server", "127.0.0.1:1"});
  CHECK(unreachable.exit_code == 1);
  CHECK(unreachable.err.find("cannot reach the Stepwise server at http://127.0.0.1:1") != std::string::npos);
}
