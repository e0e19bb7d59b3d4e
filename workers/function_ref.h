#pragma once
// Every Task Resource resolves to a named function queue (ARCHITECTURE.md, Workers):
//   arn:aws:states:REGION:ACCOUNT:activity:NAME            -> NAME (an AWS activity)
//   arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER] -> NAME
//   arn:aws:states:::lambda:invoke (Parameters.FunctionName) -> NAME, with Lambda's result envelope
//   local:NAME                                             -> NAME (Stepwise's short form)
//   arn:aws:states:::states:startExecution[.sync[:2]]      -> a child execution on this engine
#include <string>
#include <string_view>

#include "definitions/json.h"
#include "definitions/resource.h"
#include "definitions/result.h"

namespace stepwise::workers {

enum class FunctionKind { Activity, Lambda, LambdaInvoke, Local, ChildExecution };
const char* to_string(FunctionKind kind);

struct FunctionRef {
  FunctionKind kind = FunctionKind::Local;
  // The queue name; empty for ChildExecution. A view into the resource's text, or for
  // lambda:invoke into the parameters' FunctionName: valid while they are.
  std::string_view name;
  definitions::IntegrationPattern pattern = definitions::IntegrationPattern::RequestResponse;
};

// function_name: for lambda:invoke, the FunctionName from the task's effective parameters, which
// may be a name, a partial ARN (NAME:QUALIFIER) or a full function ARN.
Result<FunctionRef> resolve_function(const definitions::Resource& resource, const Json* parameters = nullptr);

}  // namespace stepwise::workers
