// The interpreter stepped by hand: triggers in, events and requests out, with a manual clock.
#include <doctest/doctest.h>

#include <algorithm>

#include "definitions/parse.h"
#include "engine/interpreter.h"

using namespace stepwise;
using namespace stepwise::engine;

namespace {

class ManualEnvironment final : public StepEnvironment {
 public:
  std::int64_t now = 1'700'000'000'000'000;
  std::int64_t now_micros() override { return now; }
  double random_unit() override { return 0.5; }
  std::string new_task_token() override { return "token-" + std::to_string(++tokens); }
  std::string uuid() override { return "00000000-0000-4000-8000-000000000000"; }
  std::int64_t random_between(std::int64_t low, std::int64_t) override { return low; }
  int tokens = 0;
};

std::shared_ptr<const definitions::StateMachine> compile(const std::string& text) {
  auto parsed = definitions::parse_definition(text);
  REQUIRE(parsed.machine);
  return parsed.machine;
}

std::vector<std::string> types(const ExecutionState& s) {
  std::vector<std::string> out;
  for (const auto& e : s.history) out.push_back(e.type);
  return out;
}

const char* kTask = R"J({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:work",
  "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":2}],"End":true}}})J";

}  // namespace

TEST_CASE("Engine.Interpreter.TaskBlocksUntilItsResult") {
  ManualEnvironment env;
  auto state = Interpreter::create(compile(kTask), ExecutionInfo{});
  auto t = Interpreter::step(state, Trigger::start(Json{{"a", 1}}), env);
  REQUIRE(t.tasks.size() == 1);
  CHECK(t.tasks[0].input == Json{{"a", 1}});
  CHECK(t.tasks[0].token == "token-1");
  CHECK_FALSE(state.done());
  t = Interpreter::step(state, Trigger::task_succeeded(t.tasks[0].id, Json{{"r", 2}}), env);
  CHECK(state.status == ExecutionStatus::Succeeded);
  CHECK(state.output == Json{{"r", 2}});
  CHECK(types(state) == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                                 "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"});
}

TEST_CASE("Engine.Interpreter.ActivityStartedWhenAWorkerTakesIt") {
  ManualEnvironment env;
  const char* activity = R"({"StartAt":"A","States":{"A":{"Type":"Task",
    "Resource":"arn:aws:states:us-east-1:123456789012:activity:approve","End":true}}})";
  auto state = Interpreter::create(compile(activity), ExecutionInfo{});
  state.activity_started_on_pickup = true;
  auto t = Interpreter::step(state, Trigger::start(Json::object()), env);
  const auto id = t.tasks.at(0).id;
  CHECK(types(state) == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled"});
  t = Interpreter::step(state, Trigger::task_started(id, "worker-7"), env);
  CHECK_FALSE(t.ignored);
  CHECK(state.history.back().type == std::string("ActivityStarted"));
  CHECK(state.history.back().previous_event_id == 3);
  CHECK(full_details(state.history.back()) == Json{{"workerName", "worker-7"}});
  // A second worker taking the same task again (redelivery) records nothing.
  CHECK(Interpreter::step(state, Trigger::task_started(id, "worker-8"), env).ignored);
  Interpreter::step(state, Trigger::task_succeeded(id, Json{{"ok", true}}), env);
  CHECK(types(state) == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                                 "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                                                 "ExecutionSucceeded"});
}

TEST_CASE("Engine.Interpreter.RetryBackoffIsATimerWithTheSpecDelay") {
  ManualEnvironment env;
  auto state = Interpreter::create(compile(kTask), ExecutionInfo{});
  auto t = Interpreter::step(state, Trigger::start(Json::object()), env);
  const auto first = t.tasks.at(0).id;
  t = Interpreter::step(state, Trigger::task_failed(first, "Flaky", "once"), env);
  REQUIRE(t.timers.size() == 1);
  CHECK(t.timers[0].due_micros == env.now + 2'000'000);  // IntervalSeconds
  env.now = t.timers[0].due_micros;
  t = Interpreter::step(state, Trigger::timer_fired(t.timers[0].id), env);
  REQUIRE(t.tasks.size() == 1);
  t = Interpreter::step(state, Trigger::task_failed(t.tasks[0].id, "Flaky", "twice"), env);
  REQUIRE(t.timers.size() == 1);
  CHECK(t.timers[0].due_micros == env.now + 6'000'000);  // IntervalSeconds * BackoffRate
  env.now = t.timers[0].due_micros;
  t = Interpreter::step(state, Trigger::timer_fired(t.timers[0].id), env);
  t = Interpreter::step(state, Trigger::task_failed(t.tasks.at(0).id, "Flaky", "thrice"), env);
  CHECK(state.status == ExecutionStatus::Failed);  // MaxAttempts 2 used up
  CHECK(state.error == "Flaky");
  CHECK(state.cause == std::optional<std::string>("thrice"));
}

TEST_CASE("Engine.Interpreter.ALateOrRepeatedResultIsIgnored") {
  ManualEnvironment env;
  auto state = Interpreter::create(compile(kTask), ExecutionInfo{});
  auto t = Interpreter::step(state, Trigger::start(Json::object()), env);
  const auto id = t.tasks.at(0).id;
  Interpreter::step(state, Trigger::task_succeeded(id, Json(1)), env);
  const auto events = state.history.size();
  auto again = Interpreter::step(state, Trigger::task_succeeded(id, Json(2)), env);
  CHECK(again.ignored);
  CHECK(state.history.size() == events);
  CHECK(state.output == Json(1));
  CHECK(Interpreter::step(state, Trigger::task_failed(999, "X", std::nullopt), env).ignored);
}

TEST_CASE("Engine.Interpreter.StopAbortsAndCancels") {
  ManualEnvironment env;
  auto state = Interpreter::create(compile(kTask), ExecutionInfo{});
  auto t = Interpreter::step(state, Trigger::start(Json::object()), env);
  t = Interpreter::step(state, Trigger::stop("Operator", "stopped by hand"), env);
  CHECK(state.status == ExecutionStatus::Aborted);
  CHECK(t.cancelled_tasks.size() == 1);
  CHECK(types(state).back() == "ExecutionAborted");
  CHECK(full_details(state.history.back()) == Json{{"error", "Operator"}, {"cause", "stopped by hand"}});
}

TEST_CASE("Engine.Interpreter.SameTriggersGiveTheSameHistory") {
  const char* text = R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3,"Next":"P"},
    "P":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
      {"StartAt":"B","States":{"B":{"Type":"Pass","Parameters":{"u.$":"States.UUID()"},"End":true}}}],"End":true}}})J";
  auto run = [&] {
    ManualEnvironment env;
    auto state = Interpreter::create(compile(text), ExecutionInfo{});
    auto t = Interpreter::step(state, Trigger::start(Json{{"x", 1}}), env);
    env.now = t.timers.at(0).due_micros;
    Interpreter::step(state, Trigger::timer_fired(t.timers.at(0).id), env);
    Json all = Json::array();
    for (const auto& e : state.history) all.push_back(to_json(e));
    return all;
  };
  CHECK(run() == run());
}

