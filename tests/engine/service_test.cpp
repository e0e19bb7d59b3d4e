// The durable execution service on a real SQLite file: executions run to their end through the
// engine threads and the group-commit writer, survive the service being closed and opened again
// (journal replay), and answer task tokens, name idempotency and bad input as AWS does.
#include <doctest/doctest.h>

#include "tests/temp_db.h"
#include <unistd.h>

#include <mutex>
#include <set>
#include <filesystem>
#include <thread>

#include "engine/service/execution_service.h"
#include "engine/task_dispatcher.h"
#include "tests/engine/service_fixture.h"
#include "engine/store/memory_store.h"
#include "engine/store/sqlite_store.h"
#include "workers/function_dispatcher.h"

using namespace stepwise;
using namespace stepwise::engine;
using namespace stepwise::engine::service;
using namespace std::chrono_literals;
using stepwise::test::must;
using stepwise::test::Server;

namespace {


// Each event's type, id and previous id, with its details: everything but the clock.
std::vector<std::string> timeless(const std::vector<store::EventRecord>& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    out.push_back(std::to_string(e.id) + "<" + std::to_string(e.previous_event_id) + " " + e.type + " " + e.details);
  return out;
}

void check_gap_free(const std::vector<store::EventRecord>& events) {
  for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].id == static_cast<std::int64_t>(i + 1));
}

const char* kPassWait = R"J({"StartAt":"A","States":{
  "A":{"Type":"Pass","Result":{"n":1},"ResultPath":"$.a","Next":"W"},
  "W":{"Type":"Wait","Seconds":1,"Next":"B"},
  "B":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.a.n, $.x)","id.$":"States.UUID()"},"End":true}}})J";

const char* kTaskMachine = R"J({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:double",
  "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":2}],"End":true}}})J";

}  // namespace

TEST_CASE("Engine.Service.RunsAnExecutionDurablyToItsEnd") {
  TempDb db;
  Server server(db.path, [](workers::FunctionRegistry& r) {
    r.register_function("double", [](Json in, const workers::TaskContext&) {
      return workers::FunctionResult::success(Json{{"v", in["v"].get<int>() * 2}});
    });
  });
  ExecutionService& s = *server.service;
  auto machine = must(s.create_state_machine("doubler", kTaskMachine, "arn:aws:iam::123456789012:role/r", "STANDARD"));
  CHECK(machine.arn == "arn:aws:states:us-east-1:123456789012:stateMachine:doubler");
  auto done = must(s.run_execution(machine.arn, "first", R"({"v":21})", 10s));
  CHECK(done.arn == "arn:aws:states:us-east-1:123456789012:execution:doubler:first");
  CHECK(done.status == ExecutionStatus::Succeeded);
  REQUIRE(done.output);
  CHECK(*done.output == R"({"v":42})");
  CHECK(done.stop_micros);
  auto events = must(s.history(done.arn, 0, 100, false));
  check_gap_free(events);
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e.type);
  CHECK(types == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                          "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"});
  // A finished execution keeps no journal.
  auto listed = must(s.list_executions(store::ExecutionFilter{machine.arn, std::nullopt}, 10, ""));
  REQUIRE(listed.items.size() == 1);
  CHECK(listed.items[0].status == ExecutionStatus::Succeeded);
}

TEST_CASE("Engine.Service.AnExecutionResumesAfterARestartAsIfNothingHappened") {
  TempDb reference_db, db;
  std::vector<std::string> reference;
  {
    Server server(reference_db.path);
    auto m = must(server.service->create_state_machine("pw", kPassWait, "", "STANDARD"));
    auto done = must(server.service->run_execution(m.arn, "run", R"({"x":2})", 10s));
    CHECK(done.status == ExecutionStatus::Succeeded);
    reference = timeless(must(server.service->history(done.arn, 0, 100, false)));
  }
  std::string arn;
  {
    Server server(db.path);
    auto m = must(server.service->create_state_machine("pw", kPassWait, "", "STANDARD"));
    arn = must(server.service->start_execution(m.arn, "run", R"({"x":2})")).arn;
    std::this_thread::sleep_for(100ms);
    CHECK(must(server.service->describe_execution(arn)).status == ExecutionStatus::Running);
  }  // stopped during the Wait
  Server server(db.path);
  CHECK(server.service->resumed_at_open() == 1);
  CHECK(server.service->wait_for_end(arn, 10s));
  auto done = must(server.service->describe_execution(arn));
  CHECK(done.status == ExecutionStatus::Succeeded);
  REQUIRE(done.output);
  CHECK(Json::parse(*done.output)["sum"] == 3);
  auto events = must(server.service->history(arn, 0, 100, false));
  check_gap_free(events);
  auto resumed = timeless(events);
  REQUIRE(resumed.size() == reference.size());
  for (std::size_t i = 0; i < resumed.size(); ++i) {
    // Same events, details included, except the UUID drawn by each run.
    if (resumed[i].find("States.UUID") == std::string::npos && resumed[i].find("\\\"id\\\"") == std::string::npos)
      CHECK(resumed[i] == reference[i]);
  }
}

