#pragma once
// The HTTP server: both faces over one ExecutionService. POST / with X-Amz-Target is the AWS
// JSON 1.0 protocol; /v1/... is the REST API. One event thread serves every connection
// (event_server.h, TCP_NODELAY on); handlers run on a growing pool (a long poll holds a thread
// while it waits, never the event thread), StartExecution on a fixed one and answers from its
// commit; optional bearer-token auth (for AWS SDKs: the access key id is the token).
#include <memory>
#include <string>
#include <thread>

#include "api/server/api_context.h"
#include "definitions/result.h"

namespace stepwise::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8083;                // 0: any free port
  std::string token;              // empty: no auth
  std::size_t threads = 4096;     // handler threads at most (each running handler, a long poll included, holds one)
  std::size_t max_body_bytes = 4 * 1024 * 1024;
};

class HttpServer {
 public:
  HttpServer(ApiContext& context, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the address; returns the port (the one chosen when options.port is 0).
  Result<int> bind();
  // Serves until stop() (blocking).
  void run();
  // Serves on a thread of its own until stop() or destruction.
  void start();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
};

}  // namespace stepwise::api
