// The driver's writer: group commits of many executions' steps, and what follows each commit
// (timers indexed, tasks queued for dispatch, callers answered, ended or parked executions
// leaving memory).
#include <algorithm>
#include <climits>

#include "engine/log.h"
#include "engine/service/driver_batch.h"
#include "engine/step_environment.h"

namespace stepwise::engine::service {

void ExecutionDriver::writer_loop() {
  for (;;) {
    std::vector<Batch> batches;
    {
      std::unique_lock lock(commit_mutex_);
      commit_cv_.wait(lock, [&] { return stopping_ || !commits_.empty(); });
      if (commits_.empty()) return;  // stopping, nothing left to write
      batches.swap(commits_);
    }
    std::vector<store::StepCommit> steps;
    steps.reserve(batches.size());
    for (auto& b : batches) steps.push_back(std::move(b.commit));
    auto outcomes = store_.commit(steps);
    for (std::size_t i = 0; i < batches.size(); ++i) {
      batches[i].commit = std::move(steps[i]);
      if (outcomes) after_commit(batches[i], outcomes.value()[i]);
      else after_commit(batches[i], outcomes.error());
    }
  }
}

void ExecutionDriver::after_commit(Batch& batch, const Result<store::CommitOutcome>& outcome) {
  const std::shared_ptr<LiveExecution>& execution = batch.execution;
  const std::string arn = batch.commit.execution.arn;
  if (!outcome || outcome.value() != store::CommitOutcome::Committed) {
    Error error = !outcome ? outcome.error()
                  : batch.fresh ? make_error("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'")
                                : make_error("Storage", "the execution '" + arn + "' was changed by someone else");
    if (!outcome) logger()->error("commit of {} failed: {}", arn, error.message);
    // This copy of the execution is dead: out of the live set first, then its callers answered,
    // and the triggers that reached it meanwhile handed to the execution the store holds.
    {
      std::lock_guard lock(live_mutex_);
      auto it = live_.find(arn);
      if (it != live_.end() && it->second == execution) live_.erase(it);
    }
    std::deque<PendingTrigger> orphans;
    {
      std::lock_guard lock(execution->mutex);
      execution->evicted = true;
      execution->committing = false;
      orphans.swap(execution->mailbox);
    }
    for (auto& [ack, applied] : batch.acks)
      if (ack) ack(error);
    if (!batch.fresh) reload(arn);  // the store holds the truth: rebuild from it
    for (auto& orphan : orphans) {
      AckCallback ack = orphan.ack;
      if (!post(arn, std::move(orphan)) && ack) ack(make_error("NotRunning", "the execution is not running"));
    }
    return;
  }
  for (auto id : batch.commit.timers_cancelled) timers_.cancel(arn, id);
  for (const auto& t : batch.commit.timers_set) timers_.set(arn, t.timer_id, t.due_micros);
  StepAck ack_state;
  bool ended, evict;
  std::vector<std::function<void()>> waiters;
  {
    std::lock_guard lock(execution->mutex);
    execution->committing = false;
    execution->committed_next_event_id = batch.commit.execution.next_event_id;
    for (auto id : batch.commit.tasks_done) {
      auto queued = std::find_if(execution->to_dispatch.begin(), execution->to_dispatch.end(),
                                 [&](const TaskRequest& r) { return r.id == id; });
      if (queued != execution->to_dispatch.end()) execution->to_dispatch.erase(queued);
      else execution->to_cancel.push_back(id);
    }
    for (auto& task : batch.tasks) execution->to_dispatch.push_back(std::move(task));
    for (auto id : batch.commit.timers_cancelled) execution->timer_due.erase(id);
    for (const auto& t : batch.commit.timers_set) execution->timer_due[t.timer_id] = t.due_micros;
    ended = execution->state.done();
    execution->finished = ended;
    if (ended) waiters.swap(execution->end_waiters);
    if (!execution->mailbox.empty() || !execution->to_dispatch.empty() || !execution->to_cancel.empty())
      schedule(execution);
    evict = !ended && parked_far(*execution);
    if (evict) execution->evicted = true;
    ack_state = StepAck{false, execution->state.status, execution->stop_micros};
  }
  if (evict) {
    // Only its timers stay in memory; the one that fires brings it back (find_or_load).
    std::lock_guard lock(live_mutex_);
    auto it = live_.find(arn);
    if (it != live_.end() && it->second == execution) live_.erase(it);
  }
  // An ended execution leaves the live set before anyone hears of its end: a start with its name
  // must then find it in the store, closed.
  if (ended) finished(execution);
  for (auto& [ack, applied] : batch.acks) {
    ack_state.applied = applied;
    if (ack) ack(ack_state);
  }
  for (auto& w : waiters) w();
}

// Waiting only on timers, the nearest a minute or more away, with nothing else in flight: such an
// execution costs less on disk than in memory (replaying its journal brings it back).
bool ExecutionDriver::parked_far(const LiveExecution& execution) const {
  if (execution.timer_due.empty() || !execution.state.tasks.empty() || !execution.mailbox.empty() ||
      !execution.to_dispatch.empty() || !execution.to_cancel.empty() || !execution.task_global.empty() ||
      !execution.end_waiters.empty() || execution.queued || execution.committing)
    return false;
  std::int64_t nearest = INT64_MAX;
  for (const auto& [id, due] : execution.timer_due) nearest = std::min(nearest, due);
  return nearest - system_now_micros() >= evict_after_micros_;
}

void ExecutionDriver::finished(const std::shared_ptr<LiveExecution>& execution) {
  const std::string& arn = execution->state.info.execution_arn;
  timers_.cancel_all(arn);
  std::lock_guard lock(live_mutex_);
  auto it = live_.find(arn);
  if (it != live_.end() && it->second == execution) live_.erase(it);
}

}  // namespace stepwise::engine::service
