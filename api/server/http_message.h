#pragma once
// HTTP/1.1 messages as the server reads and writes them: a request parsed incrementally from the
// bytes a connection has received (Content-Length or chunked bodies, "Expect: 100-continue",
// keep-alive rules of 1.0 and 1.1), and a response written with its Content-Length.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stepwise::api {

struct HttpRequest {
  std::string method;
  std::string path;  // percent-decoded, without the query
  std::map<std::string, std::string> query;  // decoded; "+" is a space
  std::map<std::string, std::string> headers;  // names lower-case; a repeated header keeps the last value
  std::string body;
  bool keep_alive = true;

  // The header's value, or "" when absent (name in lower case).
  const std::string& header(const std::string& lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // empty: no body
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;  // close the connection after this response
};

// The bytes of a response (keep_alive: whether the connection stays open afterwards).
std::string serialize_response(const HttpResponse& response, bool keep_alive);

class RequestParser {
 public:
  enum class Status { NeedMore, Complete, Failed };

  explicit RequestParser(std::size_t max_body_bytes) : max_body_(max_body_bytes) {}

  // Reads from data (the bytes received and not yet consumed). Complete: request() holds it and
  // consumed() bytes of data belong to it; Failed: failure() is the response to send before
  // closing. NeedMore: call again with more bytes (data must start at the same place).
  Status parse(std::string_view data);
  HttpRequest& request() { return request_; }
  std::size_t consumed() const { return consumed_; }
  const HttpResponse& failure() const { return failure_; }
  // True once, when the headers asked "Expect: 100-continue" and the body has not all arrived.
  bool take_continue();
  // After a failure: the bytes of the declared body (Content-Length) that have not arrived yet, of
  // received bytes in all. A server that reads them before closing lets the client, still
  // sending, read the error instead of a reset connection.
  std::size_t unread_body(std::size_t received) const;
  // Ready for the next request on the same connection.
  void reset();

 private:
  Status fail(int status, std::string message);
  Status parse_head(std::string_view head);
  Status parse_chunked(std::string_view data);

  const std::size_t max_body_;
  HttpRequest request_;
  HttpResponse failure_;
  bool head_done_ = false;
  std::size_t head_size_ = 0;
  std::optional<std::size_t> content_length_;
  std::size_t declared_length_ = 0;  // Content-Length, even when too large
  bool chunked_ = false;
  bool expect_continue_ = false;
  std::size_t consumed_ = 0;
};

// Percent-decoding of a URL part; plus_is_space for query strings.
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space);

}  // namespace stepwise::api
