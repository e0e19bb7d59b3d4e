#pragma once
// A blocking HTTP/1.1 client for the two places Stepwise calls out: push workers' endpoints and
// the operator commands' calls to a running server. http:// and https:// (TLS through the
// system's libssl, loaded the first time an https URL is used, so a process that never calls out
// loads no TLS library). Keeps its connection open between requests when the server allows;
// Content-Length, chunked and read-to-close bodies; one deadline for the whole exchange.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "definitions/result.h"

namespace stepwise::workers {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpReply {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  // The first header of that name (names compare without case), or nullptr.
  const std::string* header(std::string_view name) const;
};

struct HttpTimeouts {
  std::chrono::milliseconds connect{10000};
  std::chrono::milliseconds exchange{60000};  // from sending the request to the last byte of the answer
};

// Error codes of a failed request (Error::code), with a message saying what and where.
namespace http_errors {
inline constexpr const char* kBadUrl = "BadUrl";
inline constexpr const char* kConnect = "Connect";  // name not resolved, refused, unreachable, connect timeout
inline constexpr const char* kTls = "Tls";          // no libssl, handshake or certificate failure
inline constexpr const char* kTimeout = "Timeout";  // no complete answer within the exchange timeout
inline constexpr const char* kStopped = "Stopped";  // stop() was called
inline constexpr const char* kIo = "Io";            // the connection failed while in use
inline constexpr const char* kBadReply = "BadReply";  // an answer that is not HTTP/1.x
}  // namespace http_errors

class HttpClient {
 public:
  // base: "http://HOST[:PORT][/PREFIX]" or "https://..."; a request's path is appended to PREFIX.
  explicit HttpClient(const std::string& base);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Empty when the base URL was understood; otherwise why not.
  const std::string& url_problem() const { return url_problem_; }
  void set_timeouts(HttpTimeouts timeouts) { timeouts_ = timeouts; }
  // Sent with every request (Authorization, say).
  void add_default_header(std::string name, std::string value);

  Result<HttpReply> request(std::string_view method, std::string_view path, const HttpHeaders& headers = {},
                            std::string_view body = {}, std::string_view content_type = "application/json");

  // From any thread: a request under way ends at once with kStopped, and so does every later one.
  void stop();

  struct Connection;  // defined in the .cpp

 private:
  Result<HttpReply> exchange(Connection& connection, const std::string& request_text, bool head,
                             std::chrono::steady_clock::time_point deadline, bool& nothing_received, bool& reusable);
  Result<std::unique_ptr<Connection>> connect(std::chrono::steady_clock::time_point deadline);
  std::string where() const;

  std::string url_problem_;
  bool tls_ = false;
  std::string host_;
  std::string port_;
  std::string prefix_;
  HttpTimeouts timeouts_;
  HttpHeaders default_headers_;
  std::unique_ptr<Connection> idle_;  // kept open between requests
  std::mutex mutex_;                  // guards active_fd_ against stop()
  int active_fd_ = -1;
  std::atomic<bool> stopped_{false};
};

}  // namespace stepwise::workers
