// The real server over HTTP on 127.0.0.1 with a real SQLite file: both faces, errors, auth,
// activity workers, and an execution that survives SIGKILL.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <vector>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/server/server_process.h"

using stepwise::Json;

namespace {

const char* kHello = R"J({"StartAt":"Greet","States":{"Greet":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('Hello, {}!', $.name)"},"End":true}}})J";
const char* kWait = R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"P"},"P":{"Type":"Pass","Result":"waited","ResultPath":"$.w","End":true}}})J";
const char* kLong = R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}})J";

const std::string kMachines = "arn:aws:states:us-east-1:123456789012:stateMachine:";
const std::string kExecutions = "arn:aws:states:us-east-1:123456789012:execution:";

// Polls DescribeExecution until the execution is no longer RUNNING.
Json wait_done(int port, const std::string& arn, int seconds = 20) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  Json last;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = aws(port, "DescribeExecution", {{"executionArn", arn}});
    if (r.status == 200) {
      last = r.body;
      if (last["status"] != "RUNNING") return last;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return last;
}

}  // namespace

TEST_CASE("Server.Rest.StateMachinesAndExecutions") {
  TempPath db(".db");
  ServerProcess server({"--db", db.path}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  CHECK(rest(port, "GET", "/v1/health").body["status"] == "ok");

  auto created = rest(port, "POST", "/v1/state-machines", Json{{"name", "hello"}, {"definition", Json::parse(kHello)}}.dump());
  CHECK(created.status == 201);
  CHECK(created.body["stateMachineArn"] == kMachines + "hello");
  CHECK(created.body["version"] == 1);
  auto again = rest(port, "POST", "/v1/state-machines", Json{{"name", "hello"}, {"definition", kWait}}.dump());
  CHECK(again.status == 409);
  CHECK(again.body["error"]["code"] == "StateMachineAlreadyExists");

  auto started = rest(port, "POST", "/v1/state-machines/hello/executions", R"({"name":"ada","input":{"name":"Ada"}})");
  CHECK(started.status == 201);
  CHECK(started.body["executionArn"] == kExecutions + "hello:ada");
  auto got = rest(port, "GET", "/v1/executions/hello:ada");
  CHECK(got.status == 200);
  CHECK(got.body["status"] == "SUCCEEDED");
  CHECK(got.body["output"] == Json{{"greeting", "Hello, Ada!"}});
  CHECK(rest(port, "GET", "/v1/executions/" + kExecutions + "hello:ada").body["name"] == "ada");
  auto history = rest(port, "GET", "/v1/executions/hello:ada/history");
  REQUIRE(history.body["events"].size() == 4);
  CHECK(history.body["events"][0]["type"] == "ExecutionStarted");
  CHECK(history.body["events"][3]["type"] == "ExecutionSucceeded");
  auto listed = rest(port, "GET", "/v1/state-machines/hello/executions?status=SUCCEEDED");
  CHECK(listed.body["executions"].size() == 1);

  // A new version by PUT; a long execution stopped.
  auto v2 = rest(port, "PUT", "/v1/state-machines/hello", Json{{"definition", Json::parse(kLong)}}.dump());
  CHECK(v2.body["version"] == 2);
  rest(port, "POST", "/v1/state-machines/hello/executions", R"({"name":"long"})");
  auto stopped = rest(port, "POST", "/v1/executions/hello:long/stop", R"({"error":"Halt","cause":"test"})");
  CHECK(stopped.body["status"] == "ABORTED");
  CHECK(stopped.body["error"] == "Halt");

  // Errors name what was wrong, with fitting statuses.
  CHECK(rest(port, "GET", "/v1/executions/hello:nope").status == 404);
  CHECK(rest(port, "GET", "/v1/state-machines/nope").status == 404);
  CHECK(rest(port, "GET", "/v1/nothing-here").status == 404);
  auto bad_json = rest(port, "POST", "/v1/state-machines", "{nope");
  CHECK(bad_json.status == 400);
  CHECK(bad_json.body["error"]["code"] == "SerializationException");
  auto typed = rest(port, "POST", "/v1/state-machines", R"({"name":"typed","definition":{},"roleArn":7})");
  CHECK(typed.status == 400);
  CHECK(typed.body["error"]["message"].get<std::string>().find("roleArn") != std::string::npos);
  auto invalid = rest(port, "POST", "/v1/state-machines", R"({"name":"bad","definition":{"StartAt":"X","States":{}}})");
  CHECK(invalid.status == 400);
  CHECK(invalid.body["error"]["code"] == "InvalidDefinition");
  CHECK(rest(port, "DELETE", "/v1/state-machines/hello").status == 200);
  CHECK(rest(port, "GET", "/v1/state-machines/hello").status == 404);
  // Its executions stay readable.
  CHECK(rest(port, "GET", "/v1/executions/hello:ada").status == 200);
  // SIGTERM: a clean stop.
  CHECK(server.terminate() == 0);
  CHECK(server.log().find("signal 15: stopping") != std::string::npos);
}

TEST_CASE("Server.Aws.ShapesPaginationAndErrors") {
  TempPath db(".db");
  ServerProcess server({"--db", db.path}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  auto created = aws(port, "CreateStateMachine", {{"name", "hello"}, {"definition", kHello},
                                                  {"roleArn", "arn:aws:iam::123456789012:role/r"},
                                                  {"tags", Json::array({{{"key", "team"}, {"value", "core"}}})}});
  REQUIRE(created.status == 200);
  CHECK(created.body["stateMachineArn"] == kMachines + "hello");
  CHECK(created.body["creationDate"].is_number());
  auto described = aws(port, "DescribeStateMachine", {{"stateMachineArn", kMachines + "hello"}});
  CHECK(described.body["definition"] == kHello);
  CHECK(described.body["status"] == "ACTIVE");
  CHECK(described.body["type"] == "STANDARD");
  CHECK(aws(port, "ListTagsForResource", {{"resourceArn", kMachines + "hello"}}).body["tags"][0]["value"] == "core");

  for (int i = 0; i < 3; ++i) {
    auto s = aws(port, "StartExecution", {{"stateMachineArn", kMachines + "hello"}, {"name", "e" + std::to_string(i)},
                                          {"input", R"({"name":"N)" + std::to_string(i) + R"("})"}});
    REQUIRE(s.status == 200);
    CHECK(s.body["executionArn"] == kExecutions + "hello:e" + std::to_string(i));
  }
  auto d = wait_done(port, kExecutions + "hello:e1");
  CHECK(d["status"] == "SUCCEEDED");
  CHECK(d["output"] == R"({"greeting":"Hello, N1!"})");
  CHECK(d["input"] == R"({"name":"N1"})");
  CHECK(d["startDate"].is_number());
  CHECK(d["stopDate"].is_number());

  // ListExecutions pages newest first.
  auto page1 = aws(port, "ListExecutions", {{"stateMachineArn", kMachines + "hello"}, {"maxResults", 2}});
  REQUIRE(page1.body["executions"].size() == 2);
  CHECK(page1.body["executions"][0]["name"] == "e2");
  REQUIRE(page1.body.contains("nextToken"));
  auto page2 = aws(port, "ListExecutions", {{"stateMachineArn", kMachines + "hello"}, {"maxResults", 2},
                                            {"nextToken", page1.body["nextToken"]}});
  REQUIRE(page2.body["executions"].size() == 1);
  CHECK(page2.body["executions"][0]["name"] == "e0");
  CHECK_FALSE(page2.body.contains("nextToken"));

  // GetExecutionHistory: pages, reverse order, data left out on request.
  const std::string e1 = kExecutions + "hello:e1";
  auto h1 = aws(port, "GetExecutionHistory", {{"executionArn", e1}, {"maxResults", 3}});
  REQUIRE(h1.body["events"].size() == 3);
  CHECK(h1.body["events"][0]["executionStartedEventDetails"]["input"] == R"({"name":"N1"})");
  auto h2 = aws(port, "GetExecutionHistory", {{"executionArn", e1}, {"maxResults", 3}, {"nextToken", h1.body["nextToken"]}});
  REQUIRE(h2.body["events"].size() == 1);
  CHECK(h2.body["events"][0]["type"] == "ExecutionSucceeded");
  CHECK_FALSE(h2.body.contains("nextToken"));
  auto rev = aws(port, "GetExecutionHistory", {{"executionArn", e1}, {"reverseOrder", true}, {"includeExecutionData", false}});
  REQUIRE(rev.body["events"].size() == 4);
  CHECK(rev.body["events"][0]["id"] == 4);
  CHECK_FALSE(rev.body["events"][0]["executionSucceededEventDetails"].contains("output"));

  // Name idempotency: same name and input of a finished execution is taken.
  auto dup = aws(port, "StartExecution", {{"stateMachineArn", kMachines + "hello"}, {"name", "e1"}, {"input", R"({"name":"N1"})"}});
  CHECK(dup.status == 400);
  CHECK(dup.body["__type"] == "ExecutionAlreadyExists");

  // Errors: AWS's __type and a message naming what was wrong.
  auto missing = aws(port, "DescribeExecution", Json::object());
  CHECK(missing.body["__type"] == "ValidationException");
  CHECK(missing.body["message"].get<std::string>().find("executionArn") != std::string::npos);
  CHECK(aws(port, "DescribeExecution", {{"executionArn", kExecutions + "hello:none"}}).body["__type"] == "ExecutionDoesNotExist");
  CHECK(aws(port, "DescribeStateMachine", {{"stateMachineArn", kMachines + "none"}}).body["__type"] == "StateMachineDoesNotExist");
  CHECK(aws(port, "StartExecution", {{"stateMachineArn", kMachines + "hello"}, {"input", "{bad"}}).body["__type"] == "InvalidExecutionInput");
  CHECK(aws(port, "StartExecution", {{"stateMachineArn", kMachines + "hello"}, {"input", std::string(300000, ' ')}}).body["__type"] == "InvalidExecutionInput");
  CHECK(aws(port, "NoSuchAction", Json::object()).body["__type"] == "UnknownOperationException");
  CHECK(aws(port, "TagResource", {{"resourceArn", kMachines + "hello"}, {"tags", Json::array({{{"key", 1}}})}}).body["__type"] == "ValidationException");
  CHECK(aws(port, "UntagResource", {{"resourceArn", kMachines + "hello"}}).body["__type"] == "ValidationException");
  CHECK(aws(port, "CreateStateMachine", {{"name", "x"}, {"definition", "{}"}}).body["__type"] == "InvalidDefinition");
  auto validated = aws(port, "ValidateStateMachineDefinition", {{"definition", R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}})"}});
  CHECK(validated.body["result"] == "FAIL");
  // A body that is not JSON, and one over the size limit: clear errors, the server keeps serving.
  {
    HttpReply r = rest(port, "POST", "/", "not json");  // no X-Amz-Target
    CHECK(r.status == 400);
  }
  auto huge = rest(port, "POST", "/v1/state-machines", std::string(5 * 1024 * 1024, 'x'));
  CHECK(huge.status == 413);
  CHECK(aws(port, "ListStateMachines", Json::object()).body["stateMachines"].size() == 1);
}

TEST_CASE("Server.Aws.ActivityWorkerLoop") {
  TempPath db(".db");
  ServerProcess server({"--db", db.path, "--activity-poll-seconds", "1"}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  auto activity = aws(port, "CreateActivity", {{"name", "approve"}});
  const std::string activity_arn = activity.body["activityArn"];
  CHECK(activity_arn == "arn:aws:states:us-east-1:123456789012:activity:approve");
  const std::string definition = R"({"StartAt":"A","States":{"A":{"Type":"Task","Resource":")" + activity_arn +
                                 R"(","HeartbeatSeconds":30,"End":true}}})";
  REQUIRE(aws(port, "CreateStateMachine", {{"name", "act"}, {"definition", definition}}).status == 200);
  // No task yet: the poll ends empty when its wait is over.
  auto empty = aws(port, "GetActivityTask", {{"activityArn", activity_arn}});
  CHECK(empty.status == 200);
  CHECK_FALSE(empty.body.contains("taskToken"));

  auto started = aws(port, "StartExecution", {{"stateMachineArn", kMachines + "act"}, {"input", R"({"amount":5})"}});
  const std::string arn = started.body["executionArn"];
  auto task = aws(port, "GetActivityTask", {{"activityArn", activity_arn}, {"workerName", "w1"}});
  REQUIRE(task.body.contains("taskToken"));
  CHECK(task.body["input"] == R"({"amount":5})");
  const std::string token = task.body["taskToken"];
  CHECK(aws(port, "SendTaskHeartbeat", {{"taskToken", token}}).status == 200);
  CHECK(aws(port, "SendTaskSuccess", {{"taskToken", token}, {"output", R"({"ok":true})"}}).status == 200);
  auto done = wait_done(port, arn);
  CHECK(done["status"] == "SUCCEEDED");
  CHECK(done["output"] == R"({"ok":true})");
  // As AWS records an activity: scheduled, then started when a worker takes it (with its name).
  auto h = aws(port, "GetExecutionHistory", {{"executionArn", arn}}).body["events"];
  std::vector<std::string> types;
  for (const auto& e : h) types.push_back(e["type"]);
  CHECK(types == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted",
                                          "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"});
  CHECK(h[3]["activityStartedEventDetails"]["workerName"] == "w1");
  CHECK(h[3]["previousEventId"] == 3);
  CHECK(h[2]["activityScheduledEventDetails"]["resource"] == activity_arn);
  CHECK(h[2]["activityScheduledEventDetails"]["heartbeatInSeconds"] == 30);
  auto repeat = aws(port, "SendTaskSuccess", {{"taskToken", token}, {"output", "{}"}});
  CHECK(repeat.body["__type"] == "TaskTimedOut");
  CHECK(aws(port, "SendTaskFailure", {{"taskToken", "garbage"}}).body["__type"] == "InvalidToken");
  CHECK(aws(port, "GetActivityTask", {{"activityArn", activity_arn + "-none"}}).body["__type"] == "ActivityDoesNotExist");
}