TEST_CASE("Engine.Interpreter.WaitOfThreeDaysIsOneTimer") {
  ManualEnvironment env;
  auto state = Interpreter::create(
      compile(R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":259200,"End":true}}})J"), ExecutionInfo{});
  auto t = Interpreter::step(state, Trigger::start(Json::object()), env);
  REQUIRE(t.timers.size() == 1);
  CHECK(t.timers[0].due_micros - env.now == 259200LL * 1000000);
  CHECK(Interpreter::step(state, Trigger::timer_fired(12345), env).ignored);
  env.now = t.timers[0].due_micros;
  Interpreter::step(state, Trigger::timer_fired(t.timers[0].id), env);
  CHECK(state.status == ExecutionStatus::Succeeded);
}

TEST_CASE("Engine.Interpreter.TaskEventDetailsByResourceFamily") {
  ManualEnvironment env;
  auto details_of = [&](const std::string& resource, bool succeed) {
    auto state = Interpreter::create(
        compile(R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":")" + resource +
                R"(","TimeoutSeconds":30,"End":true}}})"),
        ExecutionInfo{});
    auto t = Interpreter::step(state, Trigger::start(Json{{"a", 1}}), env);
    REQUIRE(t.tasks.size() == 1);
    CHECK(t.tasks[0].resource->text == resource);
    Interpreter::step(state, succeed ? Trigger::task_succeeded(t.tasks[0].id, Json{{"r", 2}})
                                     : Trigger::task_failed(t.tasks[0].id, "Boom", "it broke"),
                      env);
    std::vector<Json> out;
    for (const auto& e : state.history) out.push_back(to_json(e));
    return out;
  };

  auto lambda = details_of("arn:aws:lambda:us-east-1:123456789012:function:work", true);
  CHECK(lambda[1]["stateEnteredEventDetails"] ==
        Json::parse(R"({"name":"T","input":"{\"a\":1}","inputDetails":{"truncated":false}})"));
  CHECK(lambda[2]["lambdaFunctionScheduledEventDetails"] ==
        Json::parse(R"({"resource":"arn:aws:lambda:us-east-1:123456789012:function:work","input":"{\"a\":1}",
                       "inputDetails":{"truncated":false},"timeoutInSeconds":30})"));
  CHECK_FALSE(lambda[3].contains("lambdaFunctionStartedEventDetails"));
  CHECK(lambda[4]["lambdaFunctionSucceededEventDetails"] ==
        Json::parse(R"({"output":"{\"r\":2}","outputDetails":{"truncated":false}})"));

  auto sqs = details_of("arn:aws:states:::sqs:sendMessage", false);
  CHECK(sqs[2]["taskScheduledEventDetails"] ==
        Json::parse(R"({"resourceType":"sqs","resource":"sendMessage","region":"us-east-1",
                       "parameters":"{\"a\":1}","timeoutInSeconds":30})"));
  CHECK(sqs[3]["taskStartedEventDetails"] == Json::parse(R"({"resourceType":"sqs","resource":"sendMessage"})"));
  CHECK(sqs[4]["taskFailedEventDetails"] ==
        Json::parse(R"({"resourceType":"sqs","resource":"sendMessage","error":"Boom","cause":"it broke"})"));
  CHECK(sqs[5]["type"] == "ExecutionFailed");

  auto activity = details_of("arn:aws:states:us-east-1:123456789012:activity:approve", true);
  CHECK(activity[2]["type"] == "ActivityScheduled");
  CHECK(activity[2]["activityScheduledEventDetails"]["resource"] ==
        "arn:aws:states:us-east-1:123456789012:activity:approve");
  CHECK(activity[4]["activitySucceededEventDetails"]["output"] == "{\"r\":2}");
}

TEST_CASE("Engine.Interpreter.TheHistoryQuotaEndsARunawayLoopAtEvent25000") {
  const char* loop = R"J({"StartAt":"Inc","States":{
    "Inc":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"Again?"},
    "Again?":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":100000000,"Next":"Inc"}],"Default":"Done"},
    "Done":{"Type":"Succeed"}}})J";
  ManualEnvironment env;
  auto state = Interpreter::create(compile(loop), ExecutionInfo{});
  Interpreter::step(state, Trigger::start(Json{{"n", 0}}), env);
  REQUIRE(state.done());
  CHECK(state.status == ExecutionStatus::Failed);
  CHECK(state.error == "States.Runtime");
  CHECK(state.cause == "The execution reached the maximum number of history events (25000).");
  REQUIRE(state.history.size() == 25000);
  CHECK(std::string(state.history.back().type) == "ExecutionFailed");
  CHECK(state.history.back().id == 25000);
  CHECK(state.history.back().previous_event_id == 24999);
  CHECK(std::string(state.history[24998].type) != "ExecutionFailed");

  SUBCASE("a task waiting at the quota is cancelled with the execution") {
    const char* tasks = R"J({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:work","Next":"C"},
      "C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":false,"Next":"T"}],"Default":"D"},
      "D":{"Type":"Succeed"}}})J";
    auto s = Interpreter::create(compile(tasks), ExecutionInfo{});
    s.max_history_events = 12;  // 4 events to the first task, 7 a loop: the second result is event 12
    auto t = Interpreter::step(s, Trigger::start(Json::object()), env);
    for (int i = 0; i < 5 && !s.done(); ++i) {
      REQUIRE(t.tasks.size() == 1);
      t = Interpreter::step(s, Trigger::task_succeeded(t.tasks[0].id, Json::object()), env);
    }
    REQUIRE(s.done());
    CHECK(s.history.size() == 12);
    CHECK(std::string(s.history.back().type) == "ExecutionFailed");
    CHECK(t.tasks.empty());  // nothing new is dispatched for an execution that has ended
  }
  SUBCASE("no quota: the loop runs to its bound") {
    auto s = Interpreter::create(compile(loop), ExecutionInfo{});
    s.max_history_events = 0;
    Interpreter::step(s, Trigger::start(Json{{"n", 100000000 - 7000}}), env);  // 28,000 events
    CHECK(s.status == ExecutionStatus::Succeeded);
    CHECK(s.history.size() > 25000);
  }
}

