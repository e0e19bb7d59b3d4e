#pragma once
// Command workers: PROGRAM [ARG...] run once per task, never through a shell. The task input is
// written to its stdin as JSON. Exit 0: stdout is the result JSON. Non-zero exit: the task failed;
// if stdout is a JSON object with "error" (and optional "cause"), those name the error, otherwise
// the error is States.TaskFailed with stderr as the cause. A program that cannot start, or a
// result that is not JSON, is a task failure whose cause says so.
#include <atomic>
#include <string>

#include "workers/function_registry.h"

namespace stepwise::workers {

// Runs the command to its end (or until cancelled is set, checked while it runs).
FunctionResult run_command(const std::string& function_name, const CommandSpec& command, const Json& input,
                           const std::atomic<bool>* cancelled = nullptr);

}  // namespace stepwise::workers
