// LocalRunner with in-process handlers: tasks of the top frame are answered inside the step
// (TaskDispatcher::run_now), and what a user sees must not change because of it.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <thread>

#include "definitions/parse.h"
#include "engine/local_runner.h"
#include "workers/function_dispatcher.h"

using namespace stepwise;

namespace {

std::shared_ptr<const definitions::StateMachine> machine(const std::string& text) {
  auto parsed = definitions::parse_definition(text);
  REQUIRE(parsed.machine);
  return parsed.machine;
}

engine::ExecutionState run(workers::FunctionRegistry& registry, const std::string& definition, Json input,
                           bool virtual_time = true, std::string input_text = {}) {
  workers::FunctionDispatcher dispatcher(registry);
  engine::RunOptions options;
  options.virtual_time = virtual_time;
  options.seed = 7;
  engine::LocalRunner runner(dispatcher, options);
  return runner.run(machine(definition), engine::local_execution_info("m", "e"), std::move(input),
                    std::move(input_text));
}

std::vector<std::string> types(const engine::ExecutionState& state) {
  std::vector<std::string> out;
  for (const auto& e : state.history) out.push_back(e.type);
  return out;
}

}  // namespace

TEST_CASE("Engine.LocalRunner.HandlersSeeTheirTaskAndAFreshTokenPerAttempt") {
  workers::FunctionRegistry registry;
  std::vector<std::string> tokens, states, functions;
  int calls = 0;
  registry.register_function("flaky", [&](Json in, const workers::TaskContext& context) {
    tokens.emplace_back(context.task_token());
    CHECK(context.task_token() == tokens.back());  // made once, then the same
    states.emplace_back(context.state_name);
    functions.emplace_back(context.function_name);
    if (++calls < 3) throw std::runtime_error("not yet");
    in["calls"] = calls;
    return workers::FunctionResult::success(std::move(in));
  });
  auto state = run(registry, R"({"StartAt":"A","States":{"A":{"Type":"Task",
      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky",
      "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":5,"MaxAttempts":3}],"End":true}}})",
                   Json{{"x", 1}});
  CHECK(state.status == engine::ExecutionStatus::Succeeded);
  CHECK(state.output == Json{{"x", 1}, {"calls", 3}});
  CHECK(types(state) == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                                                 "LambdaFunctionStarted", "LambdaFunctionFailed", "LambdaFunctionScheduled",
                                                 "LambdaFunctionStarted", "LambdaFunctionFailed", "LambdaFunctionScheduled",
                                                 "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                                                 "ExecutionSucceeded"});
  REQUIRE(tokens.size() == 3);
  CHECK(std::set<std::string>(tokens.begin(), tokens.end()).size() == 3);
  for (const auto& token : tokens) CHECK(token.size() == 32);
  CHECK(states == std::vector<std::string>(3, "A"));
  CHECK(functions == std::vector<std::string>(3, "flaky"));
  // The retries waited their intervals (5 s, then 10 s) on the virtual clock.
  CHECK(state.history[8].timestamp_micros - state.history[4].timestamp_micros == 15000000);
}

TEST_CASE("Engine.LocalRunner.LambdaInvokeGetsItsEnvelopeAndTheCallbackItsToken") {
  workers::FunctionRegistry registry;
  std::string seen_token;
  registry.register_function("echo", [&](Json in, const workers::TaskContext& context) {
    seen_token = std::string(context.task_token());
    return workers::FunctionResult::success(std::move(in));
  });
  auto state = run(registry, R"({"StartAt":"Invoke","States":{
      "Invoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:echo:live","Payload.$":"$"},
        "ResultSelector":{"payload.$":"$.Payload","status.$":"$.StatusCode","id.$":"$.SdkResponseMetadata.RequestId"},
        "Next":"Callback"},
      "Callback":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters":{"FunctionName":"echo","Payload":{"token.$":"$$.Task.Token"}},"ResultPath":"$.callback","End":true}}})",
                   Json{{"n", 2}});
  REQUIRE(state.status == engine::ExecutionStatus::Succeeded);
  CHECK(state.output["payload"] == Json{{"n", 2}});
  CHECK(state.output["status"] == 200);
  CHECK(state.output["id"].get<std::string>().size() == 36);
  // The callback's handler sees the token its parameters were given.
  // In a local run the handler's answer stands for what is sent with the token: the callback's
  // result, not in Lambda's envelope.
  CHECK(state.output["callback"] == Json{{"token", seen_token}});
  CHECK(seen_token.size() == 32);
}