TEST_CASE("Engine.Interpreter.StopAndExecutionTimeoutFollowNoEvent") {
  // As AWS records them (measured): previousEventId 0; a stop without error or cause has empty
  // details; a timeout has States.Timeout and no cause.
  const char* wait = R"J({"StartAt":"W","TimeoutSeconds":3,"States":{"W":{"Type":"Wait","Seconds":25,"End":true}}})J";
  ManualEnvironment env;
  auto stopped = Interpreter::create(compile(wait), ExecutionInfo{});
  Interpreter::step(stopped, Trigger::start(Json::object()), env);
  Interpreter::step(stopped, Trigger::stop("", std::nullopt), env);
  REQUIRE(stopped.history.size() == 3);
  CHECK(std::string(stopped.history[2].type) == "ExecutionAborted");
  CHECK(stopped.history[2].previous_event_id == 0);
  CHECK(stopped.history[2].details == Json::object());

  auto timed = Interpreter::create(compile(wait), ExecutionInfo{});
  auto t = Interpreter::step(timed, Trigger::start(Json::object()), env);
  REQUIRE(t.timers.size() == 2);  // the Wait and the execution's budget
  const auto budget = std::min_element(t.timers.begin(), t.timers.end(),
                                       [](const auto& a, const auto& b) { return a.due_micros < b.due_micros; });
  Interpreter::step(timed, Trigger::timer_fired(budget->id), env);
  REQUIRE(timed.history.size() == 3);
  CHECK(std::string(timed.history[2].type) == "ExecutionTimedOut");
  CHECK(timed.history[2].previous_event_id == 0);
  CHECK(timed.history[2].details == Json{{"error", "States.Timeout"}});
}

