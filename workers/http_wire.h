#pragma once
// HTTP/1.1 wire details that the server (api/server/http_message) and the client
// (workers/http_client) read alike: header value lists and the chunked transfer coding.
#include <cstddef>
#include <string>
#include <string_view>

namespace stepwise::workers {

// Without leading and trailing spaces, tabs and a carriage return.
std::string_view http_trim(std::string_view text);

// Whether a comma-separated header value lists token (case-insensitive): "close" in
// "Connection: keep-alive, Close".
bool header_lists(std::string_view value, std::string_view token);

// A chunked body (RFC 9112, 7.1) starting at data[from]: size lines (extensions ignored), chunks,
// the last chunk, trailer fields (ignored) up to an empty line. Lines may end with LF or CRLF.
struct ChunkedBody {
  enum class Status { NeedMore, Complete, Malformed, TooLarge } status = Status::NeedMore;
  std::string body;          // Complete: the decoded body
  std::size_t end = 0;       // Complete: where the message ends in data
  const char* problem = "";  // Malformed: what was wrong
};
ChunkedBody decode_chunked(std::string_view data, std::size_t from, std::size_t max_body);

}  // namespace stepwise::workers
