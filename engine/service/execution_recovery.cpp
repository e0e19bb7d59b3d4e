// Rebuilding executions from the store: at start-up (every running execution) and after a
// failed commit (the one whose step did not land).
#include <map>

#include "engine/interpreter.h"
#include "engine/log.h"
#include "engine/service/execution_driver.h"
#include "engine/service/journal.h"
#include "engine/service/replay_environment.h"

namespace stepwise::engine::service {

Result<std::shared_ptr<LiveExecution>> ExecutionDriver::rebuild(const store::ExecutionRecord& row) {
  auto loaded = loader_(row.state_machine_arn, row.state_machine_version);
  if (!loaded) return loaded.error();
  ExecutionInfo info;
  info.name = row.name;
  info.execution_arn = row.arn;
  info.state_machine_name = loaded->name;
  info.state_machine_arn = row.state_machine_arn;
  info.role_arn = loaded->role_arn;
  auto live = new_live_execution(*loaded, std::move(info), row.seed, row.input, row.state_machine_version,
                                 row.started_by);
  auto journal = store_.journal(row.arn);
  if (!journal) return journal.error();

  // What the replayed steps leave pending: timers (id -> due) and tasks (id -> request).
  std::map<std::uint64_t, std::int64_t> timers;
  std::map<std::uint64_t, TaskRequest> tasks;
  ExecutionState& state = live->state;
  for (const store::JournalRecord& record : journal.value()) {
    auto entry = decode_journal_entry(record.trigger);
    if (!entry) return entry.error();
    Trigger& trigger = entry->trigger;
    if (trigger.kind == Trigger::Kind::Start) {
      trigger.output = Json::parse(row.input, nullptr, false);
      if (trigger.output.is_discarded()) return make_error("Storage", "the input of '" + row.arn + "' is not JSON");
      trigger.input_text = row.input;  // as it was started: the same step again
    }
    const Trigger::Kind kind = trigger.kind;
    const std::uint64_t id = trigger.id;
    ReplayEnvironment env(entry->now_micros, row.seed, record.step);
    Transition t = Interpreter::step(state, std::move(trigger), env);
    if (kind == Trigger::Kind::TimerFired) timers.erase(id);
    if (kind == Trigger::Kind::TaskSucceeded || kind == Trigger::Kind::TaskFailed) tasks.erase(id);
    for (auto cancelled : t.cancelled_timers) timers.erase(cancelled);
    for (const auto& timer : t.timers) timers[timer.id] = timer.due_micros;
    for (auto cancelled : t.cancelled_tasks) tasks.erase(cancelled);
    for (auto& task : t.tasks) tasks[task.id] = std::move(task);
    if (state.done() && !live->stop_micros) live->stop_micros = entry->now_micros;
    live->steps = record.step;
    state.history_base = state.last_event_id();
    state.history.clear();
  }
  if (state.last_event_id() + 1 != row.next_event_id)
    return make_error("Storage", "replaying the journal of '" + row.arn + "' gives " +
                                     std::to_string(state.last_event_id()) + " events, the history has " +
                                     std::to_string(row.next_event_id - 1));
  live->committed_next_event_id = row.next_event_id;
  // Armed by resume(), once the execution can be found: an overdue timer fires at once.
  live->timer_due = std::move(timers);
  // Their tokens are answerable at once, before the tasks are dispatched again.
  for (auto& [task_id, request] : tasks) {
    register_task(*live, request);
    live->to_dispatch.push_back(std::move(request));
  }
  return live;
}

Result<std::size_t> ExecutionDriver::recover() {
  std::lock_guard loading(load_mutex_);
  auto rows = store_.running_executions();
  if (!rows) return rows.error();
  std::size_t resumed = 0;
  for (const store::ExecutionRecord& row : rows.value()) {
    auto live = rebuild(row);
    if (!live) {
      logger()->error("cannot resume {}: {}", row.arn, live.error().message);
      continue;
    }
    resume(live.value(), true);
    ++resumed;
  }
  return resumed;
}

void ExecutionDriver::reload(const std::string& execution_arn) {
  std::lock_guard loading(load_mutex_);
  auto row = store_.execution(execution_arn);
  if (!row || !row.value() || row.value()->status != ExecutionStatus::Running) return;
  auto live = rebuild(*row.value());
  if (!live) {
    logger()->error("cannot reload {}: {}", execution_arn, live.error().message);
    return;
  }
  resume(live.value(), false);
}

void ExecutionDriver::resume(const std::shared_ptr<LiveExecution>& execution, bool may_evict) {
  const std::string& arn = execution->state.info.execution_arn;
  bool keep;
  {
    std::lock_guard lock(execution->mutex);
    keep = !may_evict || !parked_far(*execution);
    execution->evicted = !keep;
  }
  // Findable first: an overdue timer fires as soon as it is armed.
  if (keep) {
    std::lock_guard lock(live_mutex_);
    live_[arn] = execution;
  }
  std::lock_guard lock(execution->mutex);
  for (const auto& [timer_id, due] : execution->timer_due) timers_.set(arn, timer_id, due);
  if (keep && !execution->to_dispatch.empty()) schedule(execution);
}

}  // namespace stepwise::engine::service