TEST_CASE("Server.Rest.RemoteWorkerPollsSeveralFunctions") {
  TempPath db(".db");
  ServerProcess server({"--db", db.path, "--activity-poll-seconds", "2"}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  const char* pipeline = R"J({"StartAt":"Price","States":{
    "Price":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:price","ResultPath":"$.price","Next":"Ship"},
    "Ship":{"Type":"Task","Resource":"local:ship","ResultPath":"$.shipment","End":true}}})J";
  REQUIRE(rest(port, "POST", "/v1/state-machines", Json{{"name", "pipeline"}, {"definition", Json::parse(pipeline)}}.dump()).status == 201);
  // Nothing to do yet: the poll ends empty (204) when its wait is over.
  auto idle = rest(port, "POST", "/v1/workers/poll", R"({"functions":["price","ship"],"waitSeconds":1})");
  CHECK(idle.status == 204);
  rest(port, "POST", "/v1/state-machines/pipeline/executions", R"({"name":"p1","input":{"sku":"a"}})");
  // One worker serves both functions, each task by its token.
  auto first = rest(port, "POST", "/v1/workers/poll", R"({"functions":["ship","price"],"worker":"w1","waitSeconds":5})");
  REQUIRE(first.status == 200);
  CHECK(first.body["function"] == "price");
  CHECK(first.body["input"] == Json{{"sku", "a"}});
  CHECK(rest(port, "POST", "/v1/tasks/" + first.body["taskToken"].get<std::string>() + "/success", R"({"output":9.99})").status == 200);
  auto second = rest(port, "POST", "/v1/workers/poll", R"({"functions":["ship","price"],"worker":"w1","waitSeconds":5})");
  REQUIRE(second.status == 200);
  CHECK(second.body["function"] == "ship");
  CHECK(rest(port, "POST", "/v1/tasks/" + second.body["taskToken"].get<std::string>() + "/success", R"({"output":{"tracking":"t-1"}})").status == 200);
  auto done = wait_done(port, kExecutions + "pipeline:p1");
  CHECK(done["status"] == "SUCCEEDED");
  CHECK(Json::parse(done["output"].get<std::string>()) == Json{{"sku", "a"}, {"price", 9.99}, {"shipment", {{"tracking", "t-1"}}}});
  // A spent token is refused; a bad request names its mistake.
  CHECK(rest(port, "POST", "/v1/tasks/" + first.body["taskToken"].get<std::string>() + "/success", "{}").status == 410);
  auto bad = rest(port, "POST", "/v1/workers/poll", R"({"functions":[]})");
  CHECK(bad.status == 400);
  CHECK(bad.body["error"]["message"].get<std::string>().find("functions") != std::string::npos);
  auto bad_wait = rest(port, "POST", "/v1/workers/poll", R"({"functions":["ship"],"waitSeconds":"soon"})");
  CHECK(bad_wait.status == 400);
  CHECK(bad_wait.body["error"]["message"].get<std::string>().find("waitSeconds") != std::string::npos);
}

