#include <doctest/doctest.h>

#include "workers/function_ref.h"

using namespace stepwise;
using namespace stepwise::workers;
using definitions::IntegrationPattern;
using definitions::parse_resource;

namespace {

// A FunctionRef's name views the resource (or parameters): copied here while they live.
struct Resolved {
  FunctionKind kind;
  std::string name;
  IntegrationPattern pattern;
};

Resolved resolve(const std::string& arn, const Json& parameters = Json::object()) {
  auto resource = parse_resource(arn);
  REQUIRE_MESSAGE(resource.ok(), arn);
  auto ref = resolve_function(resource.value(), &parameters);
  REQUIRE_MESSAGE(ref.ok(), arn << ": " << (ref.ok() ? "" : ref.error().message));
  return Resolved{ref->kind, std::string(ref->name), ref->pattern};
}

}  // namespace

TEST_CASE("Workers.FunctionRef.EveryResourceFormNamesAQueue") {
  auto lambda = resolve("arn:aws:lambda:us-east-1:123456789012:function:charge-card:live");
  CHECK(lambda.kind == FunctionKind::Lambda);
  CHECK(lambda.name == "charge-card");

  auto activity = resolve("arn:aws:states:us-east-1:123456789012:activity:approve");
  CHECK(activity.kind == FunctionKind::Activity);
  CHECK(activity.name == "approve");

  auto local = resolve("local:price-line");
  CHECK(local.kind == FunctionKind::Local);
  CHECK(local.name == "price-line");

  SUBCASE("lambda:invoke takes FunctionName as a name, partial ARN or full ARN") {
    for (const char* fn : {"list-orders", "list-orders:prod", "arn:aws:lambda:us-east-1:123456789012:function:list-orders",
                           "arn:aws:lambda:us-east-1:123456789012:function:list-orders:$LATEST"}) {
      auto ref = resolve("arn:aws:states:::lambda:invoke", Json{{"FunctionName", fn}});
      CHECK(ref.kind == FunctionKind::LambdaInvoke);
      CHECK_MESSAGE(ref.name == "list-orders", fn);
    }
    auto callback = resolve("arn:aws:states:::lambda:invoke.waitForTaskToken", Json{{"FunctionName", "f"}});
    CHECK(callback.pattern == IntegrationPattern::WaitForTaskToken);
  }

  auto child = resolve("arn:aws:states:::states:startExecution.sync:2");
  CHECK(child.kind == FunctionKind::ChildExecution);
  CHECK(child.pattern == IntegrationPattern::Sync2);
}

TEST_CASE("Workers.FunctionRef.UnrunnableResourcesAreErrors") {
  auto invoke = parse_resource("arn:aws:states:::lambda:invoke");
  REQUIRE(invoke.ok());
  const Json no_name = Json::object();
  auto missing = resolve_function(invoke.value(), &no_name);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("FunctionName") != std::string::npos);

}

TEST_CASE("Workers.FunctionRef.OtherIntegrationsAreFunctionsNamedAfterTheirAction") {
  auto sqs = parse_resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
  REQUIRE(sqs.ok());
  auto ref = resolve_function(sqs.value());
  REQUIRE(ref.ok());
  CHECK(ref->kind == FunctionKind::Local);
  CHECK(ref->name == "sqs:sendMessage");
  auto sdk = parse_resource("arn:aws:states:::aws-sdk:s3:getObject");
  REQUIRE(sdk.ok());
  CHECK(resolve_function(sdk.value())->name == "aws-sdk:s3:getObject");
}
