#include "api/server/http_server.h"

#include "api/server/connection_pool.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>

#include "api/log.h"
#include "api/server/api_error.h"
#include "api/server/aws_protocol.h"
#include "api/server/rest_api.h"

namespace stepwise::api {

namespace {

constexpr const char* kAwsJson = "application/x-amz-json-1.0";
constexpr const char* kTargetPrefix = "AWSStepFunctions.";

std::string request_id() {
  static std::atomic<std::uint64_t> counter{0};
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012llx", static_cast<unsigned long long>(++counter));
  return buf;
}

void aws_error(httplib::Response& res, const Error& e) {
  res.status = http_status_for(e.code, true);
  res.set_header("x-amzn-ErrorType", e.code);
  res.set_content(Json{{"__type", e.code}, {"message", e.message}}.dump(), kAwsJson);
}

// Bearer <token>, or an AWS SigV4 header whose access key id is the token.
bool authorized(const httplib::Request& req, const std::string& token) {
  if (token.empty()) return true;
  const std::string auth = req.get_header_value("Authorization");
  if (auth == "Bearer " + token) return true;
  const std::string credential = "Credential=" + token + "/";
  return auth.rfind("AWS4-HMAC-SHA256 ", 0) == 0 && auth.find(credential) != std::string::npos;
}

}  // namespace

struct HttpServer::Impl {
  ApiContext& context;
  ServerOptions options;
  httplib::Server server;
  int port = 0;
  int listen_socket = -1;

  Impl(ApiContext& c, ServerOptions o) : context(c), options(std::move(o)) {
    server.set_tcp_nodelay(true);
    // Debian's cpp-httplib listens with a backlog of 5: a burst of new connections overflows it
    // and the kernel drops SYNs, which clients retry a second later (a 1 s tail latency). The
    // listening socket is remembered here and given a real backlog once bound.
    server.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listen_socket = sock;
    });
    const std::size_t threads = options.threads;
    server.new_task_queue = [threads] { return new ConnectionPool(std::min<std::size_t>(threads, 16), threads); };
    server.set_keep_alive_max_count(100000);
    server.set_keep_alive_timeout(5);
    server.set_read_timeout(30, 0);
    server.set_write_timeout(30, 0);
    server.set_payload_max_length(options.max_body_bytes);
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (authorized(req, options.token)) return httplib::Server::HandlerResponse::Unhandled;
      if (req.path.rfind("/v1/", 0) == 0) {
        res.status = 401;
        res.set_content(Json{{"error", {{"code", "Unauthorized"}, {"message", "a valid bearer token is required"}}}}.dump(),
                        "application/json");
      } else {
        aws_error(res, make_error("UnrecognizedClientException", "The security token included in the request is invalid."));
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown error";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      logger()->error("{} {} failed: {}", req.method, req.path, what);
      res.status = 500;
      res.set_content(Json{{"__type", "InternalFailure"}, {"message", "internal error: " + what}}.dump(), kAwsJson);
    });
    server.Post("/", [this](const httplib::Request& req, httplib::Response& res) { aws(req, res); });
    auto rest = [this](const httplib::Request& req, httplib::Response& res) { this->rest(req, res); };
    server.Get(R"(/v1/.*)", rest);
    server.Post(R"(/v1/.*)", rest);
    server.Put(R"(/v1/.*)", rest);
    server.Delete(R"(/v1/.*)", rest);
  }

  void aws(const httplib::Request& req, httplib::Response& res) {
    res.set_header("x-amzn-RequestId", request_id());
    const std::string target = req.get_header_value("X-Amz-Target");
    if (target.rfind(kTargetPrefix, 0) != 0)
      return aws_error(res, make_error("UnknownOperationException",
                                       "The X-Amz-Target header must name an action: AWSStepFunctions.<Action>"));
    const std::string action = target.substr(std::string(kTargetPrefix).size());
    Json body = req.body.empty() ? Json::object() : Json::parse(req.body, nullptr, false);
    if (body.is_discarded())
      return aws_error(res, make_error("SerializationException", "The request body is not valid JSON"));
    logger()->debug("AWS {} {}", action, req.body);
    auto result = aws_call(context, action, body);
    if (!result) {
      logger()->debug("AWS {} -> {}: {}", action, result.error().code, result.error().message);
      return aws_error(res, result.error());
    }
    res.set_content(result->dump(), kAwsJson);
  }

  void rest(const httplib::Request& req, httplib::Response& res) {
    std::map<std::string, std::string> query;
    for (const auto& [k, v] : req.params) query[k] = v;
    RestReply reply = rest_call(context, req.method, req.path, query, req.body);
    res.status = reply.status;
    if (reply.status != 204) res.set_content(reply.body.dump(), "application/json");
  }
};

HttpServer::HttpServer(ApiContext& context, ServerOptions options)
    : impl_(std::make_unique<Impl>(context, std::move(options))) {}

HttpServer::~HttpServer() {
  stop();
  if (thread_.joinable()) thread_.join();
}

Result<int> HttpServer::bind() {
  const auto& o = impl_->options;
  if (o.port == 0) {
    const int port = impl_->server.bind_to_any_port(o.host);
    if (port <= 0) return make_error("Bind", "cannot listen on " + o.host + " (any port)");
    impl_->port = port;
  } else {
    if (!impl_->server.bind_to_port(o.host, o.port))
      return make_error("Bind", "cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                    " (is the port in use, or the address not this machine's?)");
    impl_->port = o.port;
  }
  if (impl_->listen_socket >= 0) ::listen(impl_->listen_socket, SOMAXCONN);  // a second listen() resizes the backlog
  return impl_->port;
}

void HttpServer::run() { impl_->server.listen_after_bind(); }

void HttpServer::start() {
  thread_ = std::thread([this] { run(); });  // bound already: connections queue until it accepts
}

void HttpServer::stop() { impl_->server.stop(); }

}  // namespace stepwise::api
