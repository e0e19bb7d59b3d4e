#include "api/cli/server_client.h"

#include <cstdlib>

#include "workers/http_client.h"

namespace stepwise::api::cli {

struct ServerClient::Impl {
  explicit Impl(const std::string& url) : client(url) {}
  workers::HttpClient client;
};

ServerClient::ServerClient(std::string url, std::string token) : url_(std::move(url)), impl_(new Impl(url_)) {
  impl_->client.set_timeouts({std::chrono::seconds(5), std::chrono::seconds(90)});  // a worker poll may wait 60 s
  if (!token.empty()) impl_->client.add_default_header("Authorization", "Bearer " + token);
}

ServerClient::~ServerClient() = default;
ServerClient::ServerClient(ServerClient&&) noexcept = default;

Result<ServerReply> ServerClient::call(const std::string& method, const std::string& path, const Json* body) {
  if (!impl_->client.url_problem().empty())
    return make_error("Usage", "'" + url_ + "' is not a server URL (http://HOST:PORT)");
  const std::string text = body ? body->dump() : "";
  auto res = impl_->client.request(method, path, {}, text);
  if (!res)
    return make_error("Unreachable", "cannot reach the Stepwise server at " + url_ + " (" + res.error().message +
                                         "); is `stepwise serve` running? (--server URL or STEPWISE_SERVER)");
  ServerReply reply{res->status, Json()};
  if (!res->body.empty()) {
    reply.body = Json::parse(res->body, nullptr, false);
    if (reply.body.is_discarded())
      return make_error("BadReply", "the server at " + url_ + " answered " + std::to_string(res->status) +
                                        " with a body that is not JSON: " + res->body.substr(0, 200));
  }
  if (res->status >= 400) {
    const Json* e = reply.body.is_object() && reply.body.contains("error") ? &reply.body["error"] : nullptr;
    if (e && e->is_object())
      return make_error(e->value("code", "Error"), e->value("message", "HTTP " + std::to_string(res->status)));
    return make_error("HTTP" + std::to_string(res->status), "the server answered " + std::to_string(res->status) +
                                                                 (res->body.empty() ? "" : ": " + res->body));
  }
  return reply;
}

std::string path_segment(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

bool take_server_options(std::vector<std::string>& args, std::string& url, std::string& token, std::string& error) {
  const char* env_url = std::getenv("STEPWISE_SERVER");
  const char* env_token = std::getenv("STEPWISE_TOKEN");
  url = env_url && *env_url ? env_url : "http://127.0.0.1:8083";
  token = env_token ? env_token : "";
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--server" || a == "--token") {
      if (i + 1 >= args.size()) {
        error = a + " needs a value";
        return false;
      }
      (a == "--server" ? url : token) = args[++i];
    } else {
      rest.push_back(a);
    }
  }
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) url = "http://" + url;
  while (url.size() > 8 && url.back() == '/') url.pop_back();
  args = std::move(rest);
  return true;
}

}  // namespace stepwise::api::cli
