// The compiled model the engine reads: defaults filled in, legacy fields mapped, paths compiled.
#include <doctest/doctest.h>

#include "definitions/parse.h"

using namespace stepwise;
using namespace stepwise::definitions;

namespace {

std::shared_ptr<const StateMachine> parse_ok(const std::string& text) {
  auto r = parse_definition(text);
  std::string problems;
  for (const auto& d : r.diagnostics) problems += d.location + ": " + d.message + "\n";
  INFO(problems);
  REQUIRE(r.machine);
  return r.machine;
}

template <class T>
const T& state(const std::shared_ptr<const StateMachine>& m, const std::string& name) {
  const State* s = m->find(name);
  REQUIRE(s);
  REQUIRE(std::holds_alternative<T>(*s));
  return std::get<T>(*s);
}

}  // namespace

TEST_CASE("Definitions.Model.TopLevel") {
  auto m = parse_ok(R"J({"Comment":"c","StartAt":"A","TimeoutSeconds":30,"States":{"A":{"Type":"Succeed"}}})J");
  CHECK(m->comment() == "c");
  CHECK(m->start_at() == "A");
  CHECK(m->timeout_seconds() == 30);
  CHECK(m->version() == "1.0");
  CHECK(m->query_language() == QueryLanguage::JsonPath);
  CHECK(type_of(m->start_state()) == StateType::Succeed);
  CHECK(m->find("missing") == nullptr);
}

TEST_CASE("Definitions.Model.RetrierDefaultsAreFilledIn") {
  auto m = parse_ok(R"J({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"local:f","End":true,
    "Retry":[{"ErrorEquals":["A"]},{"ErrorEquals":["B"],"IntervalSeconds":5,"MaxAttempts":0,"BackoffRate":1.5,
    "MaxDelaySeconds":60,"JitterStrategy":"FULL"}]}}})J");
  const auto& t = state<TaskState>(m, "T");
  REQUIRE(t.retry.size() == 2);
  CHECK(t.retry[0].interval_seconds == 1);
  CHECK(t.retry[0].max_attempts == 3);
  CHECK(t.retry[0].backoff_rate == 2.0);
  CHECK_FALSE(t.retry[0].max_delay_seconds.has_value());
  CHECK(t.retry[0].jitter == JitterStrategy::None);
  CHECK(t.retry[1].interval_seconds == 5);
  CHECK(t.retry[1].max_attempts == 0);
  CHECK(t.retry[1].backoff_rate == 1.5);
  CHECK(t.retry[1].max_delay_seconds == 60);
  CHECK(t.retry[1].jitter == JitterStrategy::Full);
}

TEST_CASE("Definitions.Model.PathsAndNulls") {
  auto m = parse_ok(R"J({"StartAt":"A","States":{
    "A":{"Type":"Pass","Next":"B"},
    "B":{"Type":"Pass","InputPath":null,"OutputPath":null,"ResultPath":null,"Next":"C"},
    "C":{"Type":"Task","Resource":"local:f","InputPath":"$.in","ResultPath":"$.out","OutputPath":"$.out.x",
         "Catch":[{"ErrorEquals":["X"],"Next":"D"},{"ErrorEquals":["States.ALL"],"Next":"D","ResultPath":null}],
         "End":true},
    "D":{"Type":"Succeed"}}})J");
  const auto& a = state<PassState>(m, "A");
  REQUIRE(a.common.input_path);
  CHECK(a.common.input_path->is_root());
  REQUIRE(a.io.result_path);
  CHECK(a.io.result_path->is_root());
  CHECK(a.common.next == "B");
  const auto& b = state<PassState>(m, "B");
  CHECK_FALSE(b.common.input_path.has_value());
  CHECK_FALSE(b.common.output_path.has_value());
  CHECK_FALSE(b.io.result_path.has_value());
  const auto& c = state<TaskState>(m, "C");
  CHECK(c.common.input_path->text() == "$.in");
  CHECK(c.io.result_path->text() == "$.out");
  CHECK(c.common.end);
  REQUIRE(c.catches.size() == 2);
  REQUIRE(c.catches[0].result_path.has_value());
  CHECK(c.catches[0].result_path->is_root());
  CHECK_FALSE(c.catches[1].result_path.has_value());
  CHECK(c.catches[0].next == "D");
}

TEST_CASE("Definitions.Model.TaskResource") {
  auto m = parse_ok(R"J({"StartAt":"A","States":{
    "A":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","TimeoutSeconds":300,
         "HeartbeatSecondsPath":"$.hb","Next":"B"},
    "B":{"Type":"Task","Resource":"arn:aws:lambda:eu-west-1:123456789012:function:fn:live","End":true}}})J");
  const auto& a = state<TaskState>(m, "A");
  CHECK(a.resource.service == "states");
  CHECK(a.resource.resource == "sqs:sendMessage.waitForTaskToken");
  CHECK(a.resource.pattern == IntegrationPattern::WaitForTaskToken);
  CHECK(a.timeout_seconds == 300);
  CHECK_FALSE(a.heartbeat_seconds.has_value());
  REQUIRE(a.heartbeat_seconds_path);
  CHECK(a.heartbeat_seconds_path->text() == "$.hb");
  const auto& b = state<TaskState>(m, "B");
  CHECK(b.resource.service == "lambda");
  CHECK(b.resource.region == "eu-west-1");
  CHECK(b.resource.account == "123456789012");
  CHECK(b.resource.resource == "function:fn:live");
}

