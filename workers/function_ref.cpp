#include "workers/function_ref.h"

namespace stepwise::workers {
namespace {

// "function:NAME[:QUALIFIER]" or "NAME[:QUALIFIER]" or a full Lambda ARN -> NAME.
std::string_view lambda_name(std::string_view text) {
  if (text.substr(0, 4) == std::string_view("arn:")) {
    auto pos = text.find(":function:");
    if (pos != std::string_view::npos) text.remove_prefix(pos + 10);
  } else if (text.substr(0, 9) == "function:") {
    text.remove_prefix(9);
  }
  return text.substr(0, text.find(':'));
}

}  // namespace

const char* to_string(FunctionKind kind) {
  switch (kind) {
    case FunctionKind::Activity: return "Activity";
    case FunctionKind::Lambda: return "Lambda";
    case FunctionKind::LambdaInvoke: return "LambdaInvoke";
    case FunctionKind::Local: return "Local";
    case FunctionKind::ChildExecution: return "ChildExecution";
  }
  return "Local";
}

Result<FunctionRef> resolve_function(const definitions::Resource& resource, const Json* parameters) {
  FunctionRef ref;
  ref.pattern = resource.pattern;
  if (resource.local) {
    ref.name = resource.resource;
    return ref;
  }
  using namespace std::string_view_literals;
  if (resource.service == "lambda"sv) {
    ref.kind = FunctionKind::Lambda;
    ref.name = lambda_name(resource.resource);
    return ref;
  }
  if (resource.resource.rfind("activity:", 0) == 0) {
    ref.kind = FunctionKind::Activity;
    ref.name = std::string_view(resource.resource).substr(9);
    return ref;
  }
  if (resource.resource.rfind("lambda:invoke", 0) == 0) {
    ref.kind = FunctionKind::LambdaInvoke;
    const Json* fn = parameters && parameters->is_object() && parameters->contains("FunctionName")
                         ? &(*parameters)["FunctionName"]
                         : nullptr;
    if (!fn || !fn->is_string() || fn->get_ref<const std::string&>().empty())
      return make_error("States.Runtime", "lambda:invoke needs a string 'FunctionName' parameter");
    ref.name = lambda_name(fn->get_ref<const std::string&>());
    return ref;
  }
  if (resource.resource.rfind("states:startExecution", 0) == 0) {
    ref.kind = FunctionKind::ChildExecution;
    return ref;
  }
  // Any other integration (sqs:sendMessage, aws-sdk:s3:getObject, ...) is a function named after
  // its action, so a local worker can stand in for the service.
  std::string_view name = resource.resource;
  for (std::string_view suffix : {".waitForTaskToken", ".sync:2", ".sync"})
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      name.remove_suffix(suffix.size());
      break;
    }
  ref.name = name;
  return ref;
}

}  // namespace stepwise::workers
