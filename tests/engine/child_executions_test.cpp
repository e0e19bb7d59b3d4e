// Child executions (states:startExecution[.sync|.sync:2|.waitForTaskToken]) on the durable service:
// AWS's output shapes, failures, stopping the parent, and a restart that finds the child it started.
#include <doctest/doctest.h>

#include <thread>

#include "tests/engine/service_fixture.h"
#include "tests/temp_db.h"

using namespace stepwise;
using namespace stepwise::engine;
using namespace std::chrono_literals;
using stepwise::test::must;
using stepwise::test::Server;

namespace {

const std::string kMachines = "arn:aws:states:us-east-1:123456789012:stateMachine:";

const char* kChild = R"J({"StartAt":"Add","States":{"Add":{"Type":"Pass",
  "Parameters":{"sum.$":"States.MathAdd($.a, $.b)"},"End":true}}})J";
const char* kFailingChild = R"J({"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Child.Broke","Cause":"on purpose"}}})J";
const char* kSlowChild = R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"P"},
  "P":{"Type":"Pass","Result":{"slept":true},"End":true}}})J";
const char* kLongChild = R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}})J";
const char* kTokenChild = R"J({"StartAt":"Hold","States":{"Hold":{"Type":"Wait","Seconds":86400,"End":true}}})J";

// A parent whose one Task starts a child of machine ($$.Task.Token exists only for callbacks).
std::string parent(const std::string& resource, const std::string& machine, const std::string& extra = "") {
  const std::string token = resource.find("waitForTaskToken") != std::string::npos ? R"(,"token.$":"$$.Task.Token")" : "";
  return R"({"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::states:)" + resource +
         R"(","Parameters":{"StateMachineArn":")" + kMachines + machine + R"(","Input":{"a":1,"b":2)" + token + "}" +
         extra + R"(},"End":true}}})";
}

store::ExecutionRecord run_to_end(Server& s, const std::string& machine, const std::string& input = "{}") {
  auto started = must(s.service->start_execution(kMachines + machine, "", input));
  CHECK(s.service->wait_for_end(started.arn, 10s));
  return must(s.service->describe_execution(started.arn));
}

std::vector<store::ExecutionRecord> executions_of(Server& s, const std::string& machine) {
  return must(s.service->list_executions(store::ExecutionFilter{kMachines + machine, std::nullopt}, 100, "")).items;
}

// The executions of machine once there is one (at most 2 s).
std::vector<store::ExecutionRecord> first_executions_of(Server& s, const std::string& machine) {
  std::vector<store::ExecutionRecord> found;
  for (int i = 0; i < 200 && found.empty(); ++i) {
    found = executions_of(s, machine);
    if (found.empty()) std::this_thread::sleep_for(10ms);
  }
  return found;
}

}  // namespace

TEST_CASE("Engine.ChildExecutions.ShapesOfEachPattern") {
  TempDb db;
  Server s(db.path);
  must(s.service->create_state_machine("child", kChild, "", "STANDARD"));
  must(s.service->create_state_machine("fire", parent("startExecution", "child"), "", "STANDARD"));
  must(s.service->create_state_machine("sync", parent("startExecution.sync", "child", R"(,"Name":"named-child")"), "", "STANDARD"));
  must(s.service->create_state_machine("sync2", parent("startExecution.sync:2", "child"), "", "STANDARD"));

  auto fire = run_to_end(s, "fire");
  REQUIRE(fire.status == ExecutionStatus::Succeeded);
  Json out = Json::parse(*fire.output);
  CHECK(out.size() == 2);
  CHECK(out["StartDate"].is_number_integer());
  const std::string child_arn = out["ExecutionArn"];
  CHECK(child_arn.rfind("arn:aws:states:us-east-1:123456789012:execution:child:", 0) == 0);
  CHECK(s.service->wait_for_end(child_arn, 10s));
  CHECK(must(s.service->describe_execution(child_arn)).status == ExecutionStatus::Succeeded);

  auto sync = run_to_end(s, "sync");
  REQUIRE(sync.status == ExecutionStatus::Succeeded);
  out = Json::parse(*sync.output);
  CHECK(out["ExecutionArn"] == "arn:aws:states:us-east-1:123456789012:execution:child:named-child");
  CHECK(out["Name"] == "named-child");
  CHECK(out["Status"] == "SUCCEEDED");
  CHECK(out["Output"] == R"({"sum":3})");  // .sync: text
  CHECK(out["OutputDetails"] == Json{{"Included", true}});
  CHECK(Json::parse(out["Input"].get<std::string>())["a"] == 1);
  CHECK(out["StateMachineArn"] == kMachines + "child");
  CHECK(out["StopDate"].get<std::int64_t>() >= out["StartDate"].get<std::int64_t>());

  auto sync2 = run_to_end(s, "sync2");
  REQUIRE(sync2.status == ExecutionStatus::Succeeded);
  out = Json::parse(*sync2.output);
  CHECK(out["Output"] == Json{{"sum", 3}});  // .sync:2: JSON
  CHECK(out["Input"]["b"] == 2);

  // Task events name the integration as AWS does.
  auto events = must(s.service->history(sync.arn, 0, 100, false));
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e.type);
  CHECK(types == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                          "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"});
  CHECK(Json::parse(events[2].details)["resource"] == "startExecution.sync");
}

