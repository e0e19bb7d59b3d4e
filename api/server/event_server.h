#pragma once
// The HTTP server's network side. One thread waits on epoll for every connection (no thread per
// connection, so an idle keep-alive connection or a request waiting for its commit holds no
// thread), reads and parses requests and hands each to the handler with a Responder. The response
// may come from any thread, at any later time (a handler on a pool thread, or the commit that
// acknowledges a start); it is written at once from that thread, and the event thread finishes
// only what the socket could not take. One request at a time per connection: the next one is read
// once the response is written. Idle connections close after idle_timeout; a request that takes
// longer than read_timeout to arrive is answered 408.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api/server/http_message.h"
#include "definitions/result.h"

namespace stepwise::api {

class EventServer {
 public:
  struct Options {
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    std::chrono::seconds idle_timeout{120};
    std::chrono::seconds read_timeout{30};
  };
  struct Connection;
  struct Shared;

  // Answers one request, once, from any thread; after the connection closed it does nothing.
  class Responder {
   public:
    explicit Responder(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}
    void send(HttpResponse response) const;

   private:
    std::shared_ptr<Connection> connection_;
  };

  using Handler = std::function<void(HttpRequest&& request, Responder responder)>;

  // after_round: called on the event thread after each round of events it handled (a handler
  // that gathers work can hand it over in one piece there).
  EventServer(Options options, Handler handler, std::function<void()> after_round = {});
  ~EventServer();
  EventServer(const EventServer&) = delete;
  EventServer& operator=(const EventServer&) = delete;

  // Listens on host:port (0: any free port); returns the port.
  Result<int> bind(const std::string& host, int port);
  // Serves until stop() (blocking).
  void run();
  // Makes run() return; safe from any thread, before or during run().
  void stop();

 private:
  void accept_all();
  void on_event(int fd, std::uint32_t events);
  void on_posted();
  void read_and_parse(const std::shared_ptr<Connection>& connection);
  void parse_locked(const std::shared_ptr<Connection>& connection, std::unique_lock<std::mutex>& lock);
  void close_connection(const std::shared_ptr<Connection>& connection);
  void sweep();

  Options options_;
  Handler handler_;
  std::function<void()> after_round_;
  std::shared_ptr<Shared> shared_;
  int listen_fd_ = -1;
  bool listening_ = true;  // false while out of file descriptors
  std::unordered_map<int, std::shared_ptr<Connection>> connections_;  // event thread only
};

}  // namespace stepwise::api