TEST_CASE("Engine.Service.TaskTokensWorkAcrossARestart") {
  TempDb db;
  const char* wait_token = R"J({"StartAt":"Ask","States":{"Ask":{"Type":"Task",
    "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
    "Parameters":{"FunctionName":"approver","Payload":{"token.$":"$$.Task.Token"}},"End":true}}})J";
  std::string arn, token;
  {
    Server server(db.path);
    auto m = must(server.service->create_state_machine("approve", wait_token, "", "STANDARD"));
    arn = must(server.service->start_execution(m.arn, "", "{}")).arn;
    auto task = server.queues.poll("approver", 5s);
    REQUIRE(task);
    token = Json::parse(task->input)["token"].get<std::string>();
    // The worker runs the call under a call token: the call's success is not the task's result.
    CHECK(task->token == engine::call_token_of(token));
    CHECK(must(server.service->send_task_success(task->token, R"({"called":true})")));
    CHECK(server.service->task_token_pending(token));
    CHECK(must(server.service->describe_execution(arn)).status == ExecutionStatus::Running);
  }
  Server server(db.path);
  CHECK(server.service->task_token_pending(token));
  // The task is dispatched again after the restart (at least once).
  auto again = server.queues.poll("approver", 5s);
  REQUIRE(again);
  CHECK(again->token == engine::call_token_of(token));
  SUBCASE("the call's failure fails the task") {
    CHECK(must(server.service->send_task_failure(again->token, "Mail.Bounced", "no such approver")));
    CHECK(server.service->wait_for_end(arn, 10s));
    auto failed = must(server.service->describe_execution(arn));
    CHECK(failed.status == ExecutionStatus::Failed);
    CHECK(*failed.error == "Mail.Bounced");
    return;
  }
  SUBCASE("bad output is refused and changes nothing") {
    auto bad = server.service->send_task_success(token, "{not json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "InvalidOutput");
  }
  CHECK(must(server.service->send_task_success(token, R"({"approved":true})")));
  CHECK(server.service->wait_for_end(arn, 10s));
  auto done = must(server.service->describe_execution(arn));
  CHECK(done.status == ExecutionStatus::Succeeded);
  CHECK(*done.output == R"({"approved":true})");
  // The token is spent: a repeat is answered, never applied twice.
  auto repeat = server.service->send_task_success(token, "{}");
  REQUIRE_FALSE(repeat.ok());
  CHECK(repeat.error().code == "TaskTimedOut");
  auto bogus = server.service->send_task_failure("not-a-token", "E", "");
  REQUIRE_FALSE(bogus.ok());
  CHECK(bogus.error().code == "InvalidToken");
}

TEST_CASE("Engine.Service.NameIdempotencyAsAws") {
  TempDb db;
  Server server(db.path);
  ExecutionService& s = *server.service;
  const char* waits = R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}})";
  auto m = must(s.create_state_machine("waits", waits, "", "STANDARD"));
  auto first = must(s.start_execution(m.arn, "once", R"({"a":1})"));
  auto again = must(s.start_execution(m.arn, "once", R"({"a":1})"));
  CHECK(again.arn == first.arn);
  CHECK(again.start_micros == first.start_micros);
  auto other = s.start_execution(m.arn, "once", R"({"a":2})");
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().code == "ExecutionAlreadyExists");
  // Stopped (closed): the name stays taken, even with the same input.
  auto stopped = must(s.stop_execution(first.arn, std::string("Cancelled"), std::string("by the test")));
  CHECK(stopped.status == ExecutionStatus::Aborted);
  CHECK(stopped.stop_micros);
  auto closed = s.start_execution(m.arn, "once", R"({"a":1})");
  REQUIRE_FALSE(closed.ok());
  CHECK(closed.error().code == "ExecutionAlreadyExists");
  auto events = must(s.history(first.arn, 0, 100, false));
  REQUIRE_FALSE(events.empty());
  CHECK(events.back().type == "ExecutionAborted");
  CHECK(events.back().details.find("by the test") != std::string::npos);
}

