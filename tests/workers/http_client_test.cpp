// The HTTP client against real servers on 127.0.0.1: cpp-httplib's server (plain and TLS, an
// independent implementation) and raw sockets that answer with exactly the bytes a case needs.
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <thread>

#include "tests/support/self_signed_certificate.h"
#include "workers/http_client.h"

using namespace stepwise;
using namespace stepwise::workers;

namespace {

template <typename Server>
struct Running {
  Server& server;
  int port;
  std::thread thread;
  explicit Running(Server& s) : server(s), port(s.bind_to_any_port("127.0.0.1")) {
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Running() {
    server.stop();
    thread.join();
  }
};

void routes(httplib::Server& server) {
  server.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Seen-Auth", req.get_header_value("Authorization"));
    res.set_header("X-Seen-Extra", req.get_header_value("X-Extra"));
    res.set_header("X-Seen-Type", req.get_header_value("Content-Type"));
    res.set_header("X-Client-Port", std::to_string(req.remote_port));
    res.set_content(req.method + " " + req.path + " " + req.body, "text/plain");
  });
  server.Get("/prefix/items", [](const httplib::Request&, httplib::Response& res) { res.set_content("[1]", "application/json"); });
  server.Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [](std::size_t offset, httplib::DataSink& sink) {
      if (offset < 3 * 5000) {
        const std::string part(5000, static_cast<char>('a' + offset / 5000));
        sink.write(part.data(), part.size());
      } else {
        sink.done();
      }
      return true;
    });
  });
  server.Delete("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content("late", "text/plain");
  });
}

// Accepts connections one after another and answers each request with answer(n), n counting
// requests from 0; an empty answer closes the connection without a word.
struct RawServer {
  int listener = -1;
  int port = 0;
  std::atomic<int> connections{0};
  std::thread thread;
  explicit RawServer(std::function<std::string(int)> answer, bool close_after_each = true) {
    listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener, 8);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    thread = std::thread([this, answer, close_after_each] {
      int served = 0;
      for (;;) {
        const int fd = ::accept(listener, nullptr, nullptr);
        if (fd < 0) return;
        ++connections;
        for (;;) {
          std::string request;
          char buffer[4096];
          while (request.find("\r\n\r\n") == std::string::npos) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            request.append(buffer, static_cast<std::size_t>(n));
          }
          if (request.find("\r\n\r\n") == std::string::npos) break;
          const std::string reply = answer(served++);
          if (reply.empty()) break;
          ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
          if (close_after_each) break;
        }
        ::close(fd);
      }
    });
  }
  ~RawServer() {
    ::shutdown(listener, SHUT_RDWR);
    ::close(listener);
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

}  // namespace

TEST_CASE("Workers.HttpClient.RequestsHeadersAndKeptConnections") {
  httplib::Server server;
  routes(server);
  Running running(server);
  HttpClient client("http://127.0.0.1:" + std::to_string(running.port));
  REQUIRE(client.url_problem().empty());
  client.add_default_header("Authorization", "Bearer secret");
  auto first = client.request("POST", "/echo", {{"X-Extra", "yes"}}, R"({"a":1})");
  REQUIRE(first.ok());
  CHECK(first->status == 200);
  CHECK(first->body == R"(POST /echo {"a":1})");
  CHECK(*first->header("x-seen-auth") == "Bearer secret");
  CHECK(*first->header("X-SEEN-EXTRA") == "yes");
  CHECK(*first->header("X-Seen-Type") == "application/json");
  auto second = client.request("POST", "/echo", {}, "");
  REQUIRE(second.ok());
  CHECK(second->body == "POST /echo ");
  // The second request went over the first one's connection.
  CHECK(*second->header("X-Client-Port") == *first->header("X-Client-Port"));
  auto gone = client.request("DELETE", "/gone");
  REQUIRE(gone.ok());
  CHECK(gone->status == 404);
  auto chunked = client.request("GET", "/chunked");
  REQUIRE_MESSAGE(chunked.ok(), chunked.error().message);
  CHECK(chunked->body == std::string(5000, 'a') + std::string(5000, 'b') + std::string(5000, 'c'));

  HttpClient prefixed("http://127.0.0.1:" + std::to_string(running.port) + "/prefix/");
  auto items = prefixed.request("GET", "/items");
  REQUIRE(items.ok());
  CHECK(items->body == "[1]");
}

