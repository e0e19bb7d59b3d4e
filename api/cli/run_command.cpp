// `stepwise run FILE [--input JSON | --input @PATH] [--worker 'NAME=PROGRAM [ARG...]']... [--history]
//                    [--virtual-time] [--seed N] [--name NAME]`
// Exit 0: the execution succeeded, its output JSON on stdout. Exit 1: it ended FAILED, TIMED_OUT
// or ABORTED; the last line of stderr is {"status","error","cause"}. Exit 2: invalid definition or
// usage, the problems on stderr.
#include <csignal>
#include <cstring>
#include <filesystem>
#include <ostream>

#include "api/cli/command.h"
#include "api/cli/diagnostics_output.h"
#include "api/cli/source_file.h"
#include "definitions/parse.h"
#include "engine/local_runner.h"
#include "workers/function_dispatcher.h"

namespace stepwise::api::cli {
namespace {

constexpr const char* kRunUsage =
    "Usage: stepwise run FILE [--input JSON | --input @PATH] [--worker 'NAME=PROGRAM [ARG...]']...\n"
    "                    [--history] [--virtual-time] [--seed N] [--name NAME]\n"
    "  --input         the execution input (default {}); @PATH reads it from a file, @- from stdin\n"
    "  --worker        serve the function NAME with PROGRAM, run once per task without a shell:\n"
    "                  task input JSON on stdin, result JSON on stdout (exit 0), or a failure\n"
    "                  (non-zero exit; stdout {\"error\",\"cause\"} or stderr as the cause);\n"
    "                  or 'NAME=http[s]://HOST:PORT/PATH [--timeout SECONDS]': POST the input there,\n"
    "                  as Lambda is invoked ({\"errorType\",\"errorMessage\"} answers are errors)\n"
    "  --history       print every history event to stderr as a JSON line\n"
    "  --virtual-time  Waits, retry backoffs and timeouts pass at once on a simulated clock\n"
    "  --seed          seed the randomness (jitter, States.UUID, States.MathRandom)\n"
    "  --name          the execution name (default: a random UUID)\n";

struct RunArgs {
  std::string file;
  std::string input_text = "{}";
  std::vector<std::string> workers;
  bool history = false;
  bool virtual_time = false;
  std::optional<std::uint64_t> seed;
  std::string name;
};

int usage_error(Io io, const std::string& message) {
  io.err << "stepwise run: " << message << "\n" << kRunUsage;
  return kExitUsage;
}

// Returns -1 when the arguments are fine, else the exit code.
int parse_args(const std::vector<std::string>& args, Io io, RunArgs& out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string& into) {
      if (i + 1 == args.size()) return false;
      into = args[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      io.out << kRunUsage;
      return kExitOk;
    } else if (arg == "--history") {
      out.history = true;
    } else if (arg == "--virtual-time") {
      out.virtual_time = true;
    } else if (arg == "--input") {
      if (!value(out.input_text)) return usage_error(io, "--input needs a value");
      if (!out.input_text.empty() && out.input_text[0] == '@') {
        std::string text, error;
        if (!read_source_text(out.input_text.substr(1), io.in, text, error)) return usage_error(io, error);
        out.input_text = std::move(text);
      }
    } else if (arg == "--worker") {
      std::string w;
      if (!value(w)) return usage_error(io, "--worker needs a value");
      out.workers.push_back(std::move(w));
    } else if (arg == "--seed") {
      std::string s;
      if (!value(s) || s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
        return usage_error(io, "--seed needs a whole number");
      out.seed = std::stoull(s);
    } else if (arg == "--name") {
      if (!value(out.name) || out.name.empty()) return usage_error(io, "--name needs a value");
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usage_error(io, "unknown option '" + arg + "'");
    } else if (out.file.empty()) {
      out.file = arg;
    } else {
      return usage_error(io, "only one definition file can be run, got '" + out.file + "' and '" + arg + "'");
    }
  }
  if (out.file.empty()) return usage_error(io, "no definition file given");
  return -1;
}

Json nullable(const std::optional<std::string>& s) { return s ? Json(*s) : Json(); }

}  // namespace

int run_command(const std::vector<std::string>& args, Io io) {
  RunArgs run;
  if (int code = parse_args(args, io, run); code >= 0) return code;

  std::string text, error;
  if (!read_source_text(run.file, io.in, text, error)) return usage_error(io, error);
  auto parsed = definitions::parse_definition(text);
  if (!parsed.machine) {
    ValidationOptions options;
    options.minimum = definitions::Severity::Error;
    print_diagnostics(io.err, run.file, parsed.diagnostics, options);
    return kExitUsage;
  }
  Json input = Json::parse(run.input_text, nullptr, false);
  if (input.is_discarded()) return usage_error(io, "the input is not valid JSON: " + run.input_text.substr(0, 200));

  workers::FunctionRegistry registry;
  for (const auto& w : run.workers) {
    auto worker = workers::parse_worker_option(w);
    if (!worker) return usage_error(io, worker.error().message);
    registry.bind(std::move(*worker));
  }
  std::signal(SIGPIPE, SIG_IGN);  // a command worker that stops reading must not kill us

  engine::RunOptions options;
  options.virtual_time = run.virtual_time;
  options.seed = run.seed;
  options.history_payloads = run.history;  // nobody reads the payload text otherwise
  if (run.history)
    options.on_event = [&io](const engine::HistoryEvent& event) {
      io.err << engine::to_json(event).dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
      io.err.flush();
    };
  if (run.name.empty()) {
    engine::DefaultStepEnvironment ids(false, (run.seed ? *run.seed : engine::random_seed()) ^ 0x5eed);
    run.name = ids.uuid();
  }
  workers::FunctionDispatcher dispatcher(registry);
  engine::LocalRunner runner(dispatcher, std::move(options));
  engine::ExecutionState result =
      runner.run(parsed.machine, engine::local_execution_info(machine_name_of(run.file), run.name), std::move(input),
                 run.input_text);  // kept verbatim, as AWS keeps the StartExecution input

  if (result.status == engine::ExecutionStatus::Succeeded) {
    // As AWS shows it: the input's own text when every state passed it through unchanged.
    io.out << (result.output_text.empty() ? result.output.dump(-1, ' ', false, Json::error_handler_t::replace)
                                          : result.output_text)
           << "\n";
    return kExitOk;
  }
  Json summary = Json::object();
  summary["status"] = engine::to_string(result.status);
  summary["error"] = result.error.empty() ? Json() : Json(result.error);
  summary["cause"] = nullable(result.cause);
  io.err << summary.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  return kExitFailed;
}

}  // namespace stepwise::api::cli