TEST_CASE("Engine.Service.BadRequestsNameWhatIsWrong") {
  TempDb db;
  Server server(db.path);
  ExecutionService& s = *server.service;
  auto code = [](const auto& r) { return r.ok() ? std::string("ok") : r.error().code; };
  CHECK(code(s.create_state_machine("bad name", kPassWait, "", "STANDARD")) == "InvalidName");
  auto invalid = s.create_state_machine("m", R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}})", "", "STANDARD");
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().code == "InvalidDefinition");
  CHECK(invalid.error().message ==
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next, "
        "MISSING_END_STATE: Workflow has no terminal state (a Succeed or Fail state, or a state with \"End\": true) "
        "at /States'");
  auto m = must(s.create_state_machine("m", kPassWait, "", "STANDARD"));
  CHECK(must(s.create_state_machine("m", kPassWait, "", "STANDARD")).arn == m.arn);  // idempotent
  CHECK(code(s.create_state_machine("m", kTaskMachine, "", "STANDARD")) == "StateMachineAlreadyExists");
  CHECK(code(s.start_execution(m.arn, "", "{oops")) == "InvalidExecutionInput");
  CHECK(code(s.start_execution(m.arn, "", std::string(300 * 1024, ' '))) == "InvalidExecutionInput");
  CHECK(code(s.start_execution(m.arn + "-nope", "", "{}")) == "StateMachineDoesNotExist");
  CHECK(code(s.start_execution("arn:aws:states:us-east-1:1:activity:x", "", "{}")) == "InvalidArn");
  CHECK(code(s.describe_execution(m.arn)) == "InvalidArn");
  CHECK(code(s.describe_execution("arn:aws:states:us-east-1:123456789012:execution:m:nope")) == "ExecutionDoesNotExist");
  // A new version: executions started before keep running on theirs.
  auto v2 = must(s.update_state_machine(m.arn, std::string(kTaskMachine), std::nullopt));
  CHECK(v2.version == 2);
  CHECK(must(s.describe_state_machine(m.arn)).definition == kTaskMachine);
  CHECK(must(s.delete_state_machine(m.arn)));
  CHECK(code(s.describe_state_machine(m.arn)) == "StateMachineDoesNotExist");
}

TEST_CASE("Engine.Service.ManyConcurrentExecutionsWithRetries") {
  TempDb db;
  std::mutex mutex;
  std::set<int> failed_once;
  Server server(db.path, [&](workers::FunctionRegistry& r) {
    r.register_function("double", [&](Json in, const workers::TaskContext&) {
      // The first call for every odd input fails with a retryable error.
      const int v = in["v"].get<int>();
      std::lock_guard lock(mutex);
      if (v % 2 && failed_once.insert(v).second) return workers::FunctionResult::failure("Flaky", "try again");
      return workers::FunctionResult::success(Json{{"v", in["v"].get<int>() * 2}});
    });
  });
  ExecutionService& s = *server.service;
  auto m = must(s.create_state_machine("doubler", kTaskMachine, "", "STANDARD"));
  std::vector<std::string> arns;
  for (int i = 0; i < 60; ++i)
    arns.push_back(must(s.start_execution(m.arn, "e" + std::to_string(i), Json{{"v", i}}.dump())).arn);
  for (std::size_t i = 0; i < arns.size(); ++i) {
    REQUIRE(s.wait_for_end(arns[i], 20s));
    auto row = must(s.describe_execution(arns[i]));
    CHECK(row.status == ExecutionStatus::Succeeded);
    CHECK(Json::parse(*row.output)["v"] == 2 * static_cast<int>(i));
    check_gap_free(must(s.history(arns[i], 0, 1000, false)));
  }
}

