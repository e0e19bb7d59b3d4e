#include <ostream>

#include "api/cli/command.h"

namespace stepwise::api::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

void print_usage(std::ostream& out) {
  out << "Usage: stepwise <command> [options]\n"
         "\n"
         "Commands:\n"
         "  validate [--json] [--severity ERROR|WARNING] [--max-results N] FILE|DIR...\n"
         "                              Check Amazon States Language definitions (a directory: every\n"
         "                              .json file below it); every problem is reported with its JSON\n"
         "                              pointer. Exit 0 valid, 1 invalid, 2 usage.\n"
         "  run FILE [--input JSON|@PATH] [--worker 'NAME=PROGRAM [ARG...]']... [--history]\n"
         "      [--virtual-time] [--seed N] [--name NAME]\n"
         "                              Run one execution to its end. Exit 0 succeeded (output on\n"
         "                              stdout), 1 failed/timed out/aborted (last stderr line is\n"
         "                              {\"status\",\"error\",\"cause\"}), 2 invalid definition or usage.\n"
         "  serve [--db PATH] [--listen HOST:PORT] [--definitions DIR] [--worker ...]... [--token T]\n"
         "      [--sync full|normal]    Run the durable server: REST API under /v1/ and the AWS Step\n"
         "                              Functions JSON 1.0 protocol at POST / (see serve --help).\n"
         "  executions list|describe|history|start|stop ...\n"
         "                              Inspect and control a running server's executions (tables,\n"
         "                              or --json); see `stepwise executions --help`.\n"
         "  task succeed|fail|heartbeat TOKEN ...\n"
         "                              Answer a task by its token (a human approval, a callback).\n"
         "  version                     Print the version.\n"
         "  help                        Print this help.\n";
}

}  // namespace

int run_command_line(const std::vector<std::string>& args, Io io) {
  if (args.empty()) {
    print_usage(io.err);
    return kExitUsage;
  }
  const std::string& command = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "validate") return validate_command(rest, io);
  if (command == "run") return run_command(rest, io);
  if (command == "serve") return serve_command(rest, io);
  if (command == "executions") return executions_command(rest, io);
  if (command == "task") return task_command(rest, io);
  if (command == "version" || command == "--version") {
    io.out << "stepwise " << kVersion << "\n";
    return kExitOk;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    print_usage(io.out);
    return kExitOk;
  }
  io.err << "stepwise: unknown command '" << command << "'\n\n";
  print_usage(io.err);
  return kExitUsage;
}

}  // namespace stepwise::api::cli
