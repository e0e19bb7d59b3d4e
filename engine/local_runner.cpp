#include "engine/local_runner.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <queue>
#include <set>
#include <thread>

#include "engine/id_map.h"
#include "engine/interpreter.h"

namespace stepwise::engine {

namespace {

// Outcomes arriving from worker threads, or from an in-process handler on the runner's own
// thread (kept apart, without locking).
class Inbox {
 public:
  void push(TaskOutcome outcome) {
    if (std::this_thread::get_id() == owner_) {
      local_.push_back(std::move(outcome));
      return;
    }
    {
      std::lock_guard lock(mutex_);
      items_.push_back(std::move(outcome));
    }
    cv_.notify_one();
  }
  // Waits until an outcome arrives or the deadline (system clock micros) passes; -1 waits forever.
  std::optional<TaskOutcome> pop(std::int64_t deadline_micros) {
    if (!local_.empty()) {
      TaskOutcome out = std::move(local_.front());
      local_.pop_front();
      return out;
    }
    std::unique_lock lock(mutex_);
    auto ready = [&] { return !items_.empty(); };
    if (deadline_micros < 0) {
      cv_.wait(lock, ready);
    } else {
      auto deadline = std::chrono::system_clock::time_point(std::chrono::microseconds(deadline_micros));
      if (!cv_.wait_until(lock, deadline, ready)) return std::nullopt;
    }
    TaskOutcome out = std::move(items_.front());
    items_.pop_front();
    return out;
  }
  bool empty() {
    if (!local_.empty()) return false;
    std::lock_guard lock(mutex_);
    return items_.empty();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<TaskOutcome> items_;
  const std::thread::id owner_ = std::this_thread::get_id();
  std::deque<TaskOutcome> local_;
};

using Timers = std::set<std::pair<std::int64_t, std::uint64_t>>;  // (due, id)

// In real time, whether the earliest timer is due: then it goes before anything else.
bool earliest_timer_due(const Timers& timers, DefaultStepEnvironment& env) {
  return !env.virtual_time() && !timers.empty() && timers.begin()->first <= env.now_micros();
}

// The runner's environment runs a task inside the step when its dispatcher can answer at once
// (an in-process handler): no trip through the inbox and no step of its own per task. Not when
// a timer is due (in real time the step would starve it), nor, in real time, for a task with a
// timeout or heartbeat, which the runner's timers must be able to interrupt.
class RunnerEnvironment final : public DefaultStepEnvironment {
 public:
  RunnerEnvironment(bool virtual_time, std::uint64_t seed, TaskDispatcher& dispatcher, const Timers& timers)
      : DefaultStepEnvironment(virtual_time, seed), dispatcher_(dispatcher), timers_(timers) {}

  bool run_task_now(TaskRequest& request, TaskOutcome& outcome) override {
    if (!virtual_time() && (request.timeout_seconds || request.heartbeat_seconds)) return false;
    if (earliest_timer_due(timers_, *this)) return false;
    return dispatcher_.run_now(request, make_token_, outcome);
  }

 private:
  TaskDispatcher& dispatcher_;
  const Timers& timers_;
  const std::function<std::string()> make_token_ = [this] { return new_task_token(); };
};

}  // namespace

ExecutionInfo local_execution_info(const std::string& machine_name, const std::string& execution_name) {
  ExecutionInfo info;
  info.name = execution_name;
  info.state_machine_name = machine_name;
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + machine_name;
  info.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:" + machine_name + ":" + execution_name;
  info.role_arn = "arn:aws:iam::123456789012:role/stepwise-local";
  return info;
}

LocalRunner::LocalRunner(TaskDispatcher& dispatcher, RunOptions options)
    : dispatcher_(dispatcher), options_(std::move(options)) {}

ExecutionState LocalRunner::run(std::shared_ptr<const definitions::StateMachine> machine, ExecutionInfo info,
                                Json input, std::string input_text) {
  Timers timers;
  RunnerEnvironment env(options_.virtual_time, options_.seed ? *options_.seed : random_seed(), dispatcher_, timers);
  ExecutionState state = Interpreter::create(std::move(machine), std::move(info));
  state.record_payloads = options_.history_payloads;
  state.max_history_events = options_.max_history_events;
  auto inbox = std::make_shared<Inbox>();
  // Made once: a dispatcher that answers later copies it (and with it, the inbox's ownership).
  const TaskDispatcher::Done deliver = [inbox](TaskOutcome outcome) { inbox->push(std::move(outcome)); };
  IdMap<std::int64_t> timer_due;
  IdMap<bool> in_flight;  // dispatched, result not yet applied
  IdMap<bool> parked;     // of those, the ones nothing is running

  Transition t;  // one for every step: its lists keep their memory
  auto apply = [&]() {
    if (options_.on_event)
      for (std::size_t i = t.first_new_event; i < state.history.size(); ++i) options_.on_event(state.history[i]);
    for (auto id : t.cancelled_timers) {
      const std::int64_t* due = timer_due.find(id);
      if (!due) continue;
      timers.erase({*due, id});
      timer_due.erase(id);
    }
    for (const auto& timer : t.timers) {
      timers.insert({timer.due_micros, timer.id});
      timer_due[timer.id] = timer.due_micros;
    }
    for (auto id : t.cancelled_tasks) {
      parked.erase(id);
      if (in_flight.erase(id)) dispatcher_.cancel(id);
    }
    for (auto& task : t.tasks) {
      const std::uint64_t id = task.id;
      in_flight[id] = true;
      if (!dispatcher_.dispatch(std::move(task), deliver)) parked[id] = true;
    }
  };

  Interpreter::step(state, Trigger::start(std::move(input), std::move(input_text)), env, t);
  apply();
  while (!state.done()) {
    std::optional<TaskOutcome> outcome;
    // In real time a timer that is due goes first: results that keep coming (a loop of tasks
    // answered at once) must not hold off the execution's or a state's timeout.
    if (earliest_timer_due(timers, env)) {
      // fired below
    } else if (!inbox->empty()) {
      outcome = inbox->pop(-1);
    } else if (timers.empty()) {
      if (in_flight.empty()) break;  // nothing can ever happen again
      outcome = inbox->pop(-1);
    } else if (env.virtual_time()) {
      if (in_flight.size() > parked.size()) {
        outcome = inbox->pop(-1);  // real work first; the virtual clock waits for it
      }
    } else {
      outcome = inbox->pop(timers.begin()->first);
    }
    if (outcome) {
      parked.erase(outcome->task_id);
      if (!in_flight.erase(outcome->task_id)) continue;  // cancelled meanwhile
      Trigger trigger = outcome->succeeded
                            ? Trigger::task_succeeded(outcome->task_id, std::move(outcome->output))
                            : Trigger::task_failed(outcome->task_id, std::move(outcome->error), std::move(outcome->cause));
      Interpreter::step(state, std::move(trigger), env, t);
      apply();
      continue;
    }
    auto [due, id] = *timers.begin();
    timers.erase(timers.begin());
    timer_due.erase(id);
    env.advance_to(due);
    Interpreter::step(state, Trigger::timer_fired(id), env, t);
    apply();
  }
  in_flight.for_each([&](std::uint64_t id, bool) { dispatcher_.cancel(id); });
  return state;
}

}  // namespace stepwise::engine