TEST_CASE("Engine.ChildExecutions.FailuresAreTheTasks") {
  TempDb db;
  Server s(db.path);
  must(s.service->create_state_machine("broken", kFailingChild, "", "STANDARD"));
  must(s.service->create_state_machine("child", kChild, "", "STANDARD"));
  must(s.service->create_state_machine("waits", parent("startExecution.sync:2", "broken"), "", "STANDARD"));
  must(s.service->create_state_machine("nosuch", parent("startExecution", "missing"), "", "STANDARD"));
  must(s.service->create_state_machine("twice", parent("startExecution", "child", R"(,"Name":"same")"), "", "STANDARD"));

  auto waits = run_to_end(s, "waits");
  CHECK(waits.status == ExecutionStatus::Failed);
  CHECK(*waits.error == "States.TaskFailed");
  Json cause = Json::parse(*waits.cause);
  CHECK(cause["Status"] == "FAILED");
  CHECK(cause["Error"] == "Child.Broke");
  CHECK(cause["Cause"] == "on purpose");
  CHECK_FALSE(cause.contains("Output"));

  auto nosuch = run_to_end(s, "nosuch");
  CHECK(nosuch.status == ExecutionStatus::Failed);
  CHECK(*nosuch.error == "StepFunctions.StateMachineDoesNotExist");
  CHECK(nosuch.cause->find(kMachines + "missing") != std::string::npos);

  // A name another task used: taken once that child has ended, whatever its input (as AWS).
  CHECK(run_to_end(s, "twice").status == ExecutionStatus::Succeeded);
  CHECK(s.service->wait_for_end("arn:aws:states:us-east-1:123456789012:execution:child:same", 10s));
  auto taken = run_to_end(s, "twice");
  CHECK(taken.status == ExecutionStatus::Failed);
  CHECK(*taken.error == "StepFunctions.ExecutionAlreadyExists");
}

TEST_CASE("Engine.ChildExecutions.StoppingTheParentStopsTheChildItWaitsOn") {
  TempDb db;
  Server s(db.path);
  must(s.service->create_state_machine("long", kLongChild, "", "STANDARD"));
  must(s.service->create_state_machine("parent", parent("startExecution.sync", "long"), "", "STANDARD"));
  auto started = must(s.service->start_execution(kMachines + "parent", "p1", "{}"));
  auto children = first_executions_of(s, "long");
  REQUIRE(children.size() == 1);
  CHECK(children[0].status == ExecutionStatus::Running);
  must(s.service->stop_execution(started.arn, std::string("Ops.Stop"), std::nullopt));
  bool stopped = false;
  for (int i = 0; i < 300 && !stopped; ++i) {
    stopped = must(s.service->describe_execution(children[0].arn)).status == ExecutionStatus::Aborted;
    std::this_thread::sleep_for(10ms);
  }
  CHECK(stopped);
}

TEST_CASE("Engine.ChildExecutions.WaitForTaskTokenHandsTheTokenToTheChild") {
  TempDb db;
  Server s(db.path);
  must(s.service->create_state_machine("holder", kTokenChild, "", "STANDARD"));
  must(s.service->create_state_machine("asks", parent("startExecution.waitForTaskToken", "holder"), "", "STANDARD"));
  auto started = must(s.service->start_execution(kMachines + "asks", "a1", "{}"));
  auto children = first_executions_of(s, "holder");
  REQUIRE(children.size() == 1);
  const std::string token = Json::parse(children[0].input)["token"];
  CHECK(must(s.service->describe_execution(started.arn)).status == ExecutionStatus::Running);
  CHECK(must(s.service->send_task_success(token, R"({"answer":42})")));
  CHECK(s.service->wait_for_end(started.arn, 10s));
  auto done = must(s.service->describe_execution(started.arn));
  CHECK(done.status == ExecutionStatus::Succeeded);
  CHECK(*done.output == R"({"answer":42})");
  // The child was not waited on by a .sync task: it keeps running.
  CHECK(must(s.service->describe_execution(children[0].arn)).status == ExecutionStatus::Running);
}

TEST_CASE("Engine.ChildExecutions.ARestartFindsTheChildItStarted") {
  TempDb db;
  std::string parent_arn;
  {
    Server s(db.path);
    must(s.service->create_state_machine("slow", kSlowChild, "", "STANDARD"));
    must(s.service->create_state_machine("parent", parent("startExecution.sync:2", "slow"), "", "STANDARD"));
    parent_arn = must(s.service->start_execution(kMachines + "parent", "p1", "{}")).arn;
    REQUIRE(first_executions_of(s, "slow").size() == 1);
  }  // the server stops while the child waits
  std::this_thread::sleep_for(1100ms);  // the child's Wait is due while the server is down
  Server s(db.path);
  CHECK(s.service->wait_for_end(parent_arn, 10s));
  auto done = must(s.service->describe_execution(parent_arn));
  REQUIRE(done.status == ExecutionStatus::Succeeded);
  CHECK(Json::parse(*done.output)["Output"] == Json{{"slept", true}});
  CHECK(executions_of(s, "slow").size() == 1);  // the task was dispatched again; no second child
}
