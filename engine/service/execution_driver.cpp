#include "engine/service/execution_driver.h"

#include <pthread.h>

#include <algorithm>

#include "engine/interpreter.h"
#include "engine/log.h"
#include "engine/service/driver_batch.h"
#include "engine/service/journal.h"
#include "engine/service/replay_environment.h"
#include "engine/service/step_records.h"
#include "engine/step_environment.h"

namespace stepwise::engine::service {


ExecutionDriver::ExecutionDriver(store::Store& store, TaskDispatcher& dispatcher, MachineLoader loader,
                                 std::size_t threads, std::chrono::microseconds evict_after)
    : store_(store),
      dispatcher_(dispatcher),
      loader_(std::move(loader)),
      evict_after_micros_(evict_after.count()),
      timers_([this](const std::string& arn, std::uint64_t id) { post(arn, PendingTrigger{Trigger::timer_fired(id), {}}); }) {
  lifeline_->driver = this;
  for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i)
    engine_threads_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "sw-engine");
      engine_loop();
    });
  writer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "sw-writer");
    writer_loop();
  });
}

ExecutionDriver::~ExecutionDriver() {
  {
    std::unique_lock cut(lifeline_->mutex);  // waits for outcomes being delivered right now
    lifeline_->driver = nullptr;
  }
  {
    std::lock_guard a(ready_mutex_);
    std::lock_guard b(commit_mutex_);
    stopping_ = true;
  }
  ready_cv_.notify_all();
  commit_cv_.notify_all();
  for (auto& t : engine_threads_) t.join();
  writer_.join();
}

std::size_t ExecutionDriver::running_count() {
  std::lock_guard lock(live_mutex_);
  return live_.size();
}

void ExecutionDriver::schedule(const std::shared_ptr<LiveExecution>& execution) {
  if (execution->queued) return;
  execution->queued = true;
  {
    std::lock_guard lock(ready_mutex_);
    ready_.push_back(execution);
  }
  ready_cv_.notify_one();
}

std::shared_ptr<LiveExecution> ExecutionDriver::start(std::shared_ptr<LiveExecution> execution, Json input,
                                                      AckCallback ack, std::string input_text) {
  {
    std::lock_guard lock(live_mutex_);
    auto [it, inserted] = live_.try_emplace(execution->state.info.execution_arn, execution);
    if (!inserted) return it->second;
  }
  {
    std::lock_guard lock(execution->mutex);
    execution->mailbox.push_back(
        PendingTrigger{Trigger::start(std::move(input), std::move(input_text)), std::move(ack)});
    execution->queued = true;
  }
  work(execution);  // on the caller's thread: one hand-off less before the commit
  return execution;
}

std::shared_ptr<LiveExecution> ExecutionDriver::find_or_load(const std::string& execution_arn) {
  {
    std::lock_guard lock(live_mutex_);
    auto it = live_.find(execution_arn);
    if (it != live_.end() && !it->second->evicted) return it->second;
  }
  // Not in memory: a running execution parked on a distant timer is rebuilt from the store.
  std::lock_guard loading(load_mutex_);
  {
    std::lock_guard lock(live_mutex_);
    auto it = live_.find(execution_arn);
    if (it != live_.end() && !it->second->evicted) return it->second;
  }
  auto row = store_.execution(execution_arn);
  if (!row || !row.value() || row.value()->status != ExecutionStatus::Running) return nullptr;
  auto live = rebuild(*row.value());
  if (!live) {
    logger()->error("cannot load {}: {}", execution_arn, live.error().message);
    return nullptr;
  }
  resume(live.value(), false);
  return live.value();
}

bool ExecutionDriver::post(const std::string& execution_arn, PendingTrigger trigger, bool here) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto execution = find_or_load(execution_arn);
    if (!execution) return false;
    bool work_here = false;
    {
      std::lock_guard lock(execution->mutex);
      if (execution->evicted) continue;  // left memory meanwhile: load it again
      execution->mailbox.push_back(std::move(trigger));
      if (!execution->committing) {
        work_here = here && !execution->queued;
        if (work_here) execution->queued = true;
        else schedule(execution);
      }
    }
    if (work_here) work(execution);
    return true;
  }
  return false;
}

