#pragma once
// Errors as both faces answer them. The service's error codes are AWS's exception names; the AWS
// face sends them as "__type", the REST face as {"error":{"code","message"}}, each with the
// HTTP status the code calls for.
#include <string>

#include "definitions/json.h"
#include "definitions/result.h"

namespace stepwise::api {

// 400 for the caller's mistakes, 404 for what does not exist (REST only; AWS uses 400 for all
// client errors), 409 for names taken, 410 for spent task tokens, 500/503 for storage failures.
int http_status_for(const std::string& code, bool aws_face);

// Reading request members: a missing or mistyped one is a ValidationException naming it, worded
// as AWS words it.
Result<std::string> required_string(const Json& body, const char* member);
Result<std::optional<std::string>> optional_string(const Json& body, const char* member);
Result<std::size_t> optional_count(const Json& body, const char* member, std::size_t max);

}  // namespace stepwise::api
