#pragma once
// The operator commands' side of the REST API: one running `stepwise serve`, reached at
// --server URL (or $STEPWISE_SERVER, default http://127.0.0.1:8083) with --token (or
// $STEPWISE_TOKEN) as the bearer token.
#include <memory>
#include <string>
#include <vector>

#include "definitions/json.h"
#include "definitions/result.h"

namespace stepwise::api::cli {

struct ServerReply {
  int status = 0;
  Json body;  // null when the reply had no body
};

class ServerClient {
 public:
  ServerClient(std::string url, std::string token);
  ~ServerClient();
  ServerClient(ServerClient&&) noexcept;

  // A REST call; path is below the server's root ("/v1/..."). An error is returned when the
  // server cannot be reached or answers with an error object (its code and message kept).
  Result<ServerReply> call(const std::string& method, const std::string& path, const Json* body = nullptr);
  const std::string& url() const { return url_; }

 private:
  struct Impl;
  std::string url_;
  std::unique_ptr<Impl> impl_;
};

// Percent-encodes text for use as one path segment.
std::string path_segment(const std::string& text);

// Takes --server URL and --token T out of args (the rest stay, in order), falling back to the
// environment. On a malformed option, error says why.
bool take_server_options(std::vector<std::string>& args, std::string& url, std::string& token, std::string& error);

}  // namespace stepwise::api::cli
