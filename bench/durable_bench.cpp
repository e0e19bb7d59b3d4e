// Durable benchmarks on a real SQLite file (figures, not tests): bench/durable prints them.
//
//   durable_bench tasks SYNC CONCURRENCY TASKS_PER_EXECUTION EXECUTIONS
//       Executions of a chain of Task states served by an in-process handler, CONCURRENCY at a
//       time; prints durable task transitions per second.
//   durable_bench workload SYNC FILE INPUT_FILE RUNS
//       One of the interpreter bench's workloads run durably RUNS times, one after another;
//       prints state transitions per second.
//   durable_bench parked SYNC COUNT
//       COUNT executions parked in a one-day Wait; prints the server memory each costs.
//   durable_bench fsync
//       The latency of one small write + fdatasync in the database's directory, for scale.
// SYNC is full or normal (SqliteStore's SyncMode). Output: one JSON object.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "engine/allocator_tuning.h"
#include "engine/service/execution_service.h"
#include "engine/store/sqlite_store.h"
#include "workers/function_dispatcher.h"

using namespace stepwise;
using Clock = std::chrono::steady_clock;

namespace {

std::string temp_db() {
  auto path = std::filesystem::temp_directory_path() / ("stepwise-bench-" + std::to_string(getpid()) + ".db");
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + s);
  return path.string();
}

void remove_db(const std::string& path) {
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}

double rss_mib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

double fsync_micros(const std::string& dir) {
  const std::string file = dir + "/stepwise-fsync-probe";
  int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char block[4096] = {};
  const int n = 200;
  auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    if (pwrite(fd, block, sizeof block, 0) < 0 || fdatasync(fd) != 0) break;
  }
  const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() / n;
  close(fd);
  std::filesystem::remove(file);
  return us;
}

engine::store::SyncMode sync_of(const std::string& s) {
  return s == "normal" ? engine::store::SyncMode::Normal : engine::store::SyncMode::Full;
}

struct Bench {
  std::string db = temp_db();
  workers::FunctionRegistry registry;
  workers::TaskQueues queues;
  std::unique_ptr<workers::FunctionDispatcher> dispatcher;
  std::unique_ptr<engine::service::ExecutionService> service;

  explicit Bench(const std::string& sync) {
    registry.register_function("work", [](Json in, const workers::TaskContext&) {
      return workers::FunctionResult::success(std::move(in));
    });
    dispatcher = std::make_unique<workers::FunctionDispatcher>(registry, &queues);
    auto store = engine::store::SqliteStore::open(db, sync_of(sync));
    if (!store) throw std::runtime_error(store.error().message);
    engine::service::ServiceOptions options;
    // The interpreter bench's loops record 40,000 events, past AWS's quota of 25,000 per
    // execution that the server enforces: measured without it.
    options.max_history_events = 0;
    auto opened = engine::service::ExecutionService::open(std::move(store.value()), *dispatcher, options);
    if (!opened) throw std::runtime_error(opened.error().message);
    service = std::move(opened.value());
  }
  ~Bench() {
    service.reset();
    remove_db(db);
  }
  std::string machine(const std::string& name, const std::string& definition) {
    auto m = service->create_state_machine(name, definition, "", "STANDARD");
    if (!m) throw std::runtime_error(m.error().message);
    return m->arn;
  }
};

std::string task_chain(int n) {
  Json states = Json::object();
  for (int i = 0; i < n; ++i) {
    Json s = {{"Type", "Task"}, {"Resource", "local:work"}};
    if (i + 1 < n) s["Next"] = "T" + std::to_string(i + 1);
    else s["End"] = true;
    states["T" + std::to_string(i)] = s;
  }
  return Json{{"StartAt", "T0"}, {"States", states}}.dump();
}

