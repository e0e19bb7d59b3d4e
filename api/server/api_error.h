#pragma once
// Errors as both faces answer them. The service's error codes are AWS's exception names; the AWS
// face sends them as "__type", the REST face as {"error":{"code","message"}}, each with the
// HTTP status the code calls for.
#include <optional>
#include <string>

#include "definitions/json.h"
#include "definitions/result.h"

namespace stepwise::api {

// 400 for the caller's mistakes, 404 for what does not exist (REST only; AWS uses 400 for all
// client errors), 409 for names taken, 410 for spent task tokens, 500/503 for storage failures.
int http_status_for(const std::string& code, bool aws_face);

// Reads a request's members. A missing or mistyped one is remembered (the first only) as a
// ValidationException naming it, worded as AWS words it; check error() once all are read.
class RequestReader {
 public:
  explicit RequestReader(const Json& body) : body_(body) {}
  std::string required(const char* member);
  std::optional<std::string> optional(const char* member);
  std::size_t count(const char* member, std::size_t max);  // 0 when absent
  bool flag(const char* member, bool absent);
  const std::optional<Error>& error() const { return error_; }

 private:
  const Json* find(const char* member);
  void fail(Error e);

  const Json& body_;
  std::optional<Error> error_;
};

}  // namespace stepwise::api
