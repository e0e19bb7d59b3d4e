// The server's event loop over real sockets on 127.0.0.1: keep-alive, pipelining, answers from
// other threads, slow and idle clients, refused requests.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api/server/event_server.h"

using stepwise::api::EventServer;
using stepwise::api::HttpRequest;
using stepwise::api::HttpResponse;

namespace {

// An EventServer on an ephemeral port whose handler answers "method path body" — at once, or
// from another thread after the delay a request asks for with "X-Delay-Ms".
class TestServer {
 public:
  TestServer() : server_(EventServer::Options{1024, std::chrono::seconds(120), std::chrono::seconds(30)},
                         [this](HttpRequest&& r, EventServer::Responder responder) { handle(std::move(r), responder); }) {
    auto bound = server_.bind("127.0.0.1", 0);
    REQUIRE(bound);
    port = *bound;
    thread_ = std::thread([this] { server_.run(); });
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
    for (auto& t : later_) t.join();
  }
  int port = 0;
  std::atomic<int> requests{0};

 private:
  void handle(HttpRequest&& r, EventServer::Responder responder) {
    ++requests;
    HttpResponse res;
    res.content_type = "text/plain";
    res.body = r.method + " " + r.path + " " + r.body;
    const std::string& delay = r.header("x-delay-ms");
    if (delay.empty()) return responder.send(std::move(res));
    later_.emplace_back([responder, res, ms = std::stoi(delay)]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      responder.send(std::move(res));
    });
  }

  EventServer server_;
  std::thread thread_;
  std::vector<std::thread> later_;  // the event thread only adds to it
};

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

void send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server closed: the caller checks what it read
    sent += static_cast<std::size_t>(n);
  }
}

// Reads until `count` complete responses arrived, the peer closed, or 5 s passed.
std::string read_responses(int fd, int count, bool* closed = nullptr) {
  std::string in;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  auto complete = [&] {
    int seen = 0;
    std::size_t pos = 0;
    while (seen < count) {
      const std::size_t head_end = in.find("\r\n\r\n", pos);
      if (head_end == std::string::npos) return false;
      if (in.compare(pos, 12, "HTTP/1.1 100") == 0) {  // an interim response: no body, not counted
        pos = head_end + 4;
        continue;
      }
      const std::size_t cl = in.find("Content-Length: ", pos);
      std::size_t length = 0;
      if (cl != std::string::npos && cl < head_end) length = std::stoul(in.substr(cl + 16));
      if (in.size() < head_end + 4 + length) return false;
      pos = head_end + 4 + length;
      ++seen;
    }
    return true;
  };
  if (closed) *closed = false;
  while (!complete() && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      if (closed) *closed = true;
      break;
    }
    in.append(buf, static_cast<std::size_t>(n));
  }
  return in;
}

bool closed_by_server(int fd) {
  bool closed = false;
  read_responses(fd, 1, &closed);
  return closed;
}

}  // namespace

TEST_CASE("Server.EventServer.KeepAliveServesRequestsInTurn") {
  TestServer server;
  const int fd = connect_to(server.port);
  for (int i = 0; i < 3; ++i) {
    send_all(fd, "POST /echo HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi");
    const std::string r = read_responses(fd, 1);
    CHECK(r.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(r.find("Connection: keep-alive") != std::string::npos);
    CHECK(r.substr(r.size() - 13) == "POST /echo hi");
  }
  ::close(fd);
}

TEST_CASE("Server.EventServer.PipelinedRequestsAreAnsweredInOrder") {
  TestServer server;
  const int fd = connect_to(server.port);
  // The first is answered 100 ms later from another thread; the second must still come second.
  send_all(fd,
           "GET /first HTTP/1.1\r\nX-Delay-Ms: 100\r\n\r\n"
           "GET /second HTTP/1.1\r\n\r\n");
  const std::string r = read_responses(fd, 2);
  const auto first = r.find("GET /first"), second = r.find("GET /second");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < second);
  ::close(fd);
}

TEST_CASE("Server.EventServer.ASlowClientHoldsNobodyElse") {
  TestServer server;
  const int slow = connect_to(server.port);
  send_all(slow, "POST /slow HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");  // 7 bytes short
  const int idle = connect_to(server.port);                                   // says nothing at all
  const int waiting = connect_to(server.port);
  send_all(waiting, "GET /late HTTP/1.1\r\nX-Delay-Ms: 300\r\n\r\n");  // answered later, holds no thread
  const auto started = std::chrono::steady_clock::now();
  const int quick = connect_to(server.port);
  send_all(quick, "GET /quick HTTP/1.1\r\n\r\n");
  CHECK(read_responses(quick, 1).find("GET /quick") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(250));
  send_all(slow, "defghij");
  CHECK(read_responses(slow, 1).find("POST /slow abcdefghij") != std::string::npos);
  CHECK(read_responses(waiting, 1).find("GET /late") != std::string::npos);
  for (int fd : {slow, idle, waiting, quick}) ::close(fd);
}

TEST_CASE("Server.EventServer.ExpectContinueGetsAnInterimAnswer") {
  TestServer server;
  const int fd = connect_to(server.port);
  send_all(fd, "POST /big HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  pollfd p{fd, POLLIN, 0};
  REQUIRE(::poll(&p, 1, 2000) == 1);
  char buf[64];
  const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  REQUIRE(n > 0);
  CHECK(std::string(buf, static_cast<std::size_t>(n)) == "HTTP/1.1 100 Continue\r\n\r\n");
  send_all(fd, "body");
  CHECK(read_responses(fd, 1).find("POST /big body") != std::string::npos);
  ::close(fd);
}

TEST_CASE("Server.EventServer.RefusedRequestsAreAnsweredThenClosed") {
  TestServer server;
  SUBCASE("malformed") {
    const int fd = connect_to(server.port);
    send_all(fd, "HELLO\r\n\r\n");
    const std::string r = read_responses(fd, 1);
    CHECK(r.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
    CHECK(r.find("Connection: close") != std::string::npos);
    CHECK(closed_by_server(fd));
    ::close(fd);
  }
  SUBCASE("a body over the limit, still being sent: the client reads the 413") {
    const int fd = connect_to(server.port);
    send_all(fd, "POST /x HTTP/1.1\r\nContent-Length: 200000\r\n\r\n");
    send_all(fd, std::string(200000, 'x'));
    const std::string r = read_responses(fd, 1);
    CHECK(r.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0) == 0);
    CHECK(r.find("200000 bytes, more than the limit of 1024 bytes") != std::string::npos);
    CHECK(closed_by_server(fd));
    ::close(fd);
  }
  CHECK(server.requests == 0);  // neither reached the handler
  // The server keeps serving.
  const int fd = connect_to(server.port);
  send_all(fd, "GET /after HTTP/1.1\r\nConnection: close\r\n\r\n");
  const std::string r = read_responses(fd, 1);
  CHECK(r.find("GET /after") != std::string::npos);
  CHECK(r.find("Connection: close") != std::string::npos);
  CHECK(closed_by_server(fd));
  ::close(fd);
}

TEST_CASE("Server.EventServer.AnswerAfterTheClientLeftIsDropped") {
  TestServer server;
  const int fd = connect_to(server.port);
  send_all(fd, "GET /gone HTTP/1.1\r\nX-Delay-Ms: 100\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::close(fd);  // before the answer: it must go nowhere, and harm nobody
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int other = connect_to(server.port);
  send_all(other, "GET /next HTTP/1.1\r\n\r\n");
  CHECK(read_responses(other, 1).find("GET /next") != std::string::npos);
  ::close(other);
}
