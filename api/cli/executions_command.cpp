// `stepwise executions list|describe|history|start|stop ...`: an operator's view of the executions
// of a running server, over its REST API. Tables by default, the server's JSON with --json.
#include <ostream>

#include "api/cli/command.h"
#include "api/cli/operator_args.h"
#include "api/cli/operator_output.h"
#include "api/cli/source_file.h"

namespace stepwise::api::cli {
namespace {

constexpr const char* kExecutionsUsage =
    "Usage: stepwise executions list [--machine NAME] [--status STATUS] [--limit N] [--json]\n"
    "       stepwise executions describe EXECUTION [--json]\n"
    "       stepwise executions history EXECUTION [--reverse] [--json]\n"
    "       stepwise executions start MACHINE [--input JSON|@PATH] [--name NAME] [--json]\n"
    "       stepwise executions stop EXECUTION [--error ERROR] [--cause CAUSE] [--json]\n"
    "  EXECUTION       an execution ARN, or MACHINE:NAME\n"
    "  --status        RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED\n"
    "  --limit         at most N executions, newest first (default 100)\n"
    "  --server URL    the server (default $STEPWISE_SERVER or http://127.0.0.1:8083)\n"
    "  --token TOKEN   its bearer token (default $STEPWISE_TOKEN)\n"
    "Exit 0 done, 1 the server refused or could not be reached (the reason on stderr), 2 usage.\n";

int usage_error(Io io, const std::string& message) {
  io.err << "stepwise executions: " << message << "\n" << kExecutionsUsage;
  return kExitUsage;
}

int server_error(Io io, const Error& e) {
  io.err << "stepwise executions: " << e.code << ": " << e.message << "\n";
  return kExitFailed;
}

int list(const OperatorArgs& a, Io io) {
  std::size_t limit = 100;
  if (auto text = a.value("--limit")) {
    if (text->empty() || text->find_first_not_of("0123456789") != std::string::npos || text->size() > 9 ||
        std::stoul(*text) == 0)
      return usage_error(io, "--limit must be a positive number");
    limit = std::stoul(*text);
  }
  std::string base = a.value("--machine") ? "/v1/state-machines/" + path_segment(*a.value("--machine")) + "/executions"
                                          : "/v1/executions";
  std::string query = "?limit=" + std::to_string(std::min<std::size_t>(limit, 1000));
  if (auto status = a.value("--status")) query += "&status=" + path_segment(*status);
  ServerClient client = a.client();
  Json all = Json::array();
  std::string next;
  do {
    auto reply = client.call("GET", base + query + (next.empty() ? "" : "&next=" + path_segment(next)));
    if (!reply) return server_error(io, reply.error());
    for (auto& e : reply->body["executions"])
      if (all.size() < limit) all.push_back(std::move(e));
    next = reply->body.value("next", "");
  } while (!next.empty() && all.size() < limit);
  if (a.has("--json"))
    io.out << Json{{"executions", all}}.dump(2) << "\n";
  else
    print_executions(io.out, all);
  return kExitOk;
}

int history(ServerClient& client, const std::string& execution, bool reverse, bool json, Io io) {
  Json all = Json::array();
  std::string next;
  do {
    auto reply = client.call("GET", "/v1/executions/" + path_segment(execution) + "/history?limit=1000" +
                                        (reverse ? "&reverse=true" : "") + (next.empty() ? "" : "&next=" + next));
    if (!reply) return server_error(io, reply.error());
    for (auto& e : reply->body["events"]) all.push_back(std::move(e));
    next = reply->body.value("next", "");
  } while (!next.empty());
  if (json)
    io.out << Json{{"events", all}}.dump(2) << "\n";
  else
    print_history(io.out, all);
  return kExitOk;
}

int show_execution(const Result<ServerReply>& reply, bool json, Io io) {
  if (!reply) return server_error(io, reply.error());
  if (json)
    io.out << reply->body.dump(2) << "\n";
  else
    print_execution(io.out, reply->body);
  return kExitOk;
}

}  // namespace

int executions_command(const std::vector<std::string>& args, Io io) {
  if (args.empty()) return usage_error(io, "a subcommand is needed");
  const std::string& sub = args.front();
  if (sub == "--help" || sub == "-h" || sub == "help") {
    io.out << kExecutionsUsage;
    return kExitOk;
  }
  OperatorArgs a;
  std::string error;
  if (!parse_operator_args({args.begin() + 1, args.end()},
                           {"--machine", "--status", "--limit", "--input", "--name", "--error", "--cause"},
                           {"--json", "--reverse"}, a, error))
    return usage_error(io, error);
  const bool json = a.has("--json");
  if (sub == "list") {
    if (!a.positional.empty()) return usage_error(io, "list takes no arguments besides its options");
    return list(a, io);
  }
  if (sub != "describe" && sub != "history" && sub != "start" && sub != "stop")
    return usage_error(io, "unknown subcommand '" + sub + "'");
  if (a.positional.size() != 1)
    return usage_error(io, sub + " takes one " + (sub == "start" ? "state machine name" : "execution"));
  const std::string& target = a.positional[0];
  ServerClient client = a.client();
  if (sub == "describe") return show_execution(client.call("GET", "/v1/executions/" + path_segment(target)), json, io);
  if (sub == "history") return history(client, target, a.has("--reverse"), json, io);
  Json body = Json::object();
  if (sub == "stop") {
    if (auto e = a.value("--error")) body["error"] = *e;
    if (auto c = a.value("--cause")) body["cause"] = *c;
    return show_execution(client.call("POST", "/v1/executions/" + path_segment(target) + "/stop", &body), json, io);
  }
  std::string input = a.value("--input").value_or("{}");
  if (!input.empty() && input[0] == '@') {
    std::string text, read_error;
    if (!read_source_text(input.substr(1), io.in, text, read_error)) return usage_error(io, read_error);
    input = std::move(text);
  }
  body["input"] = Json::parse(input, nullptr, false);
  if (body["input"].is_discarded()) return usage_error(io, "--input is not JSON: " + input.substr(0, 200));
  if (auto name = a.value("--name")) body["name"] = *name;
  return show_execution(client.call("POST", "/v1/state-machines/" + path_segment(target) + "/executions", &body),
                        json, io);
}

}  // namespace stepwise::api::cli
