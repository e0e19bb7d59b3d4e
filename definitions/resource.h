#pragma once
// A Task's Resource, split into its parts. The mapping to a function queue lives in workers/.
#include <optional>
#include <string>
#include <string_view>

#include "definitions/object_id.h"
#include "definitions/result.h"

namespace stepwise::definitions {

enum class IntegrationPattern { RequestResponse, Sync, Sync2, WaitForTaskToken };
const char* to_string(IntegrationPattern pattern);

struct Resource {
  std::string text;             // as written
  bool local = false;           // Stepwise's own short form "local:NAME"
  std::string partition;        // arn:PARTITION:SERVICE:REGION:ACCOUNT:...
  std::string service;          // lambda, states, ...
  std::string region;
  std::string account;
  std::string resource;         // everything after ACCOUNT:, e.g. "function:NAME" or "lambda:invoke"
  IntegrationPattern pattern = IntegrationPattern::RequestResponse;
  ObjectId id;                  // this object's: for the workers' caches of what it resolves to

  // arn:PARTITION:states:::SERVICE:ACTION — an optimized or AWS SDK service integration.
  bool is_service_integration() const { return !local && service == "states" && region.empty(); }
};

// Stepwise's short form for local functions: "local:NAME".
inline constexpr std::string_view kLocalResourcePrefix = "local:";

// Parses an ARN (or the local short form) and checks it as AWS does.
Result<Resource> parse_resource(std::string_view text);

}  // namespace stepwise::definitions
