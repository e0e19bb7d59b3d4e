#include "workers/http_client.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>

#include "workers/http_wire.h"
#include "workers/tls_session.h"

namespace stepwise::workers {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxHeadBytes = 64 * 1024;
constexpr std::size_t kMaxBodyBytes = 64 * 1024 * 1024;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

}  // namespace

const std::string* HttpReply::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return &value;
  return nullptr;
}

// One TCP connection, plain or TLS, on a non-blocking socket: every wait is a poll() bounded by
// the caller's deadline, and stop() ends it by shutting the socket down.
struct HttpClient::Connection {
  int fd = -1;
  std::unique_ptr<TlsSession> tls;
  ~Connection() {
    tls.reset();
    if (fd >= 0) ::close(fd);
  }
};

namespace {

using Connection = HttpClient::Connection;

// Waits until fd is ready for events; an Error when the deadline passes first.
std::optional<Error> wait_for(int fd, short events, Clock::time_point deadline, const char* doing) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n > 0) return std::nullopt;
    if (n == 0) return make_error(http_errors::kTimeout, std::string("timed out ") + doing);
    if (errno != EINTR) return make_error(http_errors::kIo, std::string("poll failed: ") + std::strerror(errno));
  }
}

// Runs a TLS call until it is done, waiting on the socket as it asks.
template <typename Call>
std::optional<Error> tls_until_done(Connection& c, Clock::time_point deadline, const char* doing, TlsStep& last,
                                    Call&& call) {
  for (;;) {
    last = call();
    if (last == TlsStep::WantRead || last == TlsStep::WantWrite) {
      if (auto e = wait_for(c.fd, last == TlsStep::WantRead ? POLLIN : POLLOUT, deadline, doing)) return e;
      continue;
    }
    if (last == TlsStep::Failed) return make_error(http_errors::kIo, c.tls->error());
    return std::nullopt;
  }
}

std::optional<Error> write_all(Connection& c, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    std::size_t put = 0;
    if (c.tls) {
      TlsStep last;
      if (auto e = tls_until_done(c, deadline, "sending the request", last,
                                  [&] { return c.tls->write(data.data(), data.size(), put); }))
        return e;
      if (last == TlsStep::Closed) return make_error(http_errors::kIo, "the connection was closed while sending");
    } else {
      const ssize_t n = ::send(c.fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) {
          if (auto e = wait_for(c.fd, POLLOUT, deadline, "sending the request")) return e;
          continue;
        }
        return make_error(http_errors::kIo, std::string("sending failed: ") + std::strerror(errno));
      }
      put = static_cast<std::size_t>(n);
    }
    data.remove_prefix(put);
  }
  return std::nullopt;
}

// Appends what arrives to buffer: the count (0 when the peer closed), or an Error.
Result<std::size_t> read_some(Connection& c, std::string& buffer, Clock::time_point deadline) {
  char chunk[16384];
  std::size_t got = 0;
  if (c.tls) {
    TlsStep last;
    if (auto e = tls_until_done(c, deadline, "waiting for the answer", last,
                                [&] { return c.tls->read(chunk, sizeof chunk, got); }))
      return *e;
    if (last == TlsStep::Closed) got = 0;
  } else {
    for (;;) {
      const ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
      if (n >= 0) {
        got = static_cast<std::size_t>(n);
        break;
      }
      if (errno != EAGAIN && errno != EINTR)
        return make_error(http_errors::kIo, std::string("receiving failed: ") + std::strerror(errno));
      if (auto e = wait_for(c.fd, POLLIN, deadline, "waiting for the answer")) return *e;
    }
  }
  buffer.append(chunk, got);
  return got;
}

}  // namespace

HttpClient::HttpClient(const std::string& base) {
  std::string_view rest = base;
  if (rest.rfind("http://", 0) == 0) {
    rest.remove_prefix(7);
  } else if (rest.rfind("https://", 0) == 0) {
    rest.remove_prefix(8);
    tls_ = true;
  } else {
    url_problem_ = "'" + base + "' is not an http:// or https:// URL";
    return;
  }
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) prefix_ = std::string(rest.substr(slash));
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      url_problem_ = "'" + base + "' has an unclosed '[' in its host";
      return;
    }
    host_ = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else {
    const std::size_t colon = authority.rfind(':');
    host_ = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  port_ = port.empty() ? (tls_ ? "443" : "80") : std::string(port);
  int number = 0;
  const auto [end, ec] = std::from_chars(port_.data(), port_.data() + port_.size(), number);
  if (host_.empty() || ec != std::errc() || end != port_.data() + port_.size() || number <= 0 || number > 65535)
    url_problem_ = "'" + base + "' is not a valid URL (http[s]://HOST[:PORT][/PATH])";
}

