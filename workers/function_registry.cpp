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

namespace {

bool is_url(const std::string& word) { return word.rfind("http://", 0) == 0 || word.rfind("https://", 0) == 0; }

Result<EndpointSpec> endpoint_of(const std::string& text, const std::vector<std::string>& words) {
  EndpointSpec spec;
  spec.url = words[0];
  const auto host_start = spec.url.find("://") + 3;
  if (host_start >= spec.url.size() || spec.url[host_start] == '/')
    return make_error("InvalidWorker", "--worker '" + text + "': the URL names no host");
  if (words.size() == 1) return spec;
  const bool digits = words.size() == 3 && !words[2].empty() && words[2].size() <= 6 &&
                      words[2].find_first_not_of("0123456789") == std::string::npos;
  if (words[1] != "--timeout" || !digits || std::stoi(words[2]) == 0)
    return make_error("InvalidWorker", "--worker '" + text + "': after the URL only --timeout SECONDS (1-900000) may follow");
  spec.timeout = std::chrono::seconds(std::stoi(words[2]));
  return spec;
}

}  // namespace

Result<WorkerBinding> parse_worker_option(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    return make_error("InvalidWorker",
                      "--worker expects NAME=PROGRAM [ARG...] or NAME=http[s]://HOST:PORT/PATH, got '" + text + "'");
  WorkerBinding binding{text.substr(0, eq), std::nullopt, std::nullopt};
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = eq + 1; i <= text.size(); ++i) {
    if (i == text.size() || std::isspace(static_cast<unsigned char>(text[i]))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(text[i]);
    }
  }
  if (words.empty()) return make_error("InvalidWorker", "--worker '" + text + "' names no program after '='");
  if (is_url(words[0])) {
    auto endpoint = endpoint_of(text, words);
    if (!endpoint) return endpoint.error();
    binding.endpoint = std::move(*endpoint);
  } else {
    binding.command = CommandSpec{std::move(words)};
  }
  return binding;
}

void FunctionRegistry::register_endpoint(const std::string& name, EndpointSpec endpoint) {
  generation_ = definitions::ObjectId();
  handlers_.erase(name);
  commands_.erase(name);
  endpoints_[name] = std::move(endpoint);
}

void FunctionRegistry::bind(WorkerBinding binding) {
  if (binding.command) register_command(binding.name, std::move(*binding.command));
  if (binding.endpoint) register_endpoint(binding.name, std::move(*binding.endpoint));
}

const EndpointSpec* FunctionRegistry::endpoint(std::string_view name) const {
  auto it = endpoints_.find(name);
  return it == endpoints_.end() ? nullptr : &it->second;
}

void FunctionRegistry::register_function(const std::string& name, FunctionHandler handler) {
  generation_ = definitions::ObjectId();
  commands_.erase(name);
  endpoints_.erase(name);
  handlers_[name] = std::move(handler);
}

void FunctionRegistry::register_command(const std::string& name, CommandSpec command) {
  generation_ = definitions::ObjectId();
  handlers_.erase(name);
  endpoints_.erase(name);
  commands_[name] = std::move(command);
}

const FunctionHandler* FunctionRegistry::handler(std::string_view name) const {
  auto it = handlers_.find(name);
  return it == handlers_.end() ? nullptr : &it->second;
}

const CommandSpec* FunctionRegistry::command(std::string_view name) const {
  auto it = commands_.find(name);
  return it == commands_.end() ? nullptr : &it->second;
}

}  // namespace stepwise::workers