bool ExecutionDriver::on_end(const std::string& execution_arn, std::function<void()> fn) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto execution = find_or_load(execution_arn);
    if (!execution) return false;
    std::lock_guard lock(execution->mutex);
    if (execution->evicted) continue;
    if (execution->finished) return false;
    execution->end_waiters.push_back(std::move(fn));
    return true;
  }
  return false;
}

std::optional<TokenTarget> ExecutionDriver::task_of_token(const std::string& token) {
  std::lock_guard lock(tasks_mutex_);
  auto it = by_token_.find(token);
  if (it == by_token_.end()) return std::nullopt;
  const DispatchedTask& task = dispatched_.at(it->second);
  return TokenTarget{task.execution_arn, task.task_id};
}

void ExecutionDriver::on_outcome(TaskOutcome outcome) {
  DispatchedTask task;
  {
    std::lock_guard lock(tasks_mutex_);
    auto it = dispatched_.find(outcome.task_id);
    if (it == dispatched_.end()) return;  // cancelled, or answered already
    task = it->second;
  }
  Trigger trigger = outcome.succeeded ? Trigger::task_succeeded(task.task_id, std::move(outcome.output))
                                      : Trigger::task_failed(task.task_id, std::move(outcome.error), std::move(outcome.cause));
  post(task.execution_arn, PendingTrigger{std::move(trigger), {}});
}

std::uint64_t ExecutionDriver::register_task(LiveExecution& execution, const TaskRequest& request) {
  std::lock_guard lock(tasks_mutex_);
  if (auto known = execution.task_global.find(request.id); known != execution.task_global.end()) return known->second;
  const std::uint64_t id = next_dispatch_id_++;
  dispatched_[id] = DispatchedTask{execution.state.info.execution_arn, request.id, request.token};
  by_token_[request.token] = id;
  execution.task_global[request.id] = id;
  return id;
}

std::optional<std::uint64_t> ExecutionDriver::unregister_task(LiveExecution& execution, std::uint64_t task_id) {
  std::lock_guard lock(tasks_mutex_);
  auto it = execution.task_global.find(task_id);
  if (it == execution.task_global.end()) return std::nullopt;
  const std::uint64_t id = it->second;
  execution.task_global.erase(it);
  auto d = dispatched_.find(id);
  if (d != dispatched_.end()) {
    by_token_.erase(d->second.token);
    dispatched_.erase(d);
  }
  return id;
}

void ExecutionDriver::engine_loop() {
  for (;;) {
    std::shared_ptr<LiveExecution> execution;
    {
      std::unique_lock lock(ready_mutex_);
      ready_cv_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
      if (stopping_) return;
      execution = std::move(ready_.front());
      ready_.pop_front();
    }
    work(execution);
  }
}

// Works on one execution until nothing is left to do: hands committed tasks to workers, withdraws
// cancelled ones, then steps the mailbox, which by then holds the results of in-process handlers
// (they answer inside dispatch), and hands the step to the writer. While it works the execution
// stays queued, so new triggers only join its mailbox; it is released only when, under its lock,
// no work is left.
void ExecutionDriver::work(const std::shared_ptr<LiveExecution>& execution) {
  for (;;) {
    std::vector<TaskRequest> dispatch;
    std::vector<std::uint64_t> cancel;
    {
      std::lock_guard lock(execution->mutex);
      for (auto id : execution->to_cancel)
        if (auto global = unregister_task(*execution, id)) cancel.push_back(*global);
      execution->to_cancel.clear();
      dispatch.swap(execution->to_dispatch);
      for (auto& request : dispatch) request.id = register_task(*execution, request);
    }
    for (auto id : cancel) dispatcher_.cancel(id);
    for (auto& request : dispatch)
      dispatcher_.dispatch(std::move(request), [lifeline = lifeline_](TaskOutcome outcome) {
        std::shared_lock alive(lifeline->mutex);
        if (lifeline->driver) lifeline->driver->on_outcome(std::move(outcome));
      });

    std::vector<std::pair<AckCallback, bool>> acks_now;
    std::optional<Batch> batch;
    StepAck ack_state;
    bool more;
    {
      std::lock_guard lock(execution->mutex);
      if (!execution->committing && !execution->mailbox.empty()) batch = step_mailbox(execution, acks_now);
      ack_state = StepAck{false, execution->state.status, execution->stop_micros};
      more = !execution->to_dispatch.empty() || !execution->to_cancel.empty() ||
             (!execution->committing && !execution->mailbox.empty());
      if (!more) execution->queued = false;
    }
    for (auto& [ack, applied] : acks_now) {
      ack_state.applied = applied;
      if (ack) ack(ack_state);
    }
    if (batch) {
      {
        std::lock_guard lock(commit_mutex_);
        commits_.push_back(std::move(*batch));
      }
      commit_cv_.notify_one();
    }
    if (!more) return;
  }
}

