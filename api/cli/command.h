#pragma once
// The `stepwise` command line: each command takes its arguments and streams, returns the exit code.
#include <iosfwd>
#include <string>
#include <vector>

namespace stepwise::api::cli {

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

int run_command_line(const std::vector<std::string>& args, Io io);
int validate_command(const std::vector<std::string>& args, Io io);
int run_command(const std::vector<std::string>& args, Io io);
int serve_command(const std::vector<std::string>& args, Io io);
int executions_command(const std::vector<std::string>& args, Io io);
int task_command(const std::vector<std::string>& args, Io io);

}  // namespace stepwise::api::cli