TEST_CASE("Engine.LocalRunner.BranchTasksStillStartTogether") {
  // Tasks inside Parallel branches are not answered inside the step: every branch schedules its
  // task before any result is applied, as on AWS.
  workers::FunctionRegistry registry;
  registry.register_function("work", [](Json in, const workers::TaskContext&) {
    return workers::FunctionResult::success(std::move(in));
  });
  auto state = run(registry, R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
      {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"local:work","End":true}}},
      {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"local:work","End":true}}}]}}})",
                   Json{{"v", 1}});
  REQUIRE(state.status == engine::ExecutionStatus::Succeeded);
  CHECK(state.output == Json::array({Json{{"v", 1}}, Json{{"v", 1}}}));
  const auto t = types(state);
  const auto first_succeeded = std::find(t.begin(), t.end(), "TaskSucceeded") - t.begin();
  CHECK(std::count(t.begin(), t.begin() + first_succeeded, "TaskScheduled") == 2);
}

TEST_CASE("Engine.LocalRunner.ALoopOfInstantTasksStillTimesOutInRealTime") {
  // Results that come at once must not hold off the execution's TimeoutSeconds.
  workers::FunctionRegistry registry;
  registry.register_function("tick", [](Json in, const workers::TaskContext&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    in["n"] = in.value("n", 0) + 1;
    return workers::FunctionResult::success(std::move(in));
  });
  const auto start = std::chrono::steady_clock::now();
  auto state = run(registry, R"({"TimeoutSeconds":1,"StartAt":"Tick","States":{
      "Tick":{"Type":"Task","Resource":"local:tick","Next":"Again"},
      "Again":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":1000000,"Next":"Tick"}],"Default":"Done"},
      "Done":{"Type":"Succeed"}}})",
                   Json::object(), false);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(state.status == engine::ExecutionStatus::TimedOut);
  CHECK(state.history.back().type == std::string("ExecutionTimedOut"));
  CHECK(took < std::chrono::seconds(3));
  // Events carry the time they happened, not the time their step began.
  CHECK(state.history.back().timestamp_micros - state.history.front().timestamp_micros >= 1000000);
}

TEST_CASE("Engine.LocalRunner.ExecutionStartedDetailsAsAwsWritesThem") {
  workers::FunctionRegistry registry;
  workers::FunctionDispatcher dispatcher(registry);
  const auto definition = machine(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  for (bool payloads : {true, false}) {
    CAPTURE(payloads);
    engine::RunOptions options;
    options.virtual_time = true;
    options.history_payloads = payloads;
    engine::LocalRunner runner(dispatcher, options);
    auto state = runner.run(definition, engine::local_execution_info("m", "e"), Json{{"b", 1}, {"a", "x"}});
    const Json started = engine::to_json(state.history.at(0));
    CHECK(started["type"] == "ExecutionStarted");
    const std::string arns = R"("roleArn":"arn:aws:iam::123456789012:role/stepwise-local",)"
                             R"("stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m"})";
    CHECK(started["executionStartedEventDetails"].dump() ==
          (payloads ? R"({"input":"{\"b\":1,\"a\":\"x\"}","inputDetails":{"truncated":false},)" + arns
                    : R"({"input":"","inputDetails":{"truncated":false},)" + arns));  // as state events show it
  }
}

TEST_CASE("Engine.LocalRunner.ARegistryChangeIsSeenByTheNextTask") {
  // What a resource resolves to is remembered per resource and registry generation: a handler
  // registered again, a registry copied, or a new machine at a freed one's address never gets
  // the old answer.
  workers::FunctionRegistry registry;
  registry.register_function("work", [](Json, const workers::TaskContext&) {
    return workers::FunctionResult::success(Json("first"));
  });
  const std::string definition = R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:work","End":true}}})";
  CHECK(run(registry, definition, Json::object()).output == Json("first"));
  workers::FunctionRegistry copy = registry;
  registry.register_function("work", [](Json, const workers::TaskContext&) {
    return workers::FunctionResult::success(Json("second"));
  });
  CHECK(run(registry, definition, Json::object()).output == Json("second"));
  CHECK(run(copy, definition, Json::object()).output == Json("first"));
  registry.register_command("work", workers::CommandSpec{{"/bin/echo", "\"third\""}});
  CHECK(run(registry, definition, Json::object()).output == Json("third"));
  for (int i = 0; i < 50; ++i) {  // machines made and freed, one after the other
    auto machine_text = R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:f)" + std::to_string(i % 2) +
                        R"(","End":true}}})";
    workers::FunctionRegistry both;
    both.register_function("f0", [](Json, const workers::TaskContext&) { return workers::FunctionResult::success(Json(0)); });
    both.register_function("f1", [](Json, const workers::TaskContext&) { return workers::FunctionResult::success(Json(1)); });
    CHECK(run(both, machine_text, Json::object()).output == Json(i % 2));
  }
}