TEST_CASE("Server.Auth.BearerTokenWhenAsked") {
  TempPath db(".db");
  ServerProcess server({"--db", db.path, "--token", "s3cret"}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  CHECK(rest(port, "GET", "/v1/health").status == 401);
  CHECK(rest(port, "GET", "/v1/health", "", "wrong").status == 401);
  CHECK(rest(port, "GET", "/v1/health", "", "s3cret").status == 200);
  CHECK(aws(port, "ListStateMachines", Json::object()).body["__type"] == "UnrecognizedClientException");
  CHECK(aws(port, "ListStateMachines", Json::object(), "s3cret").status == 200);
}

TEST_CASE("Server.Logs.JsonLinesWhenAsked") {
  TempPath db(".db");
  TempPath defs("-defs");
  std::filesystem::create_directories(defs.path);
  std::ofstream(defs.path + "/hello.json") << kHello;
  ServerProcess server({"--db", db.path, "--definitions", defs.path, "--log-format", "json"}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  std::istringstream lines(server.log());
  int json_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("stepwise: listening", 0) == 0) continue;  // stdout: the one line for people and scripts
    Json entry = Json::parse(line, nullptr, false);
    REQUIRE_MESSAGE(entry.is_object(), line);
    CHECK(entry.contains("time"));
    CHECK(entry["level"] == "info");
    CHECK(entry["message"].is_string());
    ++json_lines;
  }
  CHECK(json_lines >= 1);  // the state machine loaded from hello.json
  CHECK(rest(server.port(), "GET", "/v1/health").status == 200);
}