// Applies every trigger in the mailbox (execution's mutex held). Returns the commit, or nothing
// when no trigger changed the execution (their acks are then answered at once, via acks_now).
std::optional<ExecutionDriver::Batch> ExecutionDriver::step_mailbox(const std::shared_ptr<LiveExecution>& execution,
                                                                    std::vector<std::pair<AckCallback, bool>>& acks_now) {
  LiveExecution& live = *execution;
  ExecutionState& state = live.state;
  Batch batch;
  batch.execution = execution;
  batch.fresh = live.committed_next_event_id == 0;
  store::StepCommit& commit = batch.commit;
  const std::string& arn = state.info.execution_arn;
  bool changed = false;
  while (!live.mailbox.empty()) {
    PendingTrigger pending = std::move(live.mailbox.front());
    live.mailbox.pop_front();
    // The journal's clock never runs backwards within an execution.
    const std::int64_t now = std::max(system_now_micros(), state.start_micros);
    const Trigger::Kind kind = pending.trigger.kind;
    const std::uint64_t trigger_id = pending.trigger.id;
    std::string entry = encode_journal_entry(pending.trigger, now);
    ReplayEnvironment env(now, live.seed, live.steps + 1);
    Transition t = Interpreter::step(state, std::move(pending.trigger), env);
    if (t.ignored) {
      batch.acks.emplace_back(std::move(pending.ack), false);
      continue;
    }
    changed = true;
    ++live.steps;
    commit.journal.push_back(store::JournalRecord{live.steps, std::move(entry)});
    if (kind == Trigger::Kind::TimerFired) commit.timers_cancelled.push_back(trigger_id);
    if (kind == Trigger::Kind::TaskSucceeded || kind == Trigger::Kind::TaskFailed) commit.tasks_done.push_back(trigger_id);
    for (auto id : t.cancelled_timers) commit.timers_cancelled.push_back(id);
    for (const auto& timer : t.timers) commit.timers_set.push_back(store::TimerRecord{arn, timer.id, timer.due_micros});
    for (auto id : t.cancelled_tasks) {
      commit.tasks_done.push_back(id);
      auto pending_task = std::find_if(batch.tasks.begin(), batch.tasks.end(), [&](const TaskRequest& r) { return r.id == id; });
      if (pending_task != batch.tasks.end()) batch.tasks.erase(pending_task);
    }
    for (auto& task : t.tasks) {
      commit.tasks_added.push_back(store::TaskRecord{arn, task.id, task.token, "", task.input.dump()});
      batch.tasks.push_back(std::move(task));
    }
    if (state.done() && !live.stop_micros) live.stop_micros = now;
    batch.acks.emplace_back(std::move(pending.ack), true);
  }
  if (!changed) {
    acks_now = std::move(batch.acks);
    return std::nullopt;
  }
  commit.events = event_records(state);
  state.history_base = state.last_event_id();
  state.history.clear();
  commit.execution = execution_record(live);
  commit.expected_next_event_id = live.committed_next_event_id;
  live.committing = true;
  return batch;
}

}  // namespace stepwise::engine::service