TEST_CASE("Definitions.Model.ChoiceRules") {
  auto m = parse_ok(R"J({"StartAt":"C","States":{"C":{"Type":"Choice","Default":"D","Choices":[
    {"Variable":"$.n","NumericGreaterThanEqualsPath":"$.min","Next":"D"},
    {"And":[{"Variable":"$.s","StringMatches":"a*"},{"Not":{"Variable":"$.b","BooleanEquals":true}}],"Next":"D"}]},
    "D":{"Type":"Succeed"}}})J");
  const auto& c = state<ChoiceState>(m, "C");
  CHECK(c.default_next == "D");
  REQUIRE(c.choices.size() == 2);
  CHECK(c.choices[0].kind == ChoiceRule::Kind::Comparison);
  CHECK(c.choices[0].op == ComparisonOperator::NumericGreaterThanEquals);
  CHECK(c.choices[0].compare_to_path);
  CHECK(c.choices[0].operand_path.text() == "$.min");
  CHECK(c.choices[0].variable.text() == "$.n");
  const auto& both = c.choices[1];
  CHECK(both.kind == ChoiceRule::Kind::And);
  REQUIRE(both.children.size() == 2);
  CHECK(both.children[0].op == ComparisonOperator::StringMatches);
  CHECK(both.children[0].operand == "a*");
  CHECK(both.children[1].kind == ChoiceRule::Kind::Not);
  CHECK(both.children[1].children[0].operand == true);
  CHECK_FALSE(both.children[1].children[0].next.has_value());
}

TEST_CASE("Definitions.Model.WaitAndFail") {
  auto m = parse_ok(R"J({"StartAt":"W","States":{
    "W":{"Type":"Wait","Timestamp":"2030-01-01T00:00:00Z","Next":"X"},
    "X":{"Type":"Wait","SecondsPath":"$.s","Next":"F"},
    "F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('{}', $.c)"}}})J");
  CHECK(state<WaitState>(m, "W").timestamp == "2030-01-01T00:00:00Z");
  CHECK(state<WaitState>(m, "X").seconds_path->text() == "$.s");
  const auto& f = state<FailState>(m, "F");
  CHECK(f.error_path->text() == "$.e");
  REQUIRE(f.cause_intrinsic.has_value());
  CHECK(f.cause_intrinsic->function == IntrinsicFunction::Format);
}

TEST_CASE("Definitions.Model.ParallelAndMap") {
  auto m = parse_ok(R"J({"StartAt":"P","States":{
    "P":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                                       {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"Next":"M"},
    "M":{"Type":"Map","ItemsPath":"$.items","Parameters":{"v.$":"$$.Map.Item.Value"},"MaxConcurrency":2,
         "Iterator":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"Next":"D"},
    "D":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
         "StartAt":"J","States":{"J":{"Type":"Pass","End":true}}},"ToleratedFailurePercentage":5.5,"Label":"L",
         "End":true}}})J");
  const auto& p = state<ParallelState>(m, "P");
  REQUIRE(p.branches.size() == 2);
  CHECK(p.branches[1]->start_at() == "B");
  const auto& legacy = state<MapState>(m, "M");
  CHECK(legacy.items_path->text() == "$.items");
  CHECK(legacy.item_selector.has_value());      // legacy Parameters become the item selector
  CHECK_FALSE(legacy.io.parameters.has_value());
  CHECK(legacy.max_concurrency == 2);
  CHECK(legacy.mode == ProcessorMode::Inline);
  CHECK(legacy.processor->start_at() == "I");
  const auto& dist = state<MapState>(m, "D");
  CHECK(dist.mode == ProcessorMode::Distributed);
  CHECK(dist.execution_type == ExecutionType::Express);
  CHECK(dist.tolerated_failure_percentage == 5.5);
  CHECK(dist.label == "L");
}

TEST_CASE("Definitions.Model.JsonataState") {
  auto m = parse_ok(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass",
    "Output":{"x":"{% $states.input.x %}"},"Assign":{"v":1},"End":true}}})J");
  CHECK(m->query_language() == QueryLanguage::Jsonata);
  const auto& a = state<PassState>(m, "A");
  CHECK(a.common.query_language == QueryLanguage::Jsonata);
  CHECK(a.common.output == Json::parse(R"({"x":"{% $states.input.x %}"})"));
  CHECK(a.common.assign_raw == Json::parse(R"({"v":1})"));
}
