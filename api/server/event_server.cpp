#include "api/server/event_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "api/log.h"

namespace stepwise::api {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kReadsPerEvent = 4;  // then other connections get their turn
constexpr const char* kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t kMaxDiscard = 64 * 1024 * 1024;  // more of a refused body than this: just close

}  // namespace

// What responders on other threads need of the event thread: the epoll set (to watch a socket for
// writing) and a queue of connections to look at again, with the eventfd that wakes the thread.
// Shared with every connection, so it outlives the server while a response is still on its way.
struct EventServer::Shared {
  int epoll_fd = -1;
  int wake_fd = -1;
  std::mutex mutex;
  std::vector<std::shared_ptr<Connection>> posted;
  bool stopping = false;

  ~Shared() {
    if (wake_fd >= 0) ::close(wake_fd);
    if (epoll_fd >= 0) ::close(epoll_fd);
  }
  void wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd, &one, sizeof one);
  }
  void post(std::shared_ptr<Connection> connection) {
    bool was_empty;
    {
      std::lock_guard lock(mutex);
      was_empty = posted.empty();
      posted.push_back(std::move(connection));
    }
    if (was_empty) wake();  // else the wake-up for the first one is on its way
  }
};

namespace {
// Set on the event thread: a response made there is written at once; one made on another thread
// (a commit answering a batch of starts) is queued for the event thread, which writes them all
// after one wake-up, so the thread that made them gets on with its work.
thread_local bool on_event_thread = false;
}  // namespace

struct EventServer::Connection {
  Connection(int f, std::shared_ptr<Shared> s, std::size_t max_body) : fd(f), shared(std::move(s)), parser(max_body) {}

  const int fd;
  const std::shared_ptr<Shared> shared;
  std::mutex mutex;                 // everything below
  std::string in;                   // received, not yet parsed into a request
  RequestParser parser;
  std::string out;                  // response bytes not yet written
  std::size_t out_pos = 0;
  bool busy = false;                // a request is with the handler, or its response is being written
  bool writing = false;             // the socket took part of the response: the event thread writes the rest
  bool keep_alive = true;           // of the request being answered
  bool closing = false;             // to be closed by the event thread (response written, or a write failed)
  bool closed = false;              // its socket is closed
  std::size_t discard = 0;          // bytes of a refused request's body still to read and drop
  bool pending_write = false;       // out holds a response the event thread is to write
  std::uint32_t armed = EPOLLIN;    // the events epoll watches for
  Clock::time_point last_activity = Clock::now();
  Clock::time_point request_started = Clock::now();

  // Watches the events this state needs: reading when idle, writing while the socket is full,
  // nothing while the handler works (the next request waits for this response).
  void arm_locked() {
    if (closed) return;
    std::uint32_t want = EPOLLIN;
    if (closing) want = 0;
    else if (writing) want = EPOLLOUT;
    else if (busy && !discard) want = 0;
    if (want == armed) return;
    epoll_event ev{};
    ev.events = want;
    ev.data.fd = fd;
    ::epoll_ctl(shared->epoll_fd, EPOLL_CTL_MOD, fd, &ev);
    armed = want;
  }

  // Writes what the socket takes. True when all of out is written; false when the socket is full
  // (writing is then armed) or the write failed (closing).
  bool flush_locked() {
    while (out_pos < out.size()) {
      const ssize_t n = ::send(fd, out.data() + out_pos, out.size() - out_pos, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        out_pos += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        writing = true;
        arm_locked();
        return false;
      }
      closing = true;  // the peer is gone
      arm_locked();
      shared->post(self());
      return false;
    }
    out.clear();
    out_pos = 0;
    return true;
  }

  // The response is written: read the next request, or close.
  void response_done_locked() {
    writing = false;
    busy = false;
    last_activity = Clock::now();
    if (!keep_alive && !discard) closing = true;
    arm_locked();
    if (closing || !in.empty()) shared->post(self());  // close, or parse the request already received
  }

  // Answers the request in hand: written now on the event thread, else handed to it (one wake-up
  // for all the answers a commit makes).
  void answer_locked(const HttpResponse& response) {
    keep_alive = keep_alive && !response.close;
    out = serialize_response(response, keep_alive);
    out_pos = 0;
    if (!on_event_thread) {
      pending_write = true;
      shared->post(self());
      return;
    }
    if (flush_locked()) response_done_locked();
  }