TEST_CASE("Server.Storage.AFullDiskIsAClearErrorAndTheServerKeepsServing") {
  TempPath db(".db");
  // Every file of the server may grow to 2 MiB at most: the database fills up.
  ServerProcess server({"--db", db.path}, db.path + ".log", 2 * 1024 * 1024);
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  REQUIRE(aws(port, "CreateStateMachine", {{"name", "hello"}, {"definition", kHello}}).status == 200);
  const std::string big = Json{{"name", std::string(60 * 1024, 'x')}}.dump();
  int started = 0;
  HttpReply failure;
  for (int i = 0; i < 200; ++i) {
    auto r = aws(port, "StartExecution", {{"stateMachineArn", kMachines + "hello"}, {"name", "n" + std::to_string(i)}, {"input", big}});
    if (r.status != 200) {
      failure = r;
      break;
    }
    ++started;
  }
  REQUIRE(started > 0);
  REQUIRE_MESSAGE(failure.status == 503, failure.text);
  CHECK(failure.body["__type"] == "Storage");
  const std::string message = failure.body.value("message", "");
  CHECK_MESSAGE(message.find("storage failure") != std::string::npos, message);
  CHECK_MESSAGE(message.find("disk full") != std::string::npos, message);
  // What was committed stays readable; the server keeps answering.
  CHECK(rest(port, "GET", "/v1/health").status == 200);
  auto first = aws(port, "DescribeExecution", {{"executionArn", kExecutions + "hello:n0"}});
  CHECK(first.status == 200);
  CHECK(first.body["status"] == "SUCCEEDED");
  CHECK(aws(port, "ListStateMachines", Json::object()).body["stateMachines"].size() == 1);
  // The execution whose start failed does not exist (nothing half-written).
  auto lost = aws(port, "DescribeExecution", {{"executionArn", kExecutions + "hello:n" + std::to_string(started)}});
  CHECK(lost.body["__type"] == "ExecutionDoesNotExist");
}

