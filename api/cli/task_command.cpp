// `stepwise task succeed|fail|heartbeat TOKEN ...`: answers a task by its token on a running
// server (a human approval, a callback from a script), like SendTaskSuccess/Failure/Heartbeat.
#include <ostream>

#include "api/cli/command.h"
#include "api/cli/operator_args.h"
#include "api/cli/source_file.h"

namespace stepwise::api::cli {
namespace {

constexpr const char* kTaskUsage =
    "Usage: stepwise task succeed TOKEN [OUTPUT_JSON | @PATH]   (default output {})\n"
    "       stepwise task fail TOKEN [--error ERROR] [--cause CAUSE]\n"
    "       stepwise task heartbeat TOKEN\n"
    "  --server URL    the server (default $STEPWISE_SERVER or http://127.0.0.1:8083)\n"
    "  --token TOKEN   its bearer token (default $STEPWISE_TOKEN)\n"
    "Exit 0 accepted, 1 refused (a spent or unknown token: the reason on stderr) or unreachable, 2 usage.\n";

int usage_error(Io io, const std::string& message) {
  io.err << "stepwise task: " << message << "\n" << kTaskUsage;
  return kExitUsage;
}

}  // namespace

int task_command(const std::vector<std::string>& args, Io io) {
  if (args.empty()) return usage_error(io, "a subcommand is needed");
  const std::string& sub = args.front();
  if (sub == "--help" || sub == "-h" || sub == "help") {
    io.out << kTaskUsage;
    return kExitOk;
  }
  OperatorArgs a;
  std::string error;
  if (!parse_operator_args({args.begin() + 1, args.end()}, {"--error", "--cause"}, {}, a, error))
    return usage_error(io, error);
  Json body = Json::object();
  std::string verb;
  if (sub == "succeed") {
    if (a.positional.empty() || a.positional.size() > 2) return usage_error(io, "succeed takes TOKEN [OUTPUT_JSON]");
    std::string output = a.positional.size() == 2 ? a.positional[1] : "{}";
    if (!output.empty() && output[0] == '@') {
      std::string text, read_error;
      if (!read_source_text(output.substr(1), io.in, text, read_error)) return usage_error(io, read_error);
      output = std::move(text);
    }
    body["output"] = Json::parse(output, nullptr, false);
    if (body["output"].is_discarded()) return usage_error(io, "the output is not JSON: " + output.substr(0, 200));
    verb = "success";
  } else if (sub == "fail") {
    if (a.positional.size() != 1) return usage_error(io, "fail takes TOKEN");
    if (auto e = a.value("--error")) body["error"] = *e;
    if (auto c = a.value("--cause")) body["cause"] = *c;
    verb = "failure";
  } else if (sub == "heartbeat") {
    if (a.positional.size() != 1) return usage_error(io, "heartbeat takes TOKEN");
    verb = "heartbeat";
  } else {
    return usage_error(io, "unknown subcommand '" + sub + "'");
  }
  auto reply = a.client().call("POST", "/v1/tasks/" + path_segment(a.positional[0]) + "/" + verb, &body);
  if (!reply) {
    io.err << "stepwise task: " << reply.error().code << ": " << reply.error().message << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace stepwise::api::cli
