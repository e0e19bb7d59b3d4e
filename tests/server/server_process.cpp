#include "tests/server/server_process.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using stepwise::Json;

ServerProcess::ServerProcess(std::vector<std::string> args, std::string log_path)
    : ServerProcess(std::move(args), std::move(log_path), -1) {}

ServerProcess::ServerProcess(std::vector<std::string> args, std::string log_path, long max_file_bytes)
    : log_path_(std::move(log_path)) {
  args.insert(args.begin(), {STEPWISE_BINARY, "serve", "--listen", "127.0.0.1:0"});
  std::filesystem::remove(log_path_);
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    if (max_file_bytes > 0) {
      rlimit limit{static_cast<rlim_t>(max_file_bytes), static_cast<rlim_t>(max_file_bytes)};
      setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const std::string marker = "listening on http://127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = log();
    if (auto at = text.find(marker); at != std::string::npos) {
      port_ = std::atoi(text.c_str() + at + marker.size());
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ServerProcess::~ServerProcess() { terminate(); }

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 1000; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill9();
  return -1;
}

namespace {
HttpReply reply_of(const httplib::Result& r) {
  HttpReply out;
  if (!r) return out;
  out.status = r->status;
  out.text = r->body;
  out.body = Json::parse(r->body, nullptr, false);
  return out;
}
}  // namespace

HttpReply aws(int port, const std::string& action, const Json& body, const std::string& token) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(90, 0);
  httplib::Headers headers{{"X-Amz-Target", "AWSStepFunctions." + action}};
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return reply_of(client.Post("/", headers, body.dump(), "application/x-amz-json-1.0"));
}

HttpReply rest(int port, const std::string& method, const std::string& path, const std::string& body,
               const std::string& token) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(90, 0);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  if (method == "GET") return reply_of(client.Get(path, headers));
  if (method == "DELETE") return reply_of(client.Delete(path, headers));
  if (method == "PUT") return reply_of(client.Put(path, headers, body, "application/json"));
  return reply_of(client.Post(path, headers, body, "application/json"));
}

TempPath::TempPath(const std::string& suffix) {
  static int n = 0;
  path = (std::filesystem::temp_directory_path() /
          ("stepwise-server-" + std::to_string(getpid()) + "-" + std::to_string(++n) + suffix))
             .string();
  std::filesystem::remove(path);
}

TempPath::~TempPath() {
  std::error_code ec;
  for (const char* s : {"", "-wal", "-shm", ".log"}) std::filesystem::remove_all(path + s, ec);
}
