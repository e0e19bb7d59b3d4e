#include <doctest/doctest.h>

#include "definitions/parse.h"

using namespace stepwise;
using namespace stepwise::definitions;

namespace {

// Compiles a Pass state's Parameters through the real parser and evaluates them.
Result<Json> apply_parameters(const Json& parameters, const Json& input, const Json& context = Json::object()) {
  Json definition = {{"StartAt", "A"}, {"States", {{"A", {{"Type", "Pass"}, {"Parameters", parameters}, {"End", true}}}}}};
  auto parsed = parse_definition(definition.dump());
  REQUIRE_MESSAGE(parsed.machine, parameters.dump());
  const auto& pass = std::get<PassState>(parsed.machine->start_state());
  REQUIRE(pass.io.parameters.has_value());
  PathScope scope;
  scope.context = &context;
  return pass.io.parameters->evaluate(input, scope, default_intrinsic_env());
}

}  // namespace

TEST_CASE("Definitions.PayloadTemplate.AwsDeveloperGuideExample") {
  // "Parameters" example from the AWS guide's InputPath, Parameters and ResultSelector page.
  const Json input = Json::parse(R"({"comment": "Example for Parameters.", "product": {"details": {"color": "blue",
    "size": "small", "material": "cotton"}, "availability": "in stock", "sku": "2317", "cost": "$23"}})");
  const Json parameters = Json::parse(R"({"comment": "Selecting what I care about.", "MyDetails": {
    "size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}})");
  auto r = apply_parameters(parameters, input);
  REQUIRE(r.ok());
  // The guide prints the fields in definition order; AWS writes plain fields first, then the ".$"
  // fields in HashMap order (see templates.cpp), which here is size, exists.
  CHECK(r.value().dump() == R"({"comment":"Selecting what I care about.","MyDetails":{"StaticValue":"foo",)"
                            R"("size":"small","exists":"in stock"}})");
}

TEST_CASE("Definitions.PayloadTemplate.DynamicFieldsAtAnyDepth") {
  const Json input = Json::parse(R"({"a": 1, "list": [10, 20]})");
  auto r = apply_parameters(Json::parse(R"J({"x": [{"y.$": "$.a"}, {"z": {"w.$": "$.list[1]"}}, 3], "k.$": "States.ArrayLength($.list)"})J"),
                 input);
  REQUIRE(r.ok());
  CHECK(r.value() == Json::parse(R"({"x": [{"y": 1}, {"z": {"w": 20}}, 3], "k": 2})"));
}

TEST_CASE("Definitions.PayloadTemplate.ContextObject") {
  const Json context = Json::parse(R"({"Execution": {"Name": "run-1"}})");
  auto r = apply_parameters(Json::parse(R"({"name.$": "$$.Execution.Name"})"), Json::object(), context);
  REQUIRE(r.ok());
  CHECK(r.value() == Json::parse(R"({"name": "run-1"})"));
}

TEST_CASE("Definitions.PayloadTemplate.EmptyAndStaticTemplates") {
  CHECK(apply_parameters(Json::object(), Json::parse(R"({"a": 1})")).value() == Json::object());
  CHECK(apply_parameters(Json::parse(R"({"s": "$.not-dynamic"})"), Json::object()).value() == Json::parse(R"({"s": "$.not-dynamic"})"));
}

TEST_CASE("Definitions.PayloadTemplate.MissingPathIsRuntimeError") {
  auto r = apply_parameters(Json::parse(R"({"v.$": "$.missing"})"), Json::parse(R"({"a": 1})"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "States.Runtime");
  CHECK(r.error().message.find("'v.$'") != std::string::npos);
}

TEST_CASE("Definitions.PayloadTemplate.IntrinsicFailurePropagates") {
  auto r = apply_parameters(Json::parse(R"J({"v.$": "States.ArrayGetItem($.a, 3)"})J"), Json::parse(R"({"a": [1]})"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "States.Runtime");
  CHECK(r.error().message ==
        "The function 'States.ArrayGetItem($.a, 3)' had the following error: Invalid arguments in States.ArrayGetItem");
}
