#include "workers/task_queues.h"

#include <algorithm>

namespace stepwise::workers {

TaskQueues::Queue& TaskQueues::queue(const std::string& name) {
  auto& q = queues_[name];
  if (!q) q = std::make_unique<Queue>();
  return *q;
}

void TaskQueues::push(const std::string& name, QueuedTask task) {
  std::lock_guard lock(mutex_);
  where_[task.dispatch_id] = name;
  Queue& q = queue(name);
  q.tasks.push_back(std::move(task));
  q.cv.notify_one();
}

std::optional<QueuedTask> TaskQueues::poll(const std::string& name, std::chrono::milliseconds timeout,
                                           const std::function<bool(const QueuedTask&)>& wanted) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  Queue& q = queue(name);
  for (;;) {
    while (!q.tasks.empty()) {
      QueuedTask task = std::move(q.tasks.front());
      q.tasks.pop_front();
      where_.erase(task.dispatch_id);
      if (!wanted || wanted(task)) return task;
    }
    if (shutdown_) return std::nullopt;
    if (q.cv.wait_until(lock, deadline) == std::cv_status::timeout && q.tasks.empty()) return std::nullopt;
  }
}

void TaskQueues::remove(std::uint64_t dispatch_id) {
  std::lock_guard lock(mutex_);
  auto it = where_.find(dispatch_id);
  if (it == where_.end()) return;
  Queue& q = queue(it->second);
  q.tasks.erase(std::remove_if(q.tasks.begin(), q.tasks.end(),
                               [&](const QueuedTask& t) { return t.dispatch_id == dispatch_id; }),
                q.tasks.end());
  where_.erase(it);
}

std::size_t TaskQueues::waiting(const std::string& name) {
  std::lock_guard lock(mutex_);
  return queue(name).tasks.size();
}

void TaskQueues::shutdown() {
  std::lock_guard lock(mutex_);
  shutdown_ = true;
  for (auto& [name, q] : queues_) q->cv.notify_all();
}

}  // namespace stepwise::workers
