#include "api/server/http_message.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "definitions/json.h"
#include "workers/http_wire.h"

namespace stepwise::api {

namespace {

using workers::header_lists;
using workers::http_trim;

constexpr std::size_t kMaxHeadBytes = 64 * 1024;

const char* reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return status < 300 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The end of the line starting at pos (the index of its '\n'), or npos.
std::size_t line_end(std::string_view data, std::size_t pos) { return data.find('\n', pos); }

}  // namespace

const std::string& HttpRequest::header(const std::string& lower_name) const {
  static const std::string none;
  auto it = headers.find(lower_name);
  return it == headers.end() ? none : it->second;
}

std::optional<std::string> url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_digit(text[i + 1]), lo = hex_digit(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string serialize_response(const HttpResponse& response, bool keep_alive) {
  std::string out;
  out.reserve(160 + response.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += reason(response.status);
  out += "\r\n";
  if (!response.content_type.empty()) {
    out += "Content-Type: ";
    out += response.content_type;
    out += "\r\n";
  }
  if (response.status >= 200 && response.status != 204) {  // RFC 9110: none on 1xx and 204
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  out += response.body;
  return out;
}

RequestParser::Status RequestParser::fail(int status, std::string message) {
  failure_ = HttpResponse{};
  failure_.status = status;
  failure_.content_type = "application/json";
  failure_.body = Json{{"__type", "InvalidRequest"}, {"message", std::move(message)}}.dump();
  failure_.close = true;
  return Status::Failed;
}

void RequestParser::reset() {
  request_ = HttpRequest{};
  head_done_ = false;
  head_size_ = 0;
  content_length_.reset();
  declared_length_ = 0;
  chunked_ = false;
  expect_continue_ = false;
  consumed_ = 0;
}

std::size_t RequestParser::unread_body(std::size_t received) const {
  if (!head_size_ || received < head_size_) return 0;
  return declared_length_ - std::min(declared_length_, received - head_size_);
}

bool RequestParser::take_continue() {
  const bool ask = expect_continue_;
  expect_continue_ = false;
  return ask;
}

RequestParser::Status RequestParser::parse_head(std::string_view head) {
  // Request line: METHOD SP target SP HTTP/1.x
  std::size_t eol = line_end(head, 0);
  const std::string_view line = http_trim(head.substr(0, eol));
  const std::size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return fail(400, "the request line is malformed");
  request_.method = std::string(line.substr(0, sp1));
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return fail(505, "only HTTP/1.0 and HTTP/1.1 are served");
  const std::size_t question = target.find('?');
  auto path = url_decode(target.substr(0, question), false);
  if (!path || path->empty() || path->front() != '/') return fail(400, "the request path is malformed");
  request_.path = std::move(*path);
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      const std::size_t amp = std::min(query.find('&'), query.size());
      const std::string_view pair = query.substr(0, amp);
      const std::size_t eq = pair.find('=');
      auto key = url_decode(pair.substr(0, eq), true);
      auto value = url_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
      if (!key || !value) return fail(400, "the query string is malformed");
      if (!key->empty()) request_.query[*key] = std::move(*value);
      query.remove_prefix(std::min(amp + 1, query.size()));
    }
  }
  // Header fields.
  for (std::size_t pos = eol + 1; pos < head.size();) {
    eol = line_end(head, pos);
    if (eol == std::string_view::npos) eol = head.size();
    const std::string_view field = http_trim(head.substr(pos, eol - pos));
    pos = eol + 1;
    if (field.empty()) continue;
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) return fail(400, "a header field is malformed");
    request_.headers[lower(http_trim(field.substr(0, colon)))] = std::string(http_trim(field.substr(colon + 1)));
  }
  const std::string& connection = request_.header("connection");
  request_.keep_alive = version == "HTTP/1.1" ? !header_lists(connection, "close") : header_lists(connection, "keep-alive");
  if (header_lists(request_.header("transfer-encoding"), "chunked")) {
    chunked_ = true;
  } else if (const std::string& length = request_.header("content-length"); !length.empty()) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
    if (ec != std::errc() || end != length.data() + length.size()) return fail(400, "the Content-Length is not a number");
    declared_length_ = n;
    if (n > max_body_)
      return fail(413, "the request body is " + std::to_string(n) + " bytes, more than the limit of " +
                           std::to_string(max_body_) + " bytes");
    content_length_ = n;
  }
  expect_continue_ = header_lists(request_.header("expect"), "100-continue");
  return Status::NeedMore;
}

RequestParser::Status RequestParser::parse_chunked(std::string_view data) {
  workers::ChunkedBody chunked = workers::decode_chunked(data, head_size_, max_body_);
  switch (chunked.status) {
    case workers::ChunkedBody::Status::NeedMore: return Status::NeedMore;
    case workers::ChunkedBody::Status::Malformed: return fail(400, chunked.problem);
    case workers::ChunkedBody::Status::TooLarge:
      return fail(413, "the request body is more than the limit of " + std::to_string(max_body_) + " bytes");
    case workers::ChunkedBody::Status::Complete: break;
  }
  request_.body = std::move(chunked.body);
  consumed_ = chunked.end;
  return Status::Complete;
}

RequestParser::Status RequestParser::parse(std::string_view data) {
  if (!head_done_) {
    std::size_t end = data.find("\r\n\r\n");
    std::size_t skip = 4;
    if (const std::size_t lf = data.find("\n\n"); lf < end) {
      end = lf;
      skip = 2;
    }
    if (end == std::string_view::npos) {
      if (data.size() > kMaxHeadBytes) return fail(431, "the request headers are larger than 64 KiB");
      return Status::NeedMore;
    }
    if (end > kMaxHeadBytes) return fail(431, "the request headers are larger than 64 KiB");
    head_size_ = end + skip;
    if (auto s = parse_head(data.substr(0, end + skip / 2)); s == Status::Failed) return s;
    head_done_ = true;
  }
  if (chunked_) return parse_chunked(data);
  const std::size_t length = content_length_.value_or(0);
  if (data.size() < head_size_ + length) return Status::NeedMore;
  request_.body.assign(data.substr(head_size_, length));
  consumed_ = head_size_ + length;
  expect_continue_ = false;
  return Status::Complete;
}

}  // namespace stepwise::api
