#pragma once
// The real `stepwise serve` as a child process on 127.0.0.1 with a port of its own, and an HTTP
// client for both of its faces.
#include <sys/types.h>

#include <string>
#include <vector>

#include "definitions/json.h"

class ServerProcess {
 public:
  // Starts `stepwise serve --listen 127.0.0.1:0 ARGS...` and waits until it listens. Its output
  // goes to log_path.
  ServerProcess(std::vector<std::string> args, std::string log_path);
  // The same, with the server's files limited to max_file_bytes (RLIMIT_FSIZE): a disk that fills.
  ServerProcess(std::vector<std::string> args, std::string log_path, long max_file_bytes);
  ~ServerProcess();  // SIGTERM, then waits (SIGKILL after 10 s)
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  std::string log() const;
  void kill9();  // SIGKILL, as a crash
  int terminate();  // SIGTERM; the exit code

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

struct HttpReply {
  int status = 0;  // 0: no answer (connection refused or reset)
  stepwise::Json body;
  std::string text;
};

// POST / with X-Amz-Target: AWSStepFunctions.<action>.
HttpReply aws(int port, const std::string& action, const stepwise::Json& body, const std::string& token = "");
// A REST call; body may be empty.
HttpReply rest(int port, const std::string& method, const std::string& path, const std::string& body = "",
               const std::string& token = "");

// A fresh path under the temp directory (and its -wal/-shm siblings removed on destruction).
struct TempPath {
  std::string path;
  explicit TempPath(const std::string& suffix);
  ~TempPath();
};