TEST_CASE("Workers.HttpClient.FailuresSayWhatAndWhere") {
  CHECK(HttpClient("ftp://host").url_problem() == "'ftp://host' is not an http:// or https:// URL");
  CHECK_FALSE(HttpClient("http://:80").url_problem().empty());
  CHECK_FALSE(HttpClient("http://host:99999").url_problem().empty());
  CHECK_FALSE(HttpClient("http://host:8x").url_problem().empty());
  auto bad = HttpClient("http://host:8x").request("GET", "/");
  CHECK(bad.error().code == http_errors::kBadUrl);

  HttpClient refused("http://127.0.0.1:1");
  auto r = refused.request("GET", "/");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == http_errors::kConnect);
  CHECK(r.error().message == "connection to 127.0.0.1:1 failed: Connection refused");
  auto unknown = HttpClient("http://no-such-host.invalid").request("GET", "/");
  CHECK(unknown.error().code == http_errors::kConnect);
  CHECK(unknown.error().message.rfind("cannot resolve no-such-host.invalid", 0) == 0);

  httplib::Server server;
  routes(server);
  Running running(server);
  HttpClient slow("http://127.0.0.1:" + std::to_string(running.port));
  slow.set_timeouts({std::chrono::seconds(1), std::chrono::milliseconds(300)});
  const auto start = std::chrono::steady_clock::now();
  auto late = slow.request("GET", "/slow");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1200));
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == http_errors::kTimeout);
  CHECK(late.error().message == "no answer from 127.0.0.1:" + std::to_string(running.port) + " in time");
}

TEST_CASE("Workers.HttpClient.StopEndsACallUnderWay") {
  httplib::Server server;
  routes(server);
  Running running(server);
  HttpClient client("http://127.0.0.1:" + std::to_string(running.port));
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    client.stop();
  });
  auto r = client.request("GET", "/slow");
  stopper.join();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == http_errors::kStopped);
  CHECK(client.request("GET", "/chunked").error().code == http_errors::kStopped);
}

TEST_CASE("Workers.HttpClient.AnswersAsServersWriteThem") {
  SUBCASE("a body that runs to the close, after an interim 100 Continue, from HTTP/1.0") {
    RawServer raw([](int) { return std::string("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 201 Created\r\nX-A: 1\r\n\r\nall of it"); });
    HttpClient client(raw.url());
    auto r = client.request("POST", "/", {}, "x");
    REQUIRE(r.ok());
    CHECK(r->status == 201);
    CHECK(r->body == "all of it");
    auto again = client.request("POST", "/", {}, "x");  // a new connection: the first one ended
    REQUIRE(again.ok());
    CHECK(raw.connections == 2);
  }
  SUBCASE("a kept connection the server has closed is replaced once, unseen") {
    // The server answers as if it kept the connection, then closes it after each answer.
    RawServer raw([](int) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"); });
    HttpClient client(raw.url());
    REQUIRE(client.request("GET", "/").ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto r = client.request("GET", "/");
    REQUIRE(r.ok());
    CHECK(r->body == "ok");
    CHECK(raw.connections == 2);
  }
  SUBCASE("what is not HTTP is refused") {
    RawServer raw([](int) { return std::string("SSH-2.0-OpenSSH\r\n\r\n"); });
    auto r = HttpClient(raw.url()).request("GET", "/");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == http_errors::kBadReply);
    CHECK(r.error().message.find("did not answer with HTTP/1.x: SSH-2.0-OpenSSH") != std::string::npos);
  }
  SUBCASE("an answer cut short") {
    RawServer raw([](int) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"); });
    auto r = HttpClient(raw.url()).request("GET", "/");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == http_errors::kIo);
    CHECK(r.error().message.find("was cut short") != std::string::npos);
  }
  SUBCASE("a malformed chunked body") {
    RawServer raw([](int) { return std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"); });
    auto r = HttpClient(raw.url()).request("GET", "/");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == http_errors::kBadReply);
  }
}

TEST_CASE("Workers.HttpClient.HttpsVerifiesTheServer") {
  const auto certificate = testing::make_self_signed_certificate("client");
  REQUIRE(certificate.made);
  // OpenSSL's default trust store honours $SSL_CERT_FILE; read once, when the first TLS call
  // sets it up, so this test case is the only one here that uses TLS.
  ::setenv("SSL_CERT_FILE", certificate.certificate.c_str(), 1);
  httplib::SSLServer server(certificate.certificate.c_str(), certificate.key.c_str());
  routes(server);
  Running running(server);
  const std::string port = std::to_string(running.port);
  HttpClient client("https://localhost:" + port);
  auto first = client.request("POST", "/echo", {}, "secret");
  REQUIRE_MESSAGE(first.ok(), first.error().message);
  CHECK(first->body == "POST /echo secret");
  auto second = client.request("GET", "/chunked");
  REQUIRE(second.ok());
  CHECK(second->body.size() == 15000);
  // The certificate names localhost only: called by address, the server is refused.
  auto by_address = HttpClient("https://127.0.0.1:" + port).request("GET", "/chunked");
  REQUIRE_FALSE(by_address.ok());
  CHECK(by_address.error().code == http_errors::kTls);
  CHECK(by_address.error().message.find("certificate verification") != std::string::npos);
  // TLS spoken to a plain HTTP server.
  httplib::Server plain;
  routes(plain);
  Running plain_running(plain);
  auto mismatch = HttpClient("https://localhost:" + std::to_string(plain_running.port)).request("GET", "/chunked");
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().code == http_errors::kTls);
}