TEST_CASE("Engine.Service.ParkedExecutionsLeaveMemoryAndComeBack") {
  TempDb db;
  ServiceOptions options;
  options.evict_parked_after = std::chrono::seconds(1);
  Server server(db.path, {}, options);
  ExecutionService& s = *server.service;
  const char* naps = R"({"StartAt":"Nap","States":{"Nap":{"Type":"Wait","Seconds":2,"Next":"Done"},
    "Done":{"Type":"Pass","Result":"rested","End":true}}})";
  const char* sleeps = R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}})";
  auto nap = must(s.create_state_machine("naps", naps, "", "STANDARD"));
  auto sleep = must(s.create_state_machine("sleeps", sleeps, "", "STANDARD"));
  auto a = must(s.start_execution(nap.arn, "a", "{}"));
  auto b = must(s.start_execution(sleep.arn, "b", "{}"));
  // Both wait on a timer far enough away: neither stays in memory, both are RUNNING.
  CHECK(must(s.describe_execution(a.arn)).status == ExecutionStatus::Running);
  CHECK(must(s.describe_execution(b.arn)).status == ExecutionStatus::Running);
  // The timer brings the first back; it finishes as if it had never left.
  CHECK(s.wait_for_end(a.arn, 10s));
  auto done = must(s.describe_execution(a.arn));
  CHECK(done.status == ExecutionStatus::Succeeded);
  CHECK(*done.output == "\"rested\"");
  check_gap_free(must(s.history(a.arn, 0, 100, false)));
  // A stop brings the second back to abort it.
  auto stopped = must(s.stop_execution(b.arn, std::nullopt, std::nullopt));
  CHECK(stopped.status == ExecutionStatus::Aborted);
}

TEST_CASE("Engine.Service.ClosingWithWorkersStillRunningIsClean") {
  TempDb db;
  std::string arn;
  {
    // The command worker outlives the service: its outcome arrives after the service is gone and
    // must go nowhere (the dispatcher outlives the service in every embedding, as here).
    Server server(db.path, [](workers::FunctionRegistry& r) {
      r.register_command("slow", workers::CommandSpec{{"/bin/sleep", "0.3"}});
    });
    auto m = must(server.service->create_state_machine(
        "slow", R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:slow","End":true}}})", "", "STANDARD"));
    arn = must(server.service->start_execution(m.arn, "", "{}")).arn;
    std::this_thread::sleep_for(50ms);  // dispatched: the worker process runs
  }
  // The task was never answered: the next start dispatches it again (at least once).
  Server server(db.path, [](workers::FunctionRegistry& r) {
    r.register_function("slow", [](Json, const workers::TaskContext&) { return workers::FunctionResult::success(Json("done")); });
  });
  CHECK(server.service->wait_for_end(arn, 10s));
  auto done = must(server.service->describe_execution(arn));
  CHECK(done.status == ExecutionStatus::Succeeded);
  CHECK(*done.output == "\"done\"");
}

TEST_CASE("Engine.Service.ATimedOutExecutionDescribesWithoutErrorOrCause") {
  // AWS: DescribeExecution of a TIMED_OUT execution has no error and no cause; States.Timeout is
  // only in the ExecutionTimedOut event.
  TempDb db;
  Server server(db.path);
  auto m = must(server.service->create_state_machine(
      "budget", R"J({"StartAt":"W","TimeoutSeconds":1,"States":{"W":{"Type":"Wait","Seconds":30,"End":true}}})J", "",
      "STANDARD"));
  auto started = must(server.service->start_execution(m.arn, "t1", "{}"));
  CHECK(server.service->wait_for_end(started.arn, 10s));
  auto row = must(server.service->describe_execution(started.arn));
  CHECK(row.status == ExecutionStatus::TimedOut);
  CHECK_FALSE(row.error.has_value());
  CHECK_FALSE(row.cause.has_value());
  REQUIRE(row.stop_micros);
  CHECK(*row.stop_micros - row.start_micros >= 1000000);
  auto events = must(server.service->history(started.arn, 0, 10, false));
  REQUIRE(events.size() == 3);
  CHECK(events[2].type == "ExecutionTimedOut");
  CHECK(events[2].previous_event_id == 0);
}
