#pragma once
// Functions by name, as Task resources resolve to them: in-process C++ handlers that an embedding
// program registers, and command workers (a program run once per task, JSON on stdin and stdout).
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "definitions/json.h"
#include "definitions/object_id.h"
#include "definitions/result.h"

namespace stepwise::workers {

// What a function returns: a result, or an error name with an optional cause.
struct FunctionResult {
  bool succeeded = true;
  Json output;
  std::string error;
  std::optional<std::string> cause;

  static FunctionResult success(Json output);
  static FunctionResult failure(std::string error, std::optional<std::string> cause = std::nullopt);
};

// What a handler gets besides its input; the texts are valid for the duration of the call.
class TaskContext {
 public:
  // token: the task's token when it has one already; otherwise make_token makes it the first
  // time a handler asks (a task run inside a local step has none until then).
  TaskContext(std::string_view function, std::string_view state, std::string& token,
              const std::function<std::string()>* make_token = nullptr)
      : function_name(function), state_name(state), token_(token), make_token_(make_token) {}

  std::string_view function_name;
  std::string_view state_name;
  // The task's token: one attempt of one task, as $$.Task.Token gives it.
  std::string_view task_token() const {
    if (token_.empty() && make_token_) token_ = (*make_token_)();
    return token_;
  }

 private:
  std::string& token_;
  const std::function<std::string()>* make_token_;
};

// An in-process handler. It may throw: the exception becomes a task failure whose error is
// "States.TaskFailed" and whose cause is the exception's message.
// The input is the handler's to keep (a handler taking `const Json&` works too).
using FunctionHandler = std::function<FunctionResult(Json input, const TaskContext& context)>;

// A command worker: PROGRAM and its arguments, run without a shell.
struct CommandSpec {
  std::vector<std::string> argv;
};

// A push worker: an HTTP endpoint the task input is POSTed to, as Lambda is invoked.
struct EndpointSpec {
  std::string url;  // http[s]://HOST[:PORT][/PATH]
  std::chrono::milliseconds timeout{60000};
};

// What the CLI's --worker binds a function name to: a command or an endpoint.
struct WorkerBinding {
  std::string name;
  std::optional<CommandSpec> command;
  std::optional<EndpointSpec> endpoint;
};

// Parses the CLI's --worker 'NAME=PROGRAM [ARG...]' (split on white space, never a shell) or
// --worker 'NAME=http[s]://HOST:PORT/PATH [--timeout SECONDS]'.
Result<WorkerBinding> parse_worker_option(const std::string& text);

class FunctionRegistry {
 public:
  void register_function(const std::string& name, FunctionHandler handler);
  void register_command(const std::string& name, CommandSpec command);
  void register_endpoint(const std::string& name, EndpointSpec endpoint);
  void bind(WorkerBinding binding);

  const FunctionHandler* handler(std::string_view name) const;
  const CommandSpec* command(std::string_view name) const;
  const EndpointSpec* endpoint(std::string_view name) const;
  bool contains(std::string_view name) const { return handler(name) || command(name) || endpoint(name); }
  // A process-unique number that changes whenever a function is registered (and differs in a
  // copy): what a cache of lookups in this registry checks.
  std::uint64_t generation() const { return generation_.value(); }

 private:
  definitions::ObjectId generation_;
  std::map<std::string, FunctionHandler, std::less<>> handlers_;
  std::map<std::string, CommandSpec, std::less<>> commands_;
  std::map<std::string, EndpointSpec, std::less<>> endpoints_;
};

}  // namespace stepwise::workers