// Runs executions, at most `concurrency` at a time; returns the seconds it took.
double run_all(Bench& b, const std::string& arn, const std::string& input, int executions, int concurrency) {
  std::mutex mutex;
  int failed = 0;
  const auto start = Clock::now();
  std::atomic<int> next{0};
  std::vector<std::thread> starters;
  for (int t = 0; t < concurrency; ++t)
    starters.emplace_back([&] {
      for (int i = next++; i < executions; i = next++) {
        auto started = b.service->start_execution(arn, "", input);
        if (!started) {
          std::lock_guard lock(mutex);
          ++failed;
          continue;
        }
        b.service->wait_for_end(started->arn, std::chrono::minutes(5));
      }
    });
  for (auto& t : starters) t.join();
  if (failed) std::cerr << failed << " executions failed to start\n";
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int tasks_mode(const std::string& sync, int concurrency, int per_execution, int executions) {
  Bench b(sync);
  const std::string arn = b.machine("chain", task_chain(per_execution));
  run_all(b, arn, "{\"n\":1}", concurrency, concurrency);  // warm-up
  const double seconds = run_all(b, arn, "{\"n\":1}", executions, concurrency);
  const double transitions = static_cast<double>(executions) * per_execution;
  std::cout << Json{{"mode", "tasks"}, {"sync", sync}, {"concurrency", concurrency},
                    {"tasks_per_execution", per_execution}, {"executions", executions},
                    {"seconds", seconds}, {"task_transitions_per_second", transitions / seconds},
                    {"fsync_us", fsync_micros(std::filesystem::temp_directory_path().string())}}
                   .dump()
            << "\n";
  return 0;
}

int workload_mode(const std::string& sync, const std::string& file, const std::string& input_file, int runs) {
  auto slurp = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  Bench b(sync);
  const std::string arn = b.machine("workload", slurp(file));
  const std::string input = slurp(input_file);
  std::int64_t transitions = 0;
  const auto start = Clock::now();
  for (int i = 0; i < runs; ++i) {
    auto done = b.service->run_execution(arn, "", input, std::chrono::minutes(5));
    if (!done || done->status != engine::ExecutionStatus::Succeeded) {
      std::cerr << "workload run failed: " << (done ? (done->cause ? *done->cause : "") : done.error().message) << "\n";
      return 1;
    }
    // states entered: every *StateEntered event of the run.
    std::int64_t entered = 0;
    for (std::int64_t from = 0;;) {
      auto page = b.service->history(done->arn, from, 1000, false);
      if (!page || page->empty()) break;
      for (const auto& e : *page)
        if (e.type.size() > 12 && e.type.compare(e.type.size() - 12, 12, "StateEntered") == 0) ++entered;
      from = page->back().id;
    }
    transitions += entered;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << Json{{"mode", "workload"}, {"sync", sync}, {"file", std::filesystem::path(file).stem().string()},
                    {"runs", runs}, {"seconds", seconds}, {"transitions_per_second", transitions / seconds}}
                   .dump()
            << "\n";
  return 0;
}

int parked_mode(const std::string& sync, int count) {
  Bench b(sync);
  const std::string arn = b.machine("parked", R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}})");
  // Warm-up, so the baseline includes the allocator's and SQLite's fixed costs.
  for (int i = 0; i < 1000; ++i) (void)b.service->start_execution(arn, "", "{\"order\":1}");
  const double before = rss_mib();
  std::atomic<int> next{0}, failed{0};
  std::vector<std::thread> starters;
  const auto start = Clock::now();
  for (int t = 0; t < 64; ++t)
    starters.emplace_back([&] {
      for (int i = next++; i < count; i = next++)
        if (!b.service->start_execution(arn, "", "{\"order\":1}")) ++failed;
    });
  for (auto& t : starters) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double after = rss_mib();
  std::cout << Json{{"mode", "parked"}, {"sync", sync}, {"executions", count}, {"failed", failed.load()},
                    {"start_seconds", seconds}, {"rss_before_mib", before}, {"rss_after_mib", after},
                    {"bytes_per_parked_execution", (after - before) * 1024 * 1024 / count}}
                   .dump()
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  engine::tune_allocator();
  std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() == 5 && a[0] == "tasks") return tasks_mode(a[1], std::stoi(a[2]), std::stoi(a[3]), std::stoi(a[4]));
    if (a.size() == 5 && a[0] == "workload") return workload_mode(a[1], a[2], a[3], std::stoi(a[4]));
    if (a.size() == 3 && a[0] == "parked") return parked_mode(a[1], std::stoi(a[2]));
    if (a.size() == 1 && a[0] == "fsync") {
      std::cout << Json{{"fsync_us", fsync_micros(std::filesystem::temp_directory_path().string())}}.dump() << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "durable_bench: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: durable_bench tasks SYNC CONCURRENCY TASKS_PER_EXECUTION EXECUTIONS | workload SYNC FILE "
               "INPUT_FILE RUNS | parked SYNC COUNT | fsync\n";
  return 2;
}
