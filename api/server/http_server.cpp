#include "api/server/http_server.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "api/log.h"
#include "api/server/api_error.h"
#include "api/server/aws_protocol.h"
#include "api/server/event_server.h"
#include "api/server/handler_pool.h"
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

HttpResponse json_response(int status, const char* content_type, std::string body) {
  HttpResponse res;
  res.status = status;
  res.content_type = content_type;
  res.body = std::move(body);
  return res;
}

HttpResponse aws_reply(const Result<Json>& result, std::string id) {
  HttpResponse res;
  if (!result) {
    const Error& e = result.error();
    res = json_response(http_status_for(e.code, true), kAwsJson, Json{{"__type", e.code}, {"message", e.message}}.dump());
    res.headers.emplace_back("x-amzn-ErrorType", e.code);
  } else {
    res = json_response(200, kAwsJson, result->dump());
  }
  res.headers.emplace_back("x-amzn-RequestId", std::move(id));
  return res;
}

// Bearer <token>, or an AWS SigV4 header whose access key id is the token.
bool authorized(const HttpRequest& req, const std::string& token) {
  if (token.empty()) return true;
  const std::string& auth = req.header("authorization");
  if (auth == "Bearer " + token) return true;
  const std::string credential = "Credential=" + token + "/";
  return auth.rfind("AWS4-HMAC-SHA256 ", 0) == 0 && auth.find(credential) != std::string::npos;
}

}  // namespace

struct HttpServer::Impl {
  ApiContext& context;
  ServerOptions options;
  // Handlers that may block (most wait for a commit, long polls wait up to a minute): a thread
  // each while they run.
  HandlerPool handlers;
  // StartExecution, which never blocks: it steps the new execution up to its first wait and hands
  // the step to the writer, whose commit answers the client. A thread per core; the starts read in
  // one round of the event thread go over as one job (one wake-up for many requests).
  HandlerPool starts;
  std::vector<std::function<void()>> round_starts;  // event thread only
  EventServer events;

  Impl(ApiContext& c, ServerOptions o)
      : context(c),
        options(std::move(o)),
        handlers(std::min<std::size_t>(options.threads, 16), options.threads, "sw-handler"),
        starts(std::max(2u, std::thread::hardware_concurrency()), std::max(2u, std::thread::hardware_concurrency()),
               "sw-start"),
        events(
            EventServer::Options{options.max_body_bytes},
            [this](HttpRequest&& req, EventServer::Responder responder) { route(std::move(req), std::move(responder)); },
            [this] { hand_over_starts(); }) {}

  void hand_over_starts() {
    if (round_starts.empty()) return;
    starts.enqueue([jobs = std::move(round_starts)] {
      for (const auto& job : jobs) job();
    });
    round_starts.clear();
  }

  // On the event thread: decides where the request runs.
  void route(HttpRequest&& req, EventServer::Responder responder) {
    if (!authorized(req, options.token)) {
      if (req.path.rfind("/v1/", 0) == 0)
        return responder.send(json_response(
            401, "application/json",
            Json{{"error", {{"code", "Unauthorized"}, {"message", "a valid bearer token is required"}}}}.dump()));
      return responder.send(aws_reply(
          make_error("UnrecognizedClientException", "The security token included in the request is invalid."),
          request_id()));
    }
    if (req.path == "/" && req.method == "POST") {
      const bool start = req.header("x-amz-target") == "AWSStepFunctions.StartExecution";
      auto job = [this, req = std::move(req), responder]() mutable { guarded(req, responder, &Impl::aws); };
      if (start) round_starts.emplace_back(std::move(job));
      else handlers.enqueue(std::move(job));
      return;
    }
    if (req.path.rfind("/v1/", 0) == 0 &&
        (req.method == "GET" || req.method == "POST" || req.method == "PUT" || req.method == "DELETE"))
      return handlers.enqueue([this, req = std::move(req), responder]() mutable { guarded(req, responder, &Impl::rest); });
    responder.send(json_response(404, "application/json",
                                 Json{{"error", {{"code", "NotFound"}, {"message", "no such route: " + req.method + " " + req.path}}}}
                                     .dump()));
  }

  // Exceptions never leave a handler: they become a 500 naming what failed.
  void guarded(HttpRequest& req, const EventServer::Responder& responder,
               void (Impl::*handler)(HttpRequest&, const EventServer::Responder&)) {
    try {
      (this->*handler)(req, responder);
    } catch (const std::exception& e) {
      logger()->error("{} {} failed: {}", req.method, req.path, e.what());
      responder.send(json_response(500, kAwsJson,
                                   Json{{"__type", "InternalFailure"}, {"message", std::string("internal error: ") + e.what()}}.dump()));
    }
  }

  void aws(HttpRequest& req, const EventServer::Responder& responder) {
    std::string id = request_id();
    const std::string& target = req.header("x-amz-target");
    if (target.rfind(kTargetPrefix, 0) != 0)
      return responder.send(aws_reply(make_error("UnknownOperationException",
                                                 "The X-Amz-Target header must name an action: AWSStepFunctions.<Action>"),
                                      std::move(id)));
    const std::string action = target.substr(std::string(kTargetPrefix).size());
    Json body = req.body.empty() ? Json::object() : Json::parse(req.body, nullptr, false);
    if (body.is_discarded())
      return responder.send(aws_reply(make_error("SerializationException", "The request body is not valid JSON"), std::move(id)));
    logger()->debug("AWS {} {}", action, req.body);
    if (action == "StartExecution")
      return aws_start_execution_async(context, body, [responder, id = std::move(id)](Result<Json> result) {
        responder.send(aws_reply(result, id));
      });
    auto result = aws_call(context, action, body);
    if (!result) logger()->debug("AWS {} -> {}: {}", action, result.error().code, result.error().message);
    responder.send(aws_reply(result, std::move(id)));
  }

  void rest(HttpRequest& req, const EventServer::Responder& responder) {
    RestReply reply = rest_call(context, req.method, req.path, req.query, req.body);
    HttpResponse res;
    res.status = reply.status;
    if (reply.status != 204) {
      res.content_type = "application/json";
      res.body = reply.body.dump();
    }
    responder.send(std::move(res));
  }
};

HttpServer::HttpServer(ApiContext& context, ServerOptions options)
    : impl_(std::make_unique<Impl>(context, std::move(options))) {}

HttpServer::~HttpServer() {
  stop();
  if (thread_.joinable()) thread_.join();
}

Result<int> HttpServer::bind() { return impl_->events.bind(impl_->options.host, impl_->options.port); }

void HttpServer::run() {
  pthread_setname_np(pthread_self(), "sw-http");
  impl_->events.run();
}

void HttpServer::start() {
  thread_ = std::thread([this] { run(); });  // bound already: connections queue until it accepts
}

void HttpServer::stop() { impl_->events.stop(); }

}  // namespace stepwise::api
