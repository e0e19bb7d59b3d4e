#include "engine/service/child_executions.h"

#include "engine/log.h"
#include "engine/service/execution_service.h"
#include "engine/step_environment.h"

namespace stepwise::engine::service {

namespace {

using definitions::IntegrationPattern;

bool is_start_execution(const TaskRequest& request) {
  const auto* r = request.resource;
  return r && r->is_service_integration() && r->resource.rfind("states:startExecution", 0) == 0;
}

TaskOutcome failure(std::uint64_t id, std::string error, std::string cause) {
  TaskOutcome out;
  out.task_id = id;
  out.error = std::move(error);
  out.cause = std::move(cause);
  return out;
}

TaskOutcome success(std::uint64_t id, Json output) {
  TaskOutcome out;
  out.task_id = id;
  out.succeeded = true;
  out.output = std::move(output);
  return out;
}

std::int64_t millis(std::int64_t micros) { return micros / 1000; }

// DescribeExecution's shape, as .sync returns it (text) and .sync:2 (JSON values).
Json describe_shape(const store::ExecutionRecord& r, bool as_json) {
  auto value = [&](const std::string& text) -> Json {
    if (!as_json) return text;
    Json v = Json::parse(text, nullptr, false);
    return v.is_discarded() ? Json(text) : v;
  };
  Json out = Json::object();
  out["ExecutionArn"] = r.arn;
  out["Input"] = value(r.input);
  out["InputDetails"] = Json{{"Included", true}};
  out["Name"] = r.name;
  if (r.output) {
    out["Output"] = value(*r.output);
    out["OutputDetails"] = Json{{"Included", true}};
  }
  if (r.error) out["Error"] = *r.error;
  if (r.cause) out["Cause"] = *r.cause;
  out["StartDate"] = millis(r.start_micros);
  out["StateMachineArn"] = r.state_machine_arn;
  out["Status"] = to_string(r.status);
  if (r.stop_micros) out["StopDate"] = millis(*r.stop_micros);
  return out;
}

}  // namespace

ChildExecutions::ChildExecutions(TaskDispatcher& workers, ExecutionService& service)
    : workers_(workers), service_(service), thread_([this] { run(); }) {}

ChildExecutions::~ChildExecutions() { close(); }

void ChildExecutions::open() {
  std::lock_guard lock(mutex_);
  open_ = true;
  cv_.notify_all();
}

void ChildExecutions::close() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void ChildExecutions::post(std::function<void()> job) {
  std::lock_guard lock(mutex_);
  jobs_.push_back(std::move(job));
  cv_.notify_all();
}

void ChildExecutions::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return closing_ || (open_ && !jobs_.empty()); });
      if (closing_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

bool ChildExecutions::dispatch(TaskRequest request, const Done& done) {
  if (!is_start_execution(request)) return workers_.dispatch(std::move(request), done);
  const auto pattern = request.resource->pattern;
  const std::uint64_t id = request.id;
  {
    std::lock_guard lock(mutex_);
    children_[id] = Child{pattern, "", done, false};
  }
  post([this, id, request = std::move(request)]() mutable { start(id, std::move(request)); });
  // A child waited on by token has no result of its own to wait for.
  return pattern != IntegrationPattern::WaitForTaskToken;
}

void ChildExecutions::start(std::uint64_t id, TaskRequest request) {
  Done done;
  IntegrationPattern pattern;
  {
    std::lock_guard lock(mutex_);
    auto it = children_.find(id);
    if (it == children_.end() || it->second.cancelled) {
      children_.erase(id);
      return;
    }
    done = it->second.done;
    pattern = it->second.pattern;
  }
  auto fail = [&](std::string error, std::string cause) {
    forget(id);
    done(failure(id, std::move(error), std::move(cause)));
  };
  const Json& p = request.input;
  auto machine = p.find("StateMachineArn");
  if (!p.is_object() || machine == p.end() || !machine->is_string())
    return fail("States.Runtime", "states:startExecution needs the parameter StateMachineArn (a string)");
  std::string name = uuid_shaped(request.token);  // the same attempt always names the same child
  if (auto n = p.find("Name"); n != p.end()) {
    if (!n->is_string()) return fail("States.Runtime", "states:startExecution's parameter Name must be a string");
    name = n->get<std::string>();
  }
  std::string input = "{}";
  if (auto in = p.find("Input"); in != p.end()) input = in->is_string() ? in->get<std::string>() : in->dump();

  auto started = service_.start_execution(machine->get<std::string>(), name, input, request.token);
  if (!started && started.error().code == "ExecutionAlreadyExists") {
    // Dispatched again (a restart) after the child this task started had ended: it is ours.
    auto existing = service_.describe_execution(execution_arn_of(machine->get<std::string>(), name));
    if (existing && existing->started_by == request.token) started = *existing;
  }
  if (!started) return fail("StepFunctions." + started.error().code, started.error().message);
  const std::string arn = started->arn;
  if (pattern != IntegrationPattern::Sync && pattern != IntegrationPattern::Sync2) {
    // Nothing more to wait for here: the task ends now (request-response) or by its token. (The
    // engine's cancel also comes after a task's normal end, so a child is stopped only when a
    // .sync task lets go of it before it ended.)
    forget(id);
    if (pattern == IntegrationPattern::RequestResponse)
      done(success(id, Json{{"ExecutionArn", arn}, {"StartDate", millis(started->start_micros)}}));
    return;
  }
  bool cancelled;
  {
    std::lock_guard lock(mutex_);
    auto it = children_.find(id);
    cancelled = it == children_.end() || it->second.cancelled;
    if (!cancelled) it->second.arn = arn;
  }
  if (cancelled) {  // the parent let go while the child was starting
    stop_child(arn);
    forget(id);
    return;
  }
  if (!service_.when_ended(arn, [this, id, arn] { post([this, id, arn] { finish(id, arn); }); }))
    finish(id, arn);  // ended already
}

void ChildExecutions::finish(std::uint64_t id, const std::string& arn) {
  Done done;
  IntegrationPattern pattern;
  {
    std::lock_guard lock(mutex_);
    auto it = children_.find(id);
    if (it == children_.end()) return;
    done = std::move(it->second.done);
    pattern = it->second.pattern;
    const bool cancelled = it->second.cancelled;
    children_.erase(it);
    if (cancelled) return;
  }
  auto row = service_.describe_execution(arn);
  if (!row) return done(failure(id, "States.TaskFailed", row.error().message));
  Json shape = describe_shape(*row, pattern == IntegrationPattern::Sync2);
  if (row->status == ExecutionStatus::Succeeded) return done(success(id, std::move(shape)));
  done(failure(id, "States.TaskFailed", shape.dump()));
}

void ChildExecutions::forget(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  children_.erase(id);
}

void ChildExecutions::stop_child(const std::string& arn) {
  auto stopped = service_.stop_execution(arn, std::nullopt, "The parent execution stopped waiting for it");
  if (!stopped) logger()->warn("could not stop the child execution {}: {}", arn, stopped.error().message);
}

void ChildExecutions::cancel(std::uint64_t task_id) {
  std::string arn;
  {
    std::lock_guard lock(mutex_);
    auto it = children_.find(task_id);
    if (it == children_.end()) return workers_.cancel(task_id);
    it->second.cancelled = true;
    arn = it->second.arn;
    if (!arn.empty()) children_.erase(it);  // else start() sees the flag and stops what it started
  }
  if (!arn.empty())
    post([this, arn] { stop_child(arn); });
}

}  // namespace stepwise::engine::service