  std::shared_ptr<Connection> self() { return self_weak.lock(); }
  std::weak_ptr<Connection> self_weak;
};

void EventServer::Responder::send(HttpResponse response) const {
  Connection& c = *connection_;
  std::lock_guard lock(c.mutex);
  if (c.closed || c.closing || !c.busy || !c.out.empty()) return;  // gone, or answered already
  c.answer_locked(response);
}

EventServer::EventServer(Options options, Handler handler, std::function<void()> after_round)
    : options_(options),
      handler_(std::move(handler)),
      after_round_(std::move(after_round)),
      shared_(std::make_shared<Shared>()) {
  shared_->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  shared_->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = shared_->wake_fd;
  ::epoll_ctl(shared_->epoll_fd, EPOLL_CTL_ADD, shared_->wake_fd, &ev);
}

EventServer::~EventServer() {
  for (auto& [fd, connection] : connections_) {
    std::lock_guard lock(connection->mutex);
    connection->closed = true;
    ::close(fd);
  }
  connections_.clear();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

Result<int> EventServer::bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    return make_error("Bind", "cannot resolve the address '" + host + "': " + ::gai_strerror(rc));
  std::string why = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
      listen_fd_ = fd;
      break;
    }
    why = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (listen_fd_ < 0)
    return make_error("Bind", "cannot listen on " + host + ":" + service + ": " + why +
                                  " (is the port in use, or the address not this machine's?)");
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  const int actual = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                                 : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd_;
  ::epoll_ctl(shared_->epoll_fd, EPOLL_CTL_ADD, listen_fd_, &ev);
  return actual;
}

void EventServer::stop() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stopping = true;
  }
  shared_->wake();
}

void EventServer::run() {
  on_event_thread = true;
  std::vector<epoll_event> events(256);
  auto next_sweep = Clock::now() + std::chrono::seconds(1);
  for (;;) {
    {
      std::lock_guard lock(shared_->mutex);
      if (shared_->stopping) return;
    }
    const int n = ::epoll_wait(shared_->epoll_fd, events.data(), static_cast<int>(events.size()), 1000);
    if (n < 0 && errno != EINTR) {
      logger()->error("epoll_wait failed: {}", std::strerror(errno));
      return;
    }
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == shared_->wake_fd) {
        std::uint64_t count;
        [[maybe_unused]] auto r = ::read(shared_->wake_fd, &count, sizeof count);
        on_posted();
      } else if (fd == listen_fd_) {
        accept_all();
      } else {
        on_event(fd, events[static_cast<std::size_t>(i)].events);
      }
    }
    if (after_round_) after_round_();
    if (Clock::now() >= next_sweep) {
      sweep();
      next_sweep = Clock::now() + std::chrono::seconds(1);
    }
  }
}

void EventServer::accept_all() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE) {
        // Out of descriptors: stop accepting for a second (the sweep resumes) rather than spin.
        logger()->warn("cannot accept a connection: {}; open connections: {}", std::strerror(errno),
                       connections_.size());
        ::epoll_ctl(shared_->epoll_fd, EPOLL_CTL_DEL, listen_fd_, nullptr);
        listening_ = false;
      }
      return;
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);  // small responses leave at once
    auto connection = std::make_shared<Connection>(fd, shared_, options_.max_body_bytes);
    connection->self_weak = connection;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    ::epoll_ctl(shared_->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
    connections_[fd] = std::move(connection);
  }
}

void EventServer::on_event(int fd, std::uint32_t events) {
  auto it = connections_.find(fd);
  if (it == connections_.end()) return;  // closed earlier in this round
  const std::shared_ptr<Connection> connection = it->second;
  std::unique_lock lock(connection->mutex);
  if (events & EPOLLOUT) {
    if (connection->flush_locked()) connection->response_done_locked();
  }
  if ((events & (EPOLLERR | EPOLLHUP)) && connection->busy) connection->closing = true;  // nobody to answer
  if (connection->closing) {
    lock.unlock();
    return close_connection(connection);
  }
  if ((!connection->busy || connection->discard) && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
    lock.unlock();
    read_and_parse(connection);
  }
}