TEST_CASE("Engine.LocalRunner.ASlowHandlerPastItsTimeoutTimesTheTaskOutInRealTime") {
  // The handler answers after the Task's TimeoutSeconds: the timeout wins, as on AWS, and the
  // late answer is ignored.
  workers::FunctionRegistry registry;
  registry.register_function("slow", [](Json in, const workers::TaskContext&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    return workers::FunctionResult::success(std::move(in));
  });
  auto state = run(registry, R"({"StartAt":"T","States":{
      "T":{"Type":"Task","Resource":"local:slow","TimeoutSeconds":1,"End":true}}})",
                   Json::object(), false);
  CHECK(state.status == engine::ExecutionStatus::Failed);
  CHECK(state.error == "States.Timeout");
  CHECK(types(state) == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                                 "TaskStarted", "TaskTimedOut", "ExecutionFailed"});
}

TEST_CASE("Engine.LocalRunner.TheInputIsKeptAsTheCallerWroteItWhileStatesPassItThrough") {
  // AWS keeps the StartExecution input's text: the history shows it, and a cause quoting the
  // input quotes it so (spaces included) until a state changes the data.
  workers::FunctionRegistry registry;
  registry.register_function("echo", [](Json in, const workers::TaskContext&) {
    return workers::FunctionResult::success(std::move(in));
  });
  const std::string text = R"({"a": 1,   "b": [1, 2]})";
  auto run_text = [&](const std::string& definition) { return run(registry, definition, Json::parse(text), true, text); };
  SUBCASE("through Pass, Choice and Wait, into a Fail state's path") {
    auto state = run_text(R"({"StartAt":"P","States":{"P":{"Type":"Pass","Next":"C"},
        "C":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":1,"Next":"W"}]},
        "W":{"Type":"Wait","Seconds":1,"Next":"F"},"F":{"Type":"Fail","CausePath":"$.missing"}}})");
    CHECK(state.cause.value_or("") == "An error occurred while executing the state 'F' (entered at the event id #8). "
                                      "The JSONPath '$.missing' specified for the field 'CausePath' could not be "
                                      "found in the input '" + text + "'");
    for (const auto& event : state.history)
      if (event.data != engine::HistoryEvent::Data::None) CHECK(event.payload == text);
  }
  SUBCASE("into Parameters and a task's input") {
    auto state = run_text(R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:echo","Next":"P"},
        "P":{"Type":"Pass","Parameters":{"x.$":"$.missing"},"End":true}}})");
    CHECK(state.history.at(2).payload == text);  // TaskScheduled: the task's input as it came
    // The task's result is new data: its text is the compact dump.
    CHECK(state.cause.value_or("").find("could not be found in the input '{\"a\":1,\"b\":[1,2]}'") != std::string::npos);
  }
  SUBCASE("not once a state has changed the data") {
    auto state = run_text(R"({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"$.a"},"Next":"F"},
        "F":{"Type":"Fail","CausePath":"$.missing"}}})");
    CHECK(state.cause.value_or("").find("in the input '{\"a\":1}'") != std::string::npos);
  }
  SUBCASE("out as the execution's output, when every state passed it through") {
    auto state = run_text(R"({"StartAt":"P","States":{"P":{"Type":"Pass","Next":"S"},"S":{"Type":"Succeed"}}})");
    CHECK(state.output_text == text);
    CHECK(state.history.back().payload.empty());  // ExecutionSucceeded keeps its output in details
    CHECK(engine::to_json(state.history.back())["executionSucceededEventDetails"]["output"] == text);
    auto changed = run_text(R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x":1},"End":true}}})");
    CHECK(changed.output_text.empty());
    CHECK(changed.output_text_or_dump() == R"({"x":1})");
    auto task = run_text(R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:echo","End":true}}})");
    CHECK(task.output_text.empty());  // a task's result is new data, even when equal
  }
  SUBCASE("in a ResultPath that cannot be applied") {
    auto state = run_text(R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"ResultPath":"$.b.c","End":true}}})");
    CHECK(state.cause.value_or("").find("to input '" + text + "'") != std::string::npos);
  }
}
