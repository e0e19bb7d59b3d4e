#include "engine/store/memory_store.h"

#include "engine/store/paging.h"

namespace stepwise::engine::store {

Result<StateMachineRecord> MemoryStore::put_state_machine(StateMachineRecord record) {
  std::lock_guard lock(mutex_);
  Machine& m = machines_[record.arn];
  if (m.versions.empty()) {
    record.version = 1;
  } else {
    const StateMachineRecord& last = m.versions.rbegin()->second;
    record.version = last.version + 1;
    if (!m.deleted) record.created_micros = last.created_micros;
  }
  m.deleted = false;
  m.versions[record.version] = record;
  return record;
}

Result<std::optional<StateMachineRecord>> MemoryStore::state_machine(const std::string& arn, std::int64_t version) {
  std::lock_guard lock(mutex_);
  auto it = machines_.find(arn);
  if (it == machines_.end() || (version == 0 && it->second.deleted)) return std::optional<StateMachineRecord>();
  const auto& versions = it->second.versions;
  if (version == 0) return std::optional<StateMachineRecord>(versions.rbegin()->second);
  auto v = versions.find(version);
  return v == versions.end() ? std::optional<StateMachineRecord>() : std::optional<StateMachineRecord>(v->second);
}

Result<Page<StateMachineRecord>> MemoryStore::list_state_machines(std::size_t max, const std::string& token) {
  std::lock_guard lock(mutex_);
  Page<StateMachineRecord> page;
  for (auto it = machines_.upper_bound(token); it != machines_.end(); ++it) {
    if (it->second.deleted) continue;
    if (page.items.size() == page_size(max)) {
      page.next = page.items.back().arn;
      break;
    }
    page.items.push_back(it->second.versions.rbegin()->second);
  }
  return page;
}

Result<bool> MemoryStore::delete_state_machine(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto it = machines_.find(arn);
  if (it == machines_.end() || it->second.deleted) return false;
  it->second.deleted = true;
  return true;
}

Result<std::vector<CommitOutcome>> MemoryStore::commit(const std::vector<StepCommit>& steps) {
  std::lock_guard lock(mutex_);
  std::vector<CommitOutcome> outcomes;
  outcomes.reserve(steps.size());
  for (const StepCommit& step : steps) {
    auto it = executions_.find(step.execution.arn);
    const bool fresh = step.expected_next_event_id == 0;
    if (fresh ? it != executions_.end()
              : it == executions_.end() || it->second.row.next_event_id != step.expected_next_event_id) {
      outcomes.push_back(CommitOutcome::Conflict);
      continue;
    }
    if (fresh) {
      it = executions_.emplace(step.execution.arn, Execution{}).first;
      it->second.row.sequence = next_sequence_++;
      by_sequence_[it->second.row.sequence] = step.execution.arn;
    }
    Execution& e = it->second;
    const std::int64_t sequence = e.row.sequence;
    e.row = step.execution;
    e.row.sequence = sequence;
    e.events.insert(e.events.end(), step.events.begin(), step.events.end());
    for (auto id : step.timers_cancelled) e.timers.erase(id);
    for (const auto& t : step.timers_set) e.timers[t.timer_id] = t;
    for (auto id : step.tasks_done) {
      auto task = e.tasks.find(id);
      if (task == e.tasks.end()) continue;
      tokens_.erase(task->second.token);
      e.tasks.erase(task);
    }
    for (const auto& t : step.tasks_added) {
      e.tasks[t.task_id] = t;
      tokens_[t.token] = {t.execution_arn, t.task_id};
    }
    if (e.row.status == ExecutionStatus::Running)
      e.journal.insert(e.journal.end(), step.journal.begin(), step.journal.end());
    else
      e.journal.clear();
    outcomes.push_back(CommitOutcome::Committed);
  }
  return outcomes;
}

Result<std::optional<ExecutionRecord>> MemoryStore::execution(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto it = executions_.find(arn);
  if (it == executions_.end()) return std::optional<ExecutionRecord>();
  return std::optional<ExecutionRecord>(it->second.row);
}

Result<Page<ExecutionRecord>> MemoryStore::list_executions(const ExecutionFilter& filter, std::size_t max,
                                                           const std::string& token) {
  auto before = parse_sequence_token(token);
  if (!before) return before.error();
  std::lock_guard lock(mutex_);
  Page<ExecutionRecord> page;
  auto end = before.value() ? by_sequence_.lower_bound(before.value()) : by_sequence_.end();
  for (auto it = std::make_reverse_iterator(end); it != by_sequence_.rend(); ++it) {
    const ExecutionRecord& row = executions_.at(it->second).row;
    if (!filter.state_machine_arn.empty() && row.state_machine_arn != filter.state_machine_arn) continue;
    if (filter.status && row.status != *filter.status) continue;
    if (page.items.size() == page_size(max)) {
      page.next = std::to_string(page.items.back().sequence);
      break;
    }
    page.items.push_back(row);
  }
  return page;
}

Result<std::vector<EventRecord>> MemoryStore::history(const std::string& arn, std::int64_t from, std::size_t max,
                                                      bool reverse) {
  std::lock_guard lock(mutex_);
  std::vector<EventRecord> out;
  auto it = executions_.find(arn);
  if (it == executions_.end()) return out;
  const auto& events = it->second.events;  // event id n is events[n - 1]
  const std::size_t limit = page_size(max);
  if (!reverse) {
    for (auto i = static_cast<std::size_t>(std::max<std::int64_t>(from, 0)); i < events.size() && out.size() < limit; ++i)
      out.push_back(events[i]);
  } else {
    std::size_t i = from <= 0 ? events.size() : std::min(events.size(), static_cast<std::size_t>(from - 1));
    while (i > 0 && out.size() < limit) out.push_back(events[--i]);
  }
  return out;
}

Result<std::vector<ExecutionRecord>> MemoryStore::running_executions() {
  std::lock_guard lock(mutex_);
  std::vector<ExecutionRecord> out;
  for (const auto& [sequence, arn] : by_sequence_) {
    const ExecutionRecord& row = executions_.at(arn).row;
    if (row.status == ExecutionStatus::Running) out.push_back(row);
  }
  return out;
}

Result<std::vector<TimerRecord>> MemoryStore::timers() {
  std::lock_guard lock(mutex_);
  std::vector<TimerRecord> out;
  for (const auto& [arn, e] : executions_)
    for (const auto& [id, t] : e.timers) out.push_back(t);
  return out;
}

Result<std::vector<TaskRecord>> MemoryStore::pending_tasks() {
  std::lock_guard lock(mutex_);
  std::vector<TaskRecord> out;
  for (const auto& [arn, e] : executions_)
    for (const auto& [id, t] : e.tasks) out.push_back(t);
  return out;
}

Result<std::optional<TaskRecord>> MemoryStore::task_by_token(const std::string& token) {
  std::lock_guard lock(mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::optional<TaskRecord>();
  return std::optional<TaskRecord>(executions_.at(it->second.first).tasks.at(it->second.second));
}

Result<std::vector<JournalRecord>> MemoryStore::journal(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto it = executions_.find(arn);
  if (it == executions_.end()) return std::vector<JournalRecord>();
  return it->second.journal;
}

Result<ActivityRecord> MemoryStore::put_activity(ActivityRecord record) {
  std::lock_guard lock(mutex_);
  return activities_.try_emplace(record.arn, record).first->second;
}

Result<std::optional<ActivityRecord>> MemoryStore::activity(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto it = activities_.find(arn);
  return it == activities_.end() ? std::optional<ActivityRecord>() : std::optional<ActivityRecord>(it->second);
}

Result<Page<ActivityRecord>> MemoryStore::list_activities(std::size_t max, const std::string& token) {
  std::lock_guard lock(mutex_);
  Page<ActivityRecord> page;
  for (auto it = activities_.upper_bound(token); it != activities_.end(); ++it) {
    if (page.items.size() == page_size(max)) {
      page.next = page.items.back().arn;
      break;
    }
    page.items.push_back(it->second);
  }
  return page;
}

Result<bool> MemoryStore::delete_activity(const std::string& arn) {
  std::lock_guard lock(mutex_);
  return activities_.erase(arn) > 0;
}

Result<bool> MemoryStore::set_tags(const std::string& resource_arn, const std::vector<Tag>& tags) {
  std::lock_guard lock(mutex_);
  auto& kept = tags_[resource_arn];
  for (const auto& t : tags) kept[t.key] = t.value;
  return true;
}

Result<bool> MemoryStore::remove_tags(const std::string& resource_arn, const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  auto it = tags_.find(resource_arn);
  if (it == tags_.end()) return true;
  for (const auto& k : keys) it->second.erase(k);
  return true;
}

Result<std::vector<Tag>> MemoryStore::tags(const std::string& resource_arn) {
  std::lock_guard lock(mutex_);
  std::vector<Tag> out;
  auto it = tags_.find(resource_arn);
  if (it != tags_.end())
    for (const auto& [k, v] : it->second) out.push_back(Tag{k, v});
  return out;
}

}  // namespace stepwise::engine::store
