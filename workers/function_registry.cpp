#include "workers/function_registry.h"

#include <cctype>

namespace stepwise::workers {

FunctionResult FunctionResult::success(Json output) {
  FunctionResult r;
  r.output = std::move(output);
  return r;
}

FunctionResult FunctionResult::failure(std::string error, std::optional<std::string> cause) {
  FunctionResult r;
  r.succeeded = false;
  r.error = std::move(error);
  r.cause = std::move(cause);
  return r;
}

Result<std::pair<std::string, CommandSpec>> parse_worker_option(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    return make_error("InvalidWorker", "--worker expects NAME=PROGRAM [ARG...], got '" + text + "'");
  std::string name = text.substr(0, eq);
  CommandSpec spec;
  std::string word;
  for (std::size_t i = eq + 1; i <= text.size(); ++i) {
    if (i == text.size() || std::isspace(static_cast<unsigned char>(text[i]))) {
      if (!word.empty()) spec.argv.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(text[i]);
    }
  }
  if (spec.argv.empty()) return make_error("InvalidWorker", "--worker '" + text + "' names no program after '='");
  return std::make_pair(std::move(name), std::move(spec));
}

void FunctionRegistry::register_function(const std::string& name, FunctionHandler handler) {
  commands_.erase(name);
  handlers_[name] = std::move(handler);
}

void FunctionRegistry::register_command(const std::string& name, CommandSpec command) {
  handlers_.erase(name);
  commands_[name] = std::move(command);
}

const FunctionHandler* FunctionRegistry::handler(const std::string& name) const {
  auto it = handlers_.find(name);
  return it == handlers_.end() ? nullptr : &it->second;
}

const CommandSpec* FunctionRegistry::command(const std::string& name) const {
  auto it = commands_.find(name);
  return it == commands_.end() ? nullptr : &it->second;
}

}  // namespace stepwise::workers