HttpClient::~HttpClient() = default;

void HttpClient::add_default_header(std::string name, std::string value) {
  default_headers_.emplace_back(std::move(name), std::move(value));
}

std::string HttpClient::where() const { return host_ + ":" + port_; }

void HttpClient::stop() {
  stopped_ = true;
  std::lock_guard lock(mutex_);
  if (active_fd_ >= 0) ::shutdown(active_fd_, SHUT_RDWR);
}

Result<std::unique_ptr<HttpClient::Connection>> HttpClient::connect(Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found); rc != 0)
    return make_error(http_errors::kConnect, "cannot resolve " + host_ + ": " + ::gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  std::string failure = "no address for " + host_;
  auto forget = [this] {  // before a socket stop() may shut is closed
    std::lock_guard lock(mutex_);
    active_fd_ = -1;
  };
  for (addrinfo* a = found; a; a = a->ai_next) {
    auto c = std::make_unique<Connection>();
    c->fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (c->fd < 0) {
      failure = std::string("socket failed: ") + std::strerror(errno);
      continue;
    }
    const int one = 1;  // one write per request, answered at once: no waiting on delayed ACKs
    ::setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return make_error(http_errors::kStopped, "the call was stopped");
      active_fd_ = c->fd;
    }
    if (::connect(c->fd, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        failure = "connection to " + where() + " failed: " + std::strerror(errno);
        forget();
        continue;
      }
      if (auto e = wait_for(c->fd, POLLOUT, deadline, "connecting")) {
        failure = "connection to " + where() + " timed out";
        forget();
        continue;
      }
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if (error != 0) {
        failure = "connection to " + where() + " failed: " + std::strerror(error);
        forget();
        continue;
      }
    }
    if (tls_) {
      auto session = TlsSession::over(c->fd, host_);
      if (!session) {
        forget();
        return session.error();
      }
      c->tls = std::move(*session);
      TlsStep last;
      auto e = tls_until_done(*c, deadline, "in the TLS handshake", last, [&] { return c->tls->handshake(); });
      if (e || last != TlsStep::Done) {
        forget();
        return make_error(http_errors::kTls, "TLS with " + where() + ": " + (e ? e->message : "the server closed"));
      }
    }
    return c;
  }
  if (stopped_) return make_error(http_errors::kStopped, "the call was stopped");
  return make_error(http_errors::kConnect, failure);
}

Result<HttpReply> HttpClient::request(std::string_view method, std::string_view path, const HttpHeaders& headers,
                                      std::string_view body, std::string_view content_type) {
  if (!url_problem_.empty()) return make_error(http_errors::kBadUrl, url_problem_);
  std::string text;
  text.reserve(256 + body.size());
  text.append(method).append(" ").append(prefix_).append(path.empty() ? "/" : path).append(" HTTP/1.1\r\nHost: ");
  text.append(host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_);
  if (port_ != (tls_ ? "443" : "80")) text.append(":").append(port_);
  text.append("\r\nUser-Agent: stepwise\r\nAccept: application/json\r\n");
  for (const HttpHeaders* list : std::initializer_list<const HttpHeaders*>{&default_headers_, &headers})
    for (const auto& [name, value] : *list) text.append(name).append(": ").append(value).append("\r\n");
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    if (!body.empty() && !content_type.empty()) text.append("Content-Type: ").append(content_type).append("\r\n");
    text.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  text.append("\r\n").append(body);

  const bool head = method == "HEAD";
  for (int attempt = 0;; ++attempt) {
    if (stopped_) return make_error(http_errors::kStopped, "the call was stopped");
    const bool reused = idle_ != nullptr;
    std::unique_ptr<Connection> connection = std::move(idle_);
    if (!connection) {
      auto made = connect(Clock::now() + timeouts_.connect);
      if (!made) return made.error();
      connection = std::move(*made);
    }
    {
      std::lock_guard lock(mutex_);  // stop() sets stopped_ first, then shuts active_fd_ under the lock
      if (stopped_) {
        active_fd_ = -1;
        return make_error(http_errors::kStopped, "the call was stopped");
      }
      active_fd_ = connection->fd;
    }
    bool nothing_received = true, reusable = false;
    auto reply = exchange(*connection, text, head, Clock::now() + timeouts_.exchange, nothing_received, reusable);
    {
      std::lock_guard lock(mutex_);
      active_fd_ = -1;
    }
    if (stopped_) return make_error(http_errors::kStopped, "the call was stopped");
    // A kept connection the server has closed meanwhile: the request never reached it; once more
    // on a new connection.
    if (!reply && reused && nothing_received && attempt == 0 && reply.error().code == http_errors::kIo) continue;
    if (reply && reusable) idle_ = std::move(connection);
    return reply;
  }
}