TEST_CASE("Server.Durability.AnExecutionSurvivesSigkill") {
  TempPath db(".db");
  std::string arn;
  {
    ServerProcess server({"--db", db.path}, db.path + ".log");
    REQUIRE_MESSAGE(server.started(), server.log());
    aws(server.port(), "CreateStateMachine", {{"name", "waiter"}, {"definition", kWait}});
    arn = aws(server.port(), "StartExecution", {{"stateMachineArn", kMachines + "waiter"}, {"input", R"({"k":1})"}})
              .body["executionArn"];
    server.kill9();  // during the Wait
  }
  ServerProcess server({"--db", db.path}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  CHECK(server.log().find("1 running executions resumed") != std::string::npos);
  auto done = wait_done(server.port(), arn);
  CHECK(done["status"] == "SUCCEEDED");
  CHECK(done["output"] == R"({"k":1,"w":"waited"})");
  auto h = aws(server.port(), "GetExecutionHistory", {{"executionArn", arn}});
  std::vector<std::string> types;
  for (std::size_t i = 0; i < h.body["events"].size(); ++i) {
    CHECK(h.body["events"][i]["id"] == i + 1);
    types.push_back(h.body["events"][i]["type"]);
  }
  CHECK(types == std::vector<std::string>{"ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered",
                                          "PassStateExited", "ExecutionSucceeded"});
}

TEST_CASE("Server.Workers.IdleLongPollsDoNotStarveOtherRequests") {
  // 600 idle long polls: more than a fixed pool of 256 connection threads held, which left every
  // other request waiting until a poll ended.
  TempPath db(".db");
  ServerProcess server({"--db", db.path}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  REQUIRE(rest(port, "POST", "/v1/state-machines", Json{{"name", "hello"}, {"definition", Json::parse(kHello)}}.dump()).status == 201);
  std::atomic<int> answered{0};
  std::vector<std::thread> polls;
  for (int i = 0; i < 600; ++i)
    polls.emplace_back([&] {
      if (rest(port, "POST", "/v1/workers/poll", R"({"functions":["nobody"],"waitSeconds":6})").status == 204) ++answered;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // every poll is open and waiting
  const auto start = std::chrono::steady_clock::now();
  auto started = rest(port, "POST", "/v1/state-machines/hello/executions", R"({"input":{"name":"Ada"}})");
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(started.status == 201);
  CHECK(started.body["status"] == "SUCCEEDED");
  CHECK(took < std::chrono::seconds(2));  // not held until a poll's 6 s end
  CHECK(rest(port, "GET", "/v1/health").status == 200);
  for (auto& t : polls) t.join();
  CHECK(answered == 600);  // every poll ended normally, empty
}

TEST_CASE("Server.Aws.TheInputIsKeptAsStartExecutionGaveIt") {
  // As AWS: DescribeExecution's input, the history and a cause quoting the input show the text
  // as it was given, spaces included.
  TempPath db(".db");
  ServerProcess server({"--db", db.path}, db.path + ".log");
  REQUIRE_MESSAGE(server.started(), server.log());
  const int port = server.port();
  const std::string definition = R"({"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"b.$":"$.value"},"End":true}}})";
  REQUIRE(aws(port, "CreateStateMachine", {{"name", "verbatim"}, {"definition", definition},
                                           {"roleArn", "arn:aws:iam::123456789012:role/r"}}).status == 200);
  const std::string input = R"({"a": 1,   "b": [1, 2]})";
  REQUIRE(aws(port, "StartExecution", {{"stateMachineArn", kMachines + "verbatim"}, {"name", "v1"}, {"input", input}})
              .status == 200);
  auto d = wait_done(port, kExecutions + "verbatim:v1");
  CHECK(d["status"] == "FAILED");
  CHECK(d["input"] == input);
  CHECK(d["cause"] == "An error occurred while executing the state 'A' (entered at the event id #2). The JSONPath "
                      "'$.value' specified for the field 'b.$' could not be found in the input '" + input + "'");
  auto h = aws(port, "GetExecutionHistory", {{"executionArn", kExecutions + "verbatim:v1"}});
  CHECK(h.body["events"][0]["executionStartedEventDetails"]["input"] == input);
  CHECK(h.body["events"][1]["stateEnteredEventDetails"]["input"] == input);
  // Passed through every state, it is the output as given.
  REQUIRE(aws(port, "CreateStateMachine", {{"name", "through"}, {"definition", R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})"},
                                           {"roleArn", "arn:aws:iam::123456789012:role/r"}}).status == 200);
  REQUIRE(aws(port, "StartExecution", {{"stateMachineArn", kMachines + "through"}, {"name", "t1"}, {"input", input}})
              .status == 200);
  auto t = wait_done(port, kExecutions + "through:t1");
  CHECK(t["status"] == "SUCCEEDED");
  CHECK(t["output"] == input);
}
