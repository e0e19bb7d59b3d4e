// `stepwise serve [--db PATH] [--listen HOST:PORT] [--definitions DIR] [--worker 'NAME=PROGRAM [ARG...]']...
//                 [--token TOKEN] [--sync full|normal] [--http-threads N] [--region R] [--account A]
//                 [--log-level LEVEL]`
// The durable server: resumes every running execution found in the database, then serves the
// REST API (/v1/...) and the AWS Step Functions JSON 1.0 protocol (POST /) until SIGINT/SIGTERM.
#include <pthread.h>
#include <sys/resource.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <algorithm>
#include <ostream>
#include <sstream>

#include "api/cli/command.h"
#include "api/cli/source_file.h"
#include "api/log.h"
#include "api/log_format.h"
#include "engine/log.h"
#include "api/server/http_server.h"
#include "engine/service/execution_service.h"
#include "engine/store/sqlite_store.h"
#include "workers/function_dispatcher.h"

namespace stepwise::api::cli {
namespace {

constexpr const char* kServeUsage =
    "Usage: stepwise serve [--db PATH] [--listen HOST:PORT] [--definitions DIR] [--worker 'NAME=PROGRAM [ARG...]']...\n"
    "                      [--token TOKEN] [--sync full|normal] [--http-threads N] [--region R] [--account A]\n"
    "                      [--log-level trace|debug|info|warn|error] [--log-format text|json]\n"
    "                      [--activity-poll-seconds N]\n"
    "  --db            the SQLite database file (default stepwise.db; created when missing)\n"
    "  --listen        the address to serve on (default 127.0.0.1:8083; port 0 picks a free one)\n"
    "  --definitions   create or update a state machine from every *.json file in DIR at start-up\n"
    "                  (named after the file: orders.asl.json -> orders)\n"
    "  --worker        serve the function NAME with PROGRAM, run once per task without a shell,\n"
    "                  or with 'NAME=http[s]://HOST:PORT/PATH [--timeout SECONDS]' (a push worker:\n"
    "                  the input is POSTed there as Lambda is invoked); functions without one wait\n"
    "                  for remote workers (REST poll, GetActivityTask)\n"
    "  --token         require 'Authorization: Bearer TOKEN' (AWS SDKs: use TOKEN as the access key\n"
    "                  id); default $STEPWISE_TOKEN, or no auth\n"
    "  --sync          full (default): every commit is fsynced, a power cut loses nothing committed;\n"
    "                  normal: fsync at checkpoints only, a power cut may lose the last commits\n"
    "                  (a crash of the process loses nothing either way)\n"
    "  --http-threads  request handlers running at once (default 4096): a long poll holds one\n"
    "                  while it waits; idle connections hold none\n"
    "  --log-format    text (default) or json: one {\"time\",\"level\",\"logger\",\"message\"} object a line\n"
    "  --activity-poll-seconds  how long GetActivityTask waits for a task (1-60, default 60 as AWS)\n";

struct ServeArgs {
  std::string db = "stepwise.db";
  std::string host = "127.0.0.1";
  int port = 8083;
  std::string definitions;
  std::vector<std::string> workers;
  std::string token;
  engine::store::SyncMode sync = engine::store::SyncMode::Full;
  std::size_t http_threads = 4096;
  std::string region = "us-east-1", account = "123456789012";
  std::string log_level = "info";
  std::string log_format = "text";
  int activity_poll_seconds = 60;
};

int usage_error(Io io, const std::string& message) {
  io.err << "stepwise serve: " << message << "\n" << kServeUsage;
  return kExitUsage;
}

bool parse_listen(const std::string& text, ServeArgs& out) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  out.host = text.substr(0, colon);
  out.port = std::stoi(port);
  return out.port <= 65535;
}

int parse_args(const std::vector<std::string>& args, Io io, ServeArgs& out) {
  if (const char* env = std::getenv("STEPWISE_TOKEN")) out.token = env;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string v;
    auto value = [&]() {
      if (i + 1 == args.size()) return false;
      v = args[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      io.out << kServeUsage;
      return kExitOk;
    }
    const bool takes_value = arg == "--db" || arg == "--listen" || arg == "--definitions" || arg == "--worker" ||
                             arg == "--token" || arg == "--sync" || arg == "--http-threads" || arg == "--region" ||
                             arg == "--account" || arg == "--log-level" || arg == "--activity-poll-seconds" ||
                             arg == "--log-format";
    if (!takes_value) return usage_error(io, "unknown option '" + arg + "'");
    if (!value()) return usage_error(io, arg + " needs a value");
    if (arg == "--db") out.db = v;
    else if (arg == "--listen") {
      if (!parse_listen(v, out)) return usage_error(io, "--listen needs HOST:PORT, got '" + v + "'");
    } else if (arg == "--definitions") out.definitions = v;
    else if (arg == "--worker") out.workers.push_back(v);
    else if (arg == "--token") out.token = v;
    else if (arg == "--sync") {
      if (v != "full" && v != "normal") return usage_error(io, "--sync is full or normal, got '" + v + "'");
      out.sync = v == "full" ? engine::store::SyncMode::Full : engine::store::SyncMode::Normal;
    } else if (arg == "--http-threads") {
      if (v.empty() || v.size() > 5 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) < 4)
        return usage_error(io, "--http-threads needs a number of at least 4");
      out.http_threads = std::stoul(v);
    } else if (arg == "--region") out.region = v;
    else if (arg == "--account") out.account = v;
    else if (arg == "--log-level") {
      if (spdlog::level::from_str(v) == spdlog::level::off && v != "off")
        return usage_error(io, "--log-level is trace, debug, info, warn, error or off, got '" + v + "'");
      out.log_level = v;
    } else if (arg == "--log-format") {
      if (v != "text" && v != "json") return usage_error(io, "--log-format is text or json, got '" + v + "'");
      out.log_format = v;
    }
    else if (arg == "--activity-poll-seconds") {
      if (v.empty() || v.size() > 2 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) < 1 ||
          std::stoi(v) > 60)
        return usage_error(io, "--activity-poll-seconds needs a number from 1 to 60");
      out.activity_poll_seconds = std::stoi(v);
    }
  }
  return -1;
}

