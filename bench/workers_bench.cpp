// Remote worker benchmarks against a running `stepwise serve` (figures, not tests):
// bench/workers starts the server and prints them.
//
//   workers_bench dispatch PORT DB EXECUTIONS CONCURRENCY WORKERS
//       EXECUTIONS executions of a chain of 10 Task states (local:bench-ping) started over REST,
//       at most CONCURRENCY running at a time, served by WORKERS threads that long-poll
//       POST /v1/workers/poll and answer POST /v1/tasks/TOKEN/success. Prints tasks per second
//       and the dispatch latency: from the TaskScheduled event's commit timestamp (read from DB
//       afterwards) to the moment a worker's poll returned the task (p50, p99).
//   workers_bench idle PORT COUNT
//       Opens COUNT long polls on a function nobody serves and keeps them open (re-polling as
//       each one's 60 s ends) until killed; prints one line once all are open.
#include <httplib.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "definitions/json.h"

using stepwise::Json;

namespace {

std::int64_t now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

const char* kChain = R"J({"StartAt":"T0","States":{
  "T0":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":0},"ResultPath":null,"Next":"T1"},
  "T1":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":1},"ResultPath":null,"Next":"T2"},
  "T2":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":2},"ResultPath":null,"Next":"T3"},
  "T3":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":3},"ResultPath":null,"Next":"T4"},
  "T4":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":4},"ResultPath":null,"Next":"T5"},
  "T5":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":5},"ResultPath":null,"Next":"T6"},
  "T6":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":6},"ResultPath":null,"Next":"T7"},
  "T7":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":7},"ResultPath":null,"Next":"T8"},
  "T8":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":8},"ResultPath":null,"Next":"T9"},
  "T9":{"Type":"Task","Resource":"local:bench-ping","Parameters":{"e.$":"$$.Execution.Name","i":9},"ResultPath":null,"End":true}}})J";
constexpr int kTasksPerExecution = 10;

// (execution name, step) -> micros: when a worker received it, or when it was scheduled.
using Moments = std::map<std::pair<std::string, int>, std::int64_t>;

Moments scheduled_moments(const std::string& db_path) {
  Moments out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return out;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT x.name, e.timestamp_micros, e.details FROM events e JOIN executions x "
                     "ON x.sequence = e.execution WHERE e.type = 'TaskScheduled'",
                     -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) {
    Json details = Json::parse(reinterpret_cast<const char*>(sqlite3_column_text(s, 2)), nullptr, false);
    if (details.is_discarded() || !details.contains("parameters")) continue;
    Json p = Json::parse(details["parameters"].get<std::string>(), nullptr, false);
    out[{reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), p["i"].get<int>()}] = sqlite3_column_int64(s, 1);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

int dispatch(int port, const std::string& db, int executions, int concurrency, int workers) {
  const std::string host = "127.0.0.1";
  {
    httplib::Client c(host, port);
    c.Put("/v1/state-machines/bench-remote", Json{{"definition", Json::parse(kChain)}}.dump(), "application/json");
  }
  std::mutex mutex;
  std::condition_variable answered;
  Moments received;
  std::map<std::string, int> answered_per_execution;
  std::atomic<int> tasks_done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      httplib::Client c(host, port);
      c.set_keep_alive(true);  // as a worker library would
      c.set_tcp_nodelay(true);
      c.set_read_timeout(std::chrono::seconds(30));
      const std::string poll = Json{{"functions", {"bench-ping"}}, {"worker", "w" + std::to_string(w)}, {"waitSeconds", 1}}.dump();
      while (!stop) {
        auto r = c.Post("/v1/workers/poll", poll, "application/json");
        const std::int64_t at = now_micros();
        if (!r || r->status != 200) continue;
        Json task = Json::parse(r->body);
        {
          std::lock_guard lock(mutex);
          received[{task["input"]["e"].get<std::string>(), task["input"]["i"].get<int>()}] = at;
        }
        c.Post("/v1/tasks/" + task["taskToken"].get<std::string>() + "/success", R"({"output":{}})", "application/json");
        ++tasks_done;
        std::lock_guard lock(mutex);
        ++answered_per_execution[task["input"]["e"].get<std::string>()];
        answered.notify_all();
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // every worker is polling

  const auto started = std::chrono::steady_clock::now();
  std::atomic<int> next{0};
  std::vector<std::thread> starters;
  for (int s = 0; s < concurrency; ++s)
    starters.emplace_back([&] {
      httplib::Client c(host, port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      for (int i = next++; i < executions; i = next++) {
        const std::string name = "x" + std::to_string(getpid()) + "-" + std::to_string(i);
        c.Post("/v1/state-machines/bench-remote/executions", Json{{"name", name}}.dump(), "application/json");
        // One execution at a time per starter: the next once this one's last task is answered.
        std::unique_lock lock(mutex);
        answered.wait(lock, [&] { return answered_per_execution[name] == kTasksPerExecution; });
      }
    });
  for (auto& t : starters) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  stop = true;
  for (auto& t : pool) t.join();

  Moments scheduled = scheduled_moments(db);
  std::vector<double> latency_ms;
  for (const auto& [key, at] : received) {
    auto s = scheduled.find(key);
    if (s != scheduled.end()) latency_ms.push_back(static_cast<double>(at - s->second) / 1000.0);
  }
  Json out{{"bench", "remote-workers"},
           {"executions", executions},
           {"concurrency", concurrency},
           {"workers", workers},
           {"tasks", tasks_done.load()},
           {"seconds", seconds},
           {"tasks_per_second", tasks_done.load() / seconds},
           {"dispatch_latency_ms", {{"samples", latency_ms.size()},
                                    {"p50", percentile(latency_ms, 0.50)},
                                    {"p99", percentile(latency_ms, 0.99)}}}};
  std::cout << out.dump() << std::endl;
  return tasks_done == executions * kTasksPerExecution ? 0 : 1;
}

int idle(int port, int count) {
  std::atomic<int> open{0};
  std::vector<std::thread> polls;
  for (int i = 0; i < count; ++i)
    polls.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(std::chrono::seconds(90));
      const std::string body =
          Json{{"functions", {"nobody-serves-this"}}, {"worker", "idle" + std::to_string(i)}, {"waitSeconds", 60}}.dump();
      ++open;
      for (;;) c.Post("/v1/workers/poll", body, "application/json");
    });
  while (open < count) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::cout << "{\"idle_polls_open\":" << count << "}" << std::endl;
  for (auto& t : polls) t.join();  // until killed
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 6 && a[0] == "dispatch")
    return dispatch(std::stoi(a[1]), a[2], std::stoi(a[3]), std::stoi(a[4]), std::stoi(a[5]));
  if (a.size() == 3 && a[0] == "idle") return idle(std::stoi(a[1]), std::stoi(a[2]));
  std::cerr << "usage: workers_bench dispatch PORT DB EXECUTIONS CONCURRENCY WORKERS | idle PORT COUNT\n";
  return 2;
}
