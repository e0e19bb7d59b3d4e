#include "api/server/api_error.h"

namespace stepwise::api {

namespace {
bool ends_with(const std::string& s, const char* suffix) {
  const std::string t(suffix);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}
Error not_null(const char* member) {
  return make_error("ValidationException", std::string("1 validation error detected: Value null at '") + member +
                                               "' failed to satisfy constraint: Member must not be null");
}
Error wrong_type(const char* member, const char* type) {
  return make_error("ValidationException", std::string("1 validation error detected: Value at '") + member +
                                               "' failed to satisfy constraint: Member must be " + type);
}
}  // namespace

int http_status_for(const std::string& code, bool aws_face) {
  if (code == "Storage") return 503;
  if (code == "InternalFailure") return 500;
  if (aws_face) return 400;
  if (ends_with(code, "DoesNotExist") || code == "ResourceNotFound" || code == "NotFound") return 404;
  if (ends_with(code, "AlreadyExists")) return 409;
  if (code == "TaskTimedOut") return 410;
  return 400;
}

Result<std::string> required_string(const Json& body, const char* member) {
  auto it = body.find(member);
  if (it == body.end() || it->is_null()) return not_null(member);
  if (!it->is_string()) return wrong_type(member, "a string");
  return it->get<std::string>();
}

Result<std::optional<std::string>> optional_string(const Json& body, const char* member) {
  auto it = body.find(member);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return wrong_type(member, "a string");
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::size_t> optional_count(const Json& body, const char* member, std::size_t max) {
  auto it = body.find(member);
  if (it == body.end() || it->is_null()) return std::size_t{0};
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > static_cast<std::int64_t>(max))
    return make_error("ValidationException", std::string("1 validation error detected: Value at '") + member +
                                                 "' failed to satisfy constraint: Member must have value between 0 and " +
                                                 std::to_string(max));
  return it->get<std::size_t>();
}

}  // namespace stepwise::api