TEST_CASE("Engine.Interpreter.ContextObjectAsAwsWritesIt") {
  // AWS's "$$" (recorded): Execution, StateMachine, State {Name, EnteredTime}; a state that can retry
  // (Task, Parallel, Map) adds State.RetryCount, a waitForTaskToken task adds Task.Token.
  ManualEnvironment env;
  ExecutionInfo info;
  info.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:m:e";
  info.name = "e";
  info.role_arn = "arn:aws:iam::123456789012:role/r";
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
  info.state_machine_name = "m";
  auto state = Interpreter::create(compile(R"({"StartAt":"P","States":{
    "P":{"Type":"Pass","Parameters":{"c.$":"$$"},"Next":"T"},
    "T":{"Type":"Task","Resource":"local:work","Parameters":{"c.$":"$$"},"ResultPath":null,"End":true}}})"),
                                   info);
  auto t = Interpreter::step(state, Trigger::start(Json{{"k", 1}}), env);
  REQUIRE(t.tasks.size() == 1);
  const std::string execution =
      R"("Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:m:e","Input":{"k":1},)"
      R"("StartTime":"2023-11-14T22:13:20Z","Name":"e","RoleArn":"arn:aws:iam::123456789012:role/r","RedriveCount":0},)"
      R"("StateMachine":{"Id":"arn:aws:states:us-east-1:123456789012:stateMachine:m","Name":"m"},)";
  CHECK(t.tasks[0].input.dump() == R"({"c":{)" + execution +
                                       R"("State":{"Name":"T","EnteredTime":"2023-11-14T22:13:20Z","RetryCount":0}}})");
  CHECK(t.tasks[0].input["c"]["Execution"]["Input"] == Json{{"k", 1}});
  const auto exited = std::find_if(state.history.begin(), state.history.end(),
                                   [](const HistoryEvent& e) { return std::string_view(e.type) == "PassStateExited"; });
  REQUIRE(exited != state.history.end());
  CHECK(exited->payload.find(R"("State":{"Name":"P","EnteredTime":"2023-11-14T22:13:20Z"}})") != std::string::npos);
}

TEST_CASE("Engine.Interpreter.ContextTimesAreJavaInstantsAtMillisecondPrecision") {
  // AWS writes $$ times as Java's Instant text: three fraction digits, none at all when the
  // milliseconds are zero ("...T04:05:06Z", reported by AWS support), microseconds dropped.
  auto entered_at = [](std::int64_t micros) {
    ManualEnvironment env;
    env.now = micros;
    auto state = Interpreter::create(
        compile(R"({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"t.$":"$$.State.EnteredTime","s.$":"$$.Execution.StartTime"},"End":true}}})"),
        ExecutionInfo{});
    Interpreter::step(state, Trigger::start(Json::object()), env);
    REQUIRE(state.output["t"] == state.output["s"]);
    return state.output["t"].get<std::string>();
  };
  CHECK(entered_at(1'700'000'000'000'000) == "2023-11-14T22:13:20Z");
  CHECK(entered_at(1'700'000'000'250'000) == "2023-11-14T22:13:20.250Z");
  CHECK(entered_at(1'700'000'000'007'999) == "2023-11-14T22:13:20.007Z");
  CHECK(entered_at(1'700'000'000'000'999) == "2023-11-14T22:13:20Z");  // under a millisecond
  CHECK(format_iso_time(1'700'000'000'000'000) == "2023-11-14T22:13:20.000Z");  // Stepwise's own API keeps three digits
  CHECK(format_context_time(-1'500) == "1969-12-31T23:59:59.998Z");
}
