#include "workers/task_queues.h"

#include <algorithm>

namespace stepwise::workers {

void TaskQueues::push(const std::string& name, QueuedTask task) {
  std::lock_guard lock(mutex_);
  task.function = name;
  if (task.lambda_envelope) {
    envelopes_[task.token] = task.dispatch_id;
    envelope_tokens_[task.dispatch_id] = task.token;
  }
  Queue& q = queues_[name];
  if (!q.pollers.empty()) {
    // Straight to the longest-waiting poller of this queue.
    Poller* poller = q.pollers.front();
    forget(*poller);
    poller->handed = std::move(task);
    poller->cv.notify_one();
    return;
  }
  where_[task.dispatch_id] = name;
  q.tasks.push_back(std::move(task));
}

std::optional<QueuedTask> TaskQueues::take(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    auto it = queues_.find(name);
    if (it == queues_.end() || it->second.tasks.empty()) continue;
    QueuedTask task = std::move(it->second.tasks.front());
    it->second.tasks.pop_front();
    where_.erase(task.dispatch_id);
    return task;
  }
  return std::nullopt;
}

void TaskQueues::forget(Poller& poller) {
  for (const auto& name : poller.names) {
    auto& waiting = queues_[name].pollers;
    waiting.erase(std::remove(waiting.begin(), waiting.end(), &poller), waiting.end());
  }
  poller.names.clear();
}

std::optional<QueuedTask> TaskQueues::poll(const std::vector<std::string>& names, std::chrono::milliseconds timeout,
                                           const std::function<bool(const QueuedTask&)>& wanted) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::optional<QueuedTask> task;
    {
      std::unique_lock lock(mutex_);
      task = take(names);
      if (!task && !shutdown_ && std::chrono::steady_clock::now() < deadline) {
        Poller poller;
        poller.names = names;
        for (const auto& name : names) queues_[name].pollers.push_back(&poller);
        ++pollers_;
        poller.cv.wait_until(lock, deadline, [&] { return poller.handed.has_value() || shutdown_; });
        --pollers_;
        if (!poller.handed) forget(poller);
        task = std::move(poller.handed);
      }
    }
    if (!task) return std::nullopt;
    if (!wanted || wanted(*task)) return task;
    // Withdrawn meanwhile: look again, within the same deadline.
  }
}

void TaskQueues::remove(std::uint64_t dispatch_id) {
  std::lock_guard lock(mutex_);
  if (auto e = envelope_tokens_.find(dispatch_id); e != envelope_tokens_.end()) {
    envelopes_.erase(e->second);
    envelope_tokens_.erase(e);
  }
  auto it = where_.find(dispatch_id);
  if (it == where_.end()) return;
  auto& tasks = queues_[it->second].tasks;
  tasks.erase(std::remove_if(tasks.begin(), tasks.end(), [&](const QueuedTask& t) { return t.dispatch_id == dispatch_id; }),
              tasks.end());
  where_.erase(it);
}

bool TaskQueues::wraps_result(const std::string& token) {
  std::lock_guard lock(mutex_);
  return envelopes_.find(token) != envelopes_.end();
}

void TaskQueues::answered(const std::string& token) {
  std::lock_guard lock(mutex_);
  auto it = envelopes_.find(token);
  if (it == envelopes_.end()) return;
  envelope_tokens_.erase(it->second);
  envelopes_.erase(it);
}

std::size_t TaskQueues::waiting(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto it = queues_.find(name);
  return it == queues_.end() ? 0 : it->second.tasks.size();
}

std::size_t TaskQueues::pollers() {
  std::lock_guard lock(mutex_);
  return pollers_;
}

void TaskQueues::shutdown() {
  std::lock_guard lock(mutex_);
  shutdown_ = true;
  for (auto& [name, q] : queues_)
    for (Poller* p : q.pollers) p->cv.notify_all();
}

}  // namespace stepwise::workers
