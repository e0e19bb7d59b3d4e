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

const Json* RequestReader::find(const char* member) {
  auto it = body_.find(member);
  return it == body_.end() || it->is_null() ? nullptr : &*it;
}

void RequestReader::fail(Error e) {
  if (!error_) error_ = std::move(e);
}

std::string RequestReader::required(const char* member) {
  const Json* v = find(member);
  if (!v) fail(not_null(member));
  else if (!v->is_string()) fail(wrong_type(member, "a string"));
  else return v->get<std::string>();
  return std::string();
}

std::optional<std::string> RequestReader::optional(const char* member) {
  const Json* v = find(member);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(wrong_type(member, "a string"));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::size_t RequestReader::count(const char* member, std::size_t max) {
  const Json* v = find(member);
  if (!v) return 0;
  if (!v->is_number_integer() || v->get<std::int64_t>() < 0 || v->get<std::int64_t>() > static_cast<std::int64_t>(max)) {
    fail(make_error("ValidationException", std::string("1 validation error detected: Value at '") + member +
                                               "' failed to satisfy constraint: Member must have value between 0 "
                                               "and " + std::to_string(max)));
    return 0;
  }
  return v->get<std::size_t>();
}

bool RequestReader::flag(const char* member, bool absent) {
  const Json* v = find(member);
  if (!v) return absent;
  if (!v->is_boolean()) {
    fail(wrong_type(member, "a boolean"));
    return absent;
  }
  return v->get<bool>();
}

}  // namespace stepwise::api
