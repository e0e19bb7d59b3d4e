#include "definitions/resource.h"

#include <cctype>
#include <vector>

namespace stepwise::definitions {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    auto pos = s.find(sep);
    if (pos == std::string_view::npos) break;
    parts.push_back(s.substr(0, pos));
    s.remove_prefix(pos + 1);
  }
  parts.push_back(s);
  return parts;
}

bool all_of(std::string_view s, int (*pred)(int)) {
  for (char c : s)
    if (!pred(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

bool is_region(std::string_view s) {
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return false;
  return !s.empty();
}

bool is_name(std::string_view s) {
  if (s.empty() || s.size() > 256) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

bool is_lambda_part(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

// AWS's rule for activity (and state machine, execution) names: 1-80 characters, no white space,
// brackets, wildcards, control characters or any of " # % \ ^ | ~ ` $ & , ; : /
bool is_activity_name(std::string_view s) {
  if (s.empty() || s.size() > 80) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || std::string_view("<>{}[]?*\"#%\\^|~`$&,;:/").find(c) != std::string_view::npos)
      return false;
  }
  return true;
}

Error invalid(std::string_view text, const std::string& why) {
  return make_error("INVALID_RESOURCE", "The resource '" + std::string(text) + "' is not valid: " + why);
}

}  // namespace

const char* to_string(IntegrationPattern pattern) {
  switch (pattern) {
    case IntegrationPattern::RequestResponse: return "REQUEST_RESPONSE";
    case IntegrationPattern::Sync: return "SYNC";
    case IntegrationPattern::Sync2: return "SYNC2";
    case IntegrationPattern::WaitForTaskToken: return "WAIT_FOR_TASK_TOKEN";
  }
  return "REQUEST_RESPONSE";
}

Result<Resource> parse_resource(std::string_view text) {
  Resource r;
  r.text = std::string(text);
  if (text.substr(0, kLocalResourcePrefix.size()) == kLocalResourcePrefix) {
    r.local = true;
    r.resource = std::string(text.substr(kLocalResourcePrefix.size()));
    if (!is_name(r.resource)) return invalid(text, "a local function name is 1-256 letters, digits, '-', '_' or '.'");
    return r;
  }
  auto parts = split(text, ':', 6);
  if (parts.size() < 6 || parts[0] != "arn")
    return invalid(text, "expected an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE) or local:NAME");
  r.partition = std::string(parts[1]);
  r.service = std::string(parts[2]);
  r.region = std::string(parts[3]);
  r.account = std::string(parts[4]);
  r.resource = std::string(parts[5]);
  if (r.partition != "aws" && r.partition != "aws-cn" && r.partition != "aws-us-gov" &&
      r.partition != "aws-iso" && r.partition != "aws-iso-b" && r.partition != "aws-iso-e" &&
      r.partition != "aws-iso-f" && r.partition != "aws-eusc")
    return invalid(text, "unknown partition '" + r.partition + "'");

  if (r.service == "lambda") {
    auto rest = split(r.resource, ':', 3);
    if (!is_region(r.region) || !all_of(r.account, ::isdigit) || r.account.size() != 12)
      return invalid(text, "a Lambda ARN needs a region and a 12-digit account id");
    if (rest.size() < 2 || rest[0] != "function" || !is_lambda_part(rest[1], 64) ||
        (rest.size() == 3 && rest[2] != "$LATEST" && !is_lambda_part(rest[2], 128)))
      return invalid(text, "a Lambda ARN ends in function:NAME[:QUALIFIER], NAME being 1-64 letters, digits, '-' or '_'");
    return r;
  }
  if (r.service != "states") return invalid(text, "only Lambda functions, activities and arn:aws:states::: integrations can be a Task's resource");

  if (!r.region.empty() || !r.account.empty()) {
    auto rest = split(r.resource, ':', 2);
    if (!is_region(r.region) || !all_of(r.account, ::isdigit) || r.account.size() != 12)
      return invalid(text, "an activity ARN needs a region and a 12-digit account id");
    if (rest.size() != 2 || rest[0] != "activity" || !is_activity_name(rest[1]))
      return invalid(text, "an activity ARN ends in activity:NAME, NAME being 1-80 characters without white space, "
                           "brackets, wildcards or special characters");
    return r;
  }
  // arn:aws:states:::SERVICE:ACTION[.sync[:2]|.waitForTaskToken] or :::aws-sdk:SERVICE:ACTION
  std::string_view rest = r.resource;
  auto colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size())
    return invalid(text, "a service integration is written arn:aws:states:::SERVICE:ACTION");
  std::string_view action = rest.substr(colon + 1);
  if (rest.substr(0, colon) == "aws-sdk") {
    auto c2 = action.find(':');
    if (c2 == std::string_view::npos || c2 == 0 || c2 + 1 == action.size())
      return invalid(text, "an SDK integration is written arn:aws:states:::aws-sdk:SERVICE:ACTION");
    action = action.substr(c2 + 1);
  }
  if (auto suffix = action.find(".sync:2"); suffix != std::string_view::npos && suffix + 7 == action.size()) {
    r.pattern = IntegrationPattern::Sync2;
    action = action.substr(0, suffix);
  } else if (auto s1 = action.find(".sync"); s1 != std::string_view::npos && s1 + 5 == action.size()) {
    r.pattern = IntegrationPattern::Sync;
    action = action.substr(0, s1);
  } else if (auto w = action.find(".waitForTaskToken"); w != std::string_view::npos && w + 17 == action.size()) {
    r.pattern = IntegrationPattern::WaitForTaskToken;
    action = action.substr(0, w);
  }
  if (action.empty() || action.find(':') != std::string_view::npos || action.find('.') != std::string_view::npos)
    return invalid(text, "unknown integration pattern or malformed action");
  for (char c : action)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      return invalid(text, "malformed action name");
  return r;
}

}  // namespace stepwise::definitions
