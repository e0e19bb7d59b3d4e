// Runs one workload on Stepwise's interpreter (in memory, virtual time, in-process task handler)
// for a time budget and prints one JSON line: runs, transitions (states entered, branches and
// iterations included) per second, and peak memory.
// Usage: stepwise_bench DEFINITION.json INPUT.json SECONDS
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "definitions/parse.h"
#include "engine/allocator_tuning.h"
#include "engine/local_runner.h"
#include "workers/function_dispatcher.h"

using namespace stepwise;

static std::string slurp(const char* path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int main(int argc, char** argv) {
  stepwise::engine::tune_allocator();  // as the stepwise binary does
  if (argc != 4) {
    std::cerr << "usage: stepwise_bench DEFINITION.json INPUT.json SECONDS\n";
    return 2;
  }
  auto parsed = definitions::parse_definition(slurp(argv[1]));
  if (!parsed.machine) {
    std::cerr << "invalid definition " << argv[1] << "\n";
    return 2;
  }
  const Json input = Json::parse(slurp(argv[2]));
  const double budget = std::stod(argv[3]);
  workers::FunctionRegistry registry;
  registry.register_function("work", [](Json in, const workers::TaskContext&) {
    return workers::FunctionResult::success(std::move(in));
  });
  workers::FunctionDispatcher dispatcher(registry);
  engine::RunOptions options;
  options.virtual_time = true;
  options.seed = 1;
  // Like the peer, keep no payload text in the history (event types, ids and names are still
  // recorded); bench/run also reports the figure with full AWS history payloads.
  options.history_payloads = std::getenv("STEPWISE_BENCH_PAYLOADS") != nullptr;
  // choice-loop-10000 and map-10000 record 40,000 events, past AWS's quota of 25,000 per
  // execution (which `stepwise run` enforces): measured without it, as the peer runs them.
  options.max_history_events = 0;
  engine::LocalRunner runner(dispatcher, options);

  std::int64_t runs = 0, transitions = 0;
  const auto start = std::chrono::steady_clock::now();
  double seconds = 0;
  do {
    auto state = runner.run(parsed.machine, engine::local_execution_info("bench", "run"), input);
    if (state.status != engine::ExecutionStatus::Succeeded) {
      std::cerr << "workload failed: " << state.error << " " << state.cause.value_or("") << "\n";
      return 1;
    }
    transitions += state.transitions;
    ++runs;
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (seconds < budget);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  Json line = Json::object();
  line["engine"] = "stepwise";
  line["history_payloads"] = options.history_payloads;
  line["runs"] = runs;
  line["seconds"] = seconds;
  line["transitions_per_run"] = transitions / runs;
  line["transitions_per_second"] = static_cast<double>(transitions) / seconds;
  line["peak_rss_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  std::cout << line.dump() << "\n";
  return 0;
}