// Creates or updates a state machine from every *.json file of dir. Returns false (after saying
// why on err) when one cannot be read or is invalid.
bool load_definitions(engine::service::ExecutionService& service, const std::string& dir, std::ostream& err) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    err << "stepwise serve: --definitions '" << dir << "' is not a directory\n";
    return false;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::istringstream no_stdin;
  for (const auto& file : files) {
    std::string text, error;
    if (!read_source_text(file.string(), no_stdin, text, error)) {
      err << "stepwise serve: " << error << "\n";
      return false;
    }
    auto put = service.put_state_machine(machine_name_of(file.string()), text, "");
    if (!put) {
      err << "stepwise serve: " << file.string() << ": " << put.error().message << "\n";
      return false;
    }
    logger()->info("state machine {} (version {}) from {}", put->arn, put->version, file.string());
  }
  return true;
}

// Every connection is a descriptor: the soft limit (often 1024) is raised to the hard one, so a
// thousand idle long polls do not make accept() fail.
void raise_open_files_limit(std::size_t connections, std::ostream& err) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < connections + 64)
    err << "stepwise serve: warning: at most " << limit.rlim_cur << " open files (ulimit -n), fewer than "
        << connections << " connections need\n";
}

}  // namespace

int serve_command(const std::vector<std::string>& args, Io io) {
  ServeArgs serve;
  if (int code = parse_args(args, io, serve); code >= 0) return code;
  spdlog::set_level(spdlog::level::from_str(serve.log_level));
  (void)engine::logger();  // the layers' loggers exist before the format applies to all of them
  (void)logger();
  set_log_format(serve.log_format);

  workers::FunctionRegistry registry;
  for (const auto& w : serve.workers) {
    auto worker = workers::parse_worker_option(w);
    if (!worker) return usage_error(io, worker.error().message);
    registry.bind(std::move(*worker));
  }
  // Signals are taken by one thread (sigwait); every other thread inherits the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);  // a file-size limit makes writes fail (a storage error), not the process die

  raise_open_files_limit(serve.http_threads, io.err);
  auto store = engine::store::SqliteStore::open(serve.db, serve.sync);
  if (!store) {
    io.err << "stepwise serve: " << store.error().message << "\n";
    return kExitFailed;
  }
  workers::TaskQueues queues;
  workers::FunctionDispatcher dispatcher(registry, &queues);
  engine::service::ServiceOptions options;
  options.region = serve.region;
  options.account = serve.account;
  auto service = engine::service::ExecutionService::open(std::move(store.value()), dispatcher, options);
  if (!service) {
    io.err << "stepwise serve: " << service.error().message << "\n";
    return kExitFailed;
  }
  if (!serve.definitions.empty() && !load_definitions(*service.value(), serve.definitions, io.err)) return kExitFailed;

  ApiContext context{*service.value(), queues, std::chrono::seconds(serve.activity_poll_seconds)};
  ServerOptions server_options;
  server_options.host = serve.host;
  server_options.port = serve.port;
  server_options.token = serve.token;
  server_options.threads = serve.http_threads;
  HttpServer server(context, server_options);
  auto port = server.bind();
  if (!port) {
    io.err << "stepwise serve: " << port.error().message << "\n";
    return kExitFailed;
  }
  io.out << "stepwise: listening on http://" << serve.host << ":" << port.value() << " (database " << serve.db
         << ", sync " << engine::store::to_string(serve.sync) << ", " << service.value()->resumed_at_open()
         << " running executions resumed" << (serve.token.empty() ? "" : ", bearer token required") << ")"
         << std::endl;
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    logger()->info("signal {}: stopping", signal);
    queues.shutdown();
    server.stop();
  });
  server.run();
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);  // when run() ended on its own
    waiter.join();
  }
  return kExitOk;
}

}  // namespace stepwise::api::cli