void EventServer::read_and_parse(const std::shared_ptr<Connection>& connection) {
  std::unique_lock lock(connection->mutex);
  bool eof = false;
  char buffer[kReadChunk];
  for (std::size_t reads = 0; reads < kReadsPerEvent; ++reads) {
    const ssize_t n = ::recv(connection->fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      if (connection->in.empty()) connection->request_started = Clock::now();
      connection->in.append(buffer, static_cast<std::size_t>(n));
      connection->last_activity = Clock::now();
      if (static_cast<std::size_t>(n) < sizeof buffer) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    eof = true;  // closed by the peer, or reset
    break;
  }
  if (connection->discard) {
    const std::size_t dropped = std::min(connection->discard, connection->in.size());
    connection->in.erase(0, dropped);
    connection->discard -= dropped;
    if (!connection->discard && !connection->busy) connection->closing = true;  // its answer said close
  }
  parse_locked(connection, lock);
  if (eof && !connection->busy) connection->closing = true;  // a partial request can never complete
  if (eof && connection->busy) connection->keep_alive = false;  // answer it, then close
  if (connection->closing) {
    lock.unlock();
    close_connection(connection);
  }
}

// Hands every complete request to the handler, one at a time (lock held; released around the
// handler, which may answer on this thread).
void EventServer::parse_locked(const std::shared_ptr<Connection>& connection, std::unique_lock<std::mutex>& lock) {
  Connection& c = *connection;
  while (!c.busy && !c.closing && !c.discard && !c.in.empty()) {
    const auto status = c.parser.parse(c.in);
    if (status == RequestParser::Status::NeedMore) {
      if (c.parser.take_continue()) ::send(c.fd, kContinue, std::strlen(kContinue), MSG_NOSIGNAL | MSG_DONTWAIT);
      return;
    }
    c.busy = true;
    if (status == RequestParser::Status::Failed) {
      c.discard = c.parser.unread_body(c.in.size());
      if (c.discard > kMaxDiscard) c.discard = 0;
      c.in.clear();
      c.answer_locked(c.parser.failure());  // it says close
      return;
    }
    HttpRequest request = std::move(c.parser.request());
    c.in.erase(0, c.parser.consumed());
    c.parser.reset();
    c.keep_alive = request.keep_alive;
    c.arm_locked();  // nothing to watch until the response is written
    lock.unlock();
    handler_(std::move(request), Responder(connection));
    lock.lock();
  }
}

void EventServer::on_posted() {
  std::vector<std::shared_ptr<Connection>> posted;
  {
    std::lock_guard lock(shared_->mutex);
    posted.swap(shared_->posted);
  }
  for (auto& connection : posted) {
    std::unique_lock lock(connection->mutex);
    if (connection->closed) continue;
    if (connection->pending_write && !connection->closing) {
      connection->pending_write = false;
      if (connection->flush_locked()) connection->response_done_locked();
    }
    if (connection->closing) {
      lock.unlock();
      close_connection(connection);
      continue;
    }
    if (!connection->busy) parse_locked(connection, lock);
    if (connection->closing) {
      lock.unlock();
      close_connection(connection);
    }
  }
}

void EventServer::close_connection(const std::shared_ptr<Connection>& connection) {
  {
    std::lock_guard lock(connection->mutex);
    if (connection->closed) return;
    connection->closed = true;
    ::epoll_ctl(shared_->epoll_fd, EPOLL_CTL_DEL, connection->fd, nullptr);
    ::close(connection->fd);
  }
  connections_.erase(connection->fd);
}

void EventServer::sweep() {
  if (!listening_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd_;
    listening_ = ::epoll_ctl(shared_->epoll_fd, EPOLL_CTL_ADD, listen_fd_, &ev) == 0;
  }
  const auto now = Clock::now();
  std::vector<std::shared_ptr<Connection>> to_close;
  for (auto& [fd, connection] : connections_) {
    std::lock_guard lock(connection->mutex);
    if (connection->busy) continue;  // the handler has it
    if (connection->in.empty()) {
      if (now - connection->last_activity > options_.idle_timeout) to_close.push_back(connection);
    } else if (now - connection->request_started > options_.read_timeout) {
      HttpResponse timeout;
      timeout.status = 408;
      timeout.content_type = "application/json";
      timeout.body = R"({"__type":"RequestTimeout","message":"the request did not arrive in time"})";
      timeout.close = true;
      connection->busy = true;
      connection->in.clear();
      connection->answer_locked(timeout);
    }
  }
  for (auto& connection : to_close) close_connection(connection);
}

}  // namespace stepwise::api