Result<HttpReply> HttpClient::exchange(Connection& c, const std::string& request_text, bool head,
                                       Clock::time_point deadline, bool& nothing_received, bool& reusable) {
  if (auto e = write_all(c, request_text, deadline)) {
    if (e->code == http_errors::kTimeout) e->message = "timed out sending the request to " + where();
    return *e;
  }
  std::string buffer;
  HttpReply reply;
  std::size_t head_end = std::string::npos;
  auto more = [&]() -> Result<std::size_t> {
    auto got = read_some(c, buffer, deadline);
    if (got && *got > 0) nothing_received = false;
    if (!got && got.error().code == http_errors::kTimeout)
      return make_error(http_errors::kTimeout, "no answer from " + where() + " in time");
    return got;
  };
  // The head; interim 1xx answers (100 Continue) are skipped.
  for (;;) {
    head_end = buffer.find("\r\n\r\n");
    if (head_end == std::string::npos) {
      if (buffer.size() > kMaxHeadBytes) return make_error(http_errors::kBadReply, where() + " sent an over-long head");
      auto got = more();
      if (!got) return got.error();
      if (*got == 0)
        return make_error(http_errors::kIo, buffer.empty() ? "the connection to " + where() + " closed without an answer"
                                                           : "the answer from " + where() + " was cut short");
      continue;
    }
    const std::string_view status_line = std::string_view(buffer).substr(0, buffer.find("\r\n"));
    if (status_line.size() < 12 || status_line.rfind("HTTP/1.", 0) != 0 ||
        std::from_chars(status_line.data() + 9, status_line.data() + 12, reply.status).ec != std::errc())
      return make_error(http_errors::kBadReply, where() + " did not answer with HTTP/1.x: " +
                                                    std::string(status_line.substr(0, 80)));
    if (reply.status >= 200 || reply.status < 100) break;
    buffer.erase(0, head_end + 4);
  }
  const std::string_view head_text = std::string_view(buffer).substr(0, head_end);
  const bool http10 = head_text.rfind("HTTP/1.0", 0) == 0;
  for (std::size_t at = head_text.find("\r\n") + 2; at < head_text.size() + 2;) {
    std::size_t end = head_text.find("\r\n", at);
    if (end == std::string_view::npos) end = head_text.size();
    const std::string_view line = head_text.substr(at, end - at);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      reply.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    at = end + 2;
  }
  buffer.erase(0, head_end + 4);

  const std::string* length = reply.header("Content-Length");
  const std::string* coding = reply.header("Transfer-Encoding");
  const std::string* connection = reply.header("Connection");
  reusable = connection ? !header_lists(*connection, "close") && (!http10 || header_lists(*connection, "keep-alive"))
                        : !http10;
  if (head || reply.status == 204 || reply.status == 304) {
    // no body
  } else if (coding && header_lists(*coding, "chunked")) {
    for (;;) {
      ChunkedBody chunked = decode_chunked(buffer, 0, kMaxBodyBytes);
      if (chunked.status == ChunkedBody::Status::Complete) {
        reply.body = std::move(chunked.body);
        break;
      }
      if (chunked.status == ChunkedBody::Status::Malformed)
        return make_error(http_errors::kBadReply, where() + " sent a malformed chunked body: " + chunked.problem);
      if (chunked.status == ChunkedBody::Status::TooLarge)
        return make_error(http_errors::kBadReply, where() + " sent too large a body");
      auto got = more();
      if (!got) return got.error();
      if (*got == 0) return make_error(http_errors::kIo, "the answer from " + where() + " was cut short");
    }
  } else if (length) {
    std::size_t size = 0;
    const auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), size);
    if (ec != std::errc() || end != length->data() + length->size() || size > kMaxBodyBytes)
      return make_error(http_errors::kBadReply, where() + " sent an unusable Content-Length: " + *length);
    while (buffer.size() < size) {
      auto got = more();
      if (!got) return got.error();
      if (*got == 0) return make_error(http_errors::kIo, "the answer from " + where() + " was cut short");
    }
    buffer.resize(size);
    reply.body = std::move(buffer);
  } else {  // the body runs to the end of the connection
    reusable = false;
    for (;;) {
      if (buffer.size() > kMaxBodyBytes) return make_error(http_errors::kBadReply, where() + " sent too large a body");
      auto got = more();
      if (!got) return got.error();
      if (*got == 0) break;
    }
    reply.body = std::move(buffer);
  }
  return reply;
}

}  // namespace stepwise::workers
