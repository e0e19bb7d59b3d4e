#include "workers/http_endpoint.h"

#include <chrono>

#include "workers/http_client.h"

namespace stepwise::workers {

namespace {

// A body shaped as Lambda's error payload: errorType, and nothing but the fields Lambda adds.
bool lambda_error_shape(const Json& body) {
  if (!body.is_object() || !body.contains("errorType") || !body["errorType"].is_string()) return false;
  for (const auto& [key, value] : body.items())
    if (key != "errorType" && key != "errorMessage" && key != "trace" && key != "stackTrace" && key != "requestId")
      return false;
  return true;
}

std::string excerpt(const std::string& text) { return text.size() > 1000 ? text.substr(0, 1000) + "..." : text; }

// Where a URL's path starts (npos: it has none).
std::size_t path_start_of(const std::string& url) { return url.find('/', url.find("://") + 3); }

}  // namespace

struct EndpointCall::Impl {
  Impl(std::string f, EndpointSpec e, std::string t)
      : function_name(std::move(f)),
        endpoint(std::move(e)),
        task_token(std::move(t)),
        cut(path_start_of(endpoint.url)),
        client(cut == std::string::npos ? endpoint.url : endpoint.url.substr(0, cut)),
        path(cut == std::string::npos ? "/" : endpoint.url.substr(cut)) {}
  std::string function_name;
  EndpointSpec endpoint;
  std::string task_token;
  std::size_t cut;         // where the URL's path starts
  HttpClient client;  // of the URL's scheme, host and port
  std::string path;
  std::atomic<bool> stopped{false};
};

EndpointCall::EndpointCall(std::string function_name, EndpointSpec endpoint, std::string task_token)
    : impl_(std::make_unique<Impl>(std::move(function_name), std::move(endpoint), std::move(task_token))) {}

EndpointCall::~EndpointCall() = default;

void EndpointCall::stop() {
  impl_->stopped = true;
  impl_->client.stop();  // thread-safe: shuts the socket of a call under way
}

FunctionResult call_endpoint(const std::string& function_name, const EndpointSpec& endpoint, const Json& input,
                             const std::string& task_token) {
  return EndpointCall(function_name, endpoint, task_token).run(input);
}

FunctionResult EndpointCall::run(const Json& input) {
  const EndpointSpec& endpoint = impl_->endpoint;
  const std::string& function_name = impl_->function_name;
  const std::string& path = impl_->path;
  const std::string where = "the endpoint " + endpoint.url + " of function '" + function_name + "'";

  HttpClient& client = impl_->client;
  if (!client.url_problem().empty()) return FunctionResult::failure("States.TaskFailed", where + " is not a valid URL");
  if (impl_->stopped) return FunctionResult::failure("States.TaskFailed", "the call to " + where + " was stopped");
  const auto timeout = endpoint.timeout;
  client.set_timeouts({std::min<std::chrono::milliseconds>(timeout, std::chrono::seconds(10)), timeout});
  const HttpHeaders headers{{"X-Stepwise-Function", function_name}, {"X-Stepwise-Task-Token", impl_->task_token}};
  auto res = client.request("POST", path, headers, input.dump());
  if (!res) {
    if (res.error().code == http_errors::kTimeout) {
      const double seconds = static_cast<double>(timeout.count()) / 1000.0;
      char text[64];
      std::snprintf(text, sizeof text, "%.2f", seconds);
      Json cause{{"errorType", "Sandbox.Timedout"},
                 {"errorMessage", "Task timed out after " + std::string(text) + " seconds (" + endpoint.url + ")"}};
      return FunctionResult::failure("Sandbox.Timedout", cause.dump());
    }
    return FunctionResult::failure("States.TaskFailed", "Could not call " + where + ": " + res.error().message);
  }
  const bool ok = res->status >= 200 && res->status < 300;
  Json body = res->body.empty() ? Json() : Json::parse(res->body, nullptr, false);
  const bool function_error = !ok || res->header("X-Amz-Function-Error") != nullptr || lambda_error_shape(body);
  if (function_error) {
    if (!body.is_discarded() && body.is_object() && body.contains("errorType") && body["errorType"].is_string())
      return FunctionResult::failure(body["errorType"].get<std::string>(), body.dump());
    return FunctionResult::failure("States.TaskFailed", where + " answered HTTP " + std::to_string(res->status) +
                                                            (res->body.empty() ? "" : ": " + excerpt(res->body)));
  }
  if (body.is_discarded())
    return FunctionResult::failure("States.TaskFailed",
                                   where + " answered with a body that is not JSON: " + excerpt(res->body));
  return FunctionResult::success(std::move(body));
}

}  // namespace stepwise::workers
