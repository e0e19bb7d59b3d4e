// Checks AWS applies to optimized service integrations (arn:aws:states:::SERVICE:ACTION).
#include <array>

#include "definitions/parser/state_parser.h"

namespace stepwise::definitions::parser {
namespace {

// AWS's optimized integrations, by service name in the ARN ("Integrating optimized services with
// Step Functions"), plus the AWS SDK integrations.
constexpr std::array<std::string_view, 22> kServices{
    "apigateway", "athena",    "aws-sdk",     "batch",        "bedrock",          "codebuild",
    "databrew",   "dynamodb",  "ecs",         "eks",          "elasticmapreduce", "emr-containers",
    "emr-serverless", "events", "glue",       "http",         "lambda",           "mediaconvert",
    "sagemaker",  "sns",       "sqs",         "states",
};

struct ParameterShape {
  std::string_view resource;  // SERVICE:ACTION
  std::initializer_list<std::string_view> required;
  std::initializer_list<std::string_view> allowed;
};

const ParameterShape kShapes[] = {
    {"lambda:invoke", {"FunctionName"}, {"FunctionName", "Payload", "InvocationType", "LogType", "ClientContext", "Qualifier"}},
    {"states:startExecution", {"StateMachineArn"}, {"StateMachineArn", "Input", "Name", "TraceHeader"}},
    {"http:invoke",
     {"ApiEndpoint", "Method", "Authentication"},
     {"ApiEndpoint", "Method", "Authentication", "Headers", "QueryParameters", "RequestBody", "Transform"}},
};

void check_parameters(Context& ctx, const Where& w, const ParameterShape& shape, QueryLanguage language) {
  const char* name = language == QueryLanguage::JsonPath ? "Parameters" : "Arguments";
  const Json* params = field(w.object, name);
  const std::string ptr = w.at(name);
  if (!params) {
    ctx.schema("The field '" + std::string(shape.required.begin()[0]) + "' is required by " + std::string(shape.resource) +
                   ": set it in '" + name + "'",
               w.pointer);
    return;
  }
  if (!params->is_object()) return;  // reported elsewhere, or a JSONata expression
  for (auto required : shape.required) {
    const std::string key(required);
    if (!params->contains(key) && !params->contains(key + ".$"))
      ctx.schema("The field '" + key + "' is required by " + std::string(shape.resource) + " but was missing", ptr);
  }
  for (const auto& item : params->items()) {
    std::string key = item.key();
    if (language == QueryLanguage::JsonPath && is_dynamic_key(key)) key.resize(key.size() - 2);
    bool known = false;
    for (auto allowed : shape.allowed) known = known || allowed == key;
    if (!known)
      ctx.schema("The field '" + item.key() + "' is not supported by " + std::string(shape.resource),
                 pointer_append(ptr, item.key()));
  }
}

}  // namespace

void check_integration(Context& ctx, const Where& w, const Resource& resource, QueryLanguage language) {
  if (!resource.is_service_integration()) return;
  const std::string& rest = resource.resource;  // SERVICE:ACTION[.suffix]
  const std::string service = rest.substr(0, rest.find(':'));
  std::string action = rest.substr(rest.find(':') + 1);
  action = action.substr(0, action.find('.'));
  bool known = false;
  for (auto s : kServices) known = known || s == service;
  const std::string where = w.at("Resource");
  if (!known) {
    ctx.error(DiagnosticCode::InvalidResource,
              "The resource '" + resource.text + "' is not a service integration Step Functions supports", where);
    return;
  }
  const std::string api = service + ":" + action;
  if (resource.pattern == IntegrationPattern::Sync2 && api != "states:startExecution")
    ctx.error(DiagnosticCode::InvalidResource, "'.sync:2' is only supported by states:startExecution", where);
  if (service == "lambda" && action != "invoke")
    ctx.error(DiagnosticCode::InvalidResource, "The Lambda integration's only action is lambda:invoke", where);
  if (api == "lambda:invoke" && resource.pattern == IntegrationPattern::Sync)
    ctx.error(DiagnosticCode::InvalidResource, "lambda:invoke does not support '.sync'", where);
  if (service == "http" && action != "invoke")
    ctx.error(DiagnosticCode::InvalidResource, "The HTTP integration's only action is http:invoke", where);
  for (const auto& shape : kShapes)
    if (shape.resource == api) check_parameters(ctx, w, shape, language);
}

}  // namespace stepwise::definitions::parser
