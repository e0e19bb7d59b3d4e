#pragma once
// Runs the real `stepwise` binary (no shell) and captures its exit code and output.
#include <string>
#include <vector>

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal or timed out
  bool timed_out = false;
  std::string out, err;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          int timeout_ms = 60000);

inline ProcessResult run_stepwise(std::vector<std::string> args, const std::string& stdin_text = "",
                                  int timeout_ms = 60000) {
  args.insert(args.begin(), STEPWISE_BINARY);
  return run_process(args, stdin_text, timeout_ms);
}
