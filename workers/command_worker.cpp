#include "workers/command_worker.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string_view>

extern char** environ;

namespace stepwise::workers {

namespace {

struct Pipe {
  int fds[2] = {-1, -1};
  ~Pipe() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  void close_end(int i) {
    if (fds[i] >= 0) ::close(fds[i]);
    fds[i] = -1;
  }
};

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
  return s.substr(start);
}

std::string excerpt(const std::string& s) { return s.size() <= 200 ? s : s.substr(0, 200) + "..."; }

FunctionResult interpret(const std::string& name, int status, const std::string& out, const std::string& err) {
  if (WIFSIGNALED(status))
    return FunctionResult::failure("States.TaskFailed", "The command worker '" + name + "' was killed by signal " +
                                                            std::to_string(WTERMSIG(status)));
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  Json parsed = Json::parse(out, nullptr, false);
  if (code == 0) {
    if (parsed.is_discarded())
      return FunctionResult::failure("States.TaskFailed", "The command worker '" + name +
                                                              "' exited 0 but its output is not JSON: " +
                                                              excerpt(trim(out)));
    return FunctionResult::success(std::move(parsed));
  }
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_string()) {
    std::optional<std::string> cause;
    if (parsed.contains("cause") && !parsed["cause"].is_null())
      cause = parsed["cause"].is_string() ? parsed["cause"].get<std::string>() : parsed["cause"].dump();
    return FunctionResult::failure(parsed["error"].get<std::string>(), std::move(cause));
  }
  std::string cause = trim(err);
  if (cause.empty()) cause = "The command worker '" + name + "' exited with status " + std::to_string(code);
  return FunctionResult::failure("States.TaskFailed", std::move(cause));
}

}  // namespace

FunctionResult run_command(const std::string& function_name, const CommandSpec& command, const Json& input,
                           const std::atomic<bool>* cancelled) {
  Pipe in, out, err;
  if (::pipe2(in.fds, O_CLOEXEC) != 0 || ::pipe2(out.fds, O_CLOEXEC) != 0 || ::pipe2(err.fds, O_CLOEXEC) != 0)
    return FunctionResult::failure("States.TaskFailed", "Could not start command worker '" + function_name +
                                                            "': " + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fds[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fds[1], 2);
  std::vector<char*> argv;
  for (const auto& a : command.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return FunctionResult::failure("States.TaskFailed", "Could not start command worker '" + function_name +
                                                            "' (" + command.argv.front() + "): " + std::strerror(rc));
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);
  ::fcntl(in.fds[1], F_SETFL, O_NONBLOCK);

  const std::string payload = input.dump();
  std::size_t written = 0;
  std::string stdout_text, stderr_text;
  bool killed = false;
  while (out.fds[0] >= 0 || err.fds[0] >= 0) {
    if (cancelled && cancelled->load() && !killed) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
    pollfd fds[3];
    int n = 0;
    if (in.fds[1] >= 0) fds[n++] = {in.fds[1], POLLOUT, 0};
    if (out.fds[0] >= 0) fds[n++] = {out.fds[0], POLLIN, 0};
    if (err.fds[0] >= 0) fds[n++] = {err.fds[0], POLLIN, 0};
    if (::poll(fds, static_cast<nfds_t>(n), 100) < 0 && errno != EINTR) break;
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in.fds[1]) {
        ssize_t w = ::write(in.fds[1], payload.data() + written, payload.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN) written = payload.size();  // EPIPE: the program stopped reading
        if (written >= payload.size()) in.close_end(1);
        continue;
      }
      char buf[65536];
      ssize_t r = ::read(fds[i].fd, buf, sizeof buf);
      const bool is_out = fds[i].fd == out.fds[0];
      if (r > 0) {
        (is_out ? stdout_text : stderr_text).append(buf, static_cast<std::size_t>(r));
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        (is_out ? out : err).close_end(0);
      }
    }
  }
  in.close_end(1);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (killed) return FunctionResult::failure("States.TaskFailed", "The command worker '" + function_name + "' was cancelled");
  return interpret(function_name, status, stdout_text, stderr_text);
}

}  // namespace stepwise::workers
