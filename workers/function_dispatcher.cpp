#include "workers/function_dispatcher.h"

#include <array>
#include <exception>

#include "engine/step_environment.h"
#include "workers/command_worker.h"
#include "workers/function_ref.h"
#include "workers/http_endpoint.h"

namespace stepwise::workers {

namespace {

// A lambda:invoke result comes in Lambda's envelope. Not a .waitForTaskToken one: its result is
// what is sent with the token (in a local run, what the function answers stands for that).
bool in_envelope(const FunctionRef& ref) {
  return ref.kind == FunctionKind::LambdaInvoke && ref.pattern != definitions::IntegrationPattern::WaitForTaskToken;
}

// The outcome of task id from what its function returned, written into outcome.
void fill_outcome(engine::TaskOutcome& outcome, std::uint64_t id, FunctionResult&& result, bool envelope,
                  const std::string& token) {
  outcome.task_id = id;
  outcome.succeeded = result.succeeded;
  if (result.succeeded) {
    outcome.output = envelope ? lambda_invoke_envelope(std::move(result.output), token) : std::move(result.output);
  } else {
    outcome.error = std::move(result.error);
    outcome.cause = std::move(result.cause);
  }
}

engine::TaskOutcome to_outcome(std::uint64_t id, FunctionResult result, bool envelope, const std::string& token) {
  engine::TaskOutcome outcome;
  fill_outcome(outcome, id, std::move(result), envelope, token);
  return outcome;
}

// The function's input, taken from the task's effective parameters: all of them, or
// lambda:invoke's Payload (the rest, FunctionName included, stays where it is).
Json function_input(Json& parameters, FunctionKind kind) {
  if (kind != FunctionKind::LambdaInvoke) return std::move(parameters);
  auto payload = parameters.find("Payload");
  return payload != parameters.end() ? Json(std::move(*payload)) : Json::object();
}

// Runs an in-process handler on this thread, its outcome written into outcome; what it throws
// is a task failure. ref may view the request's parameters, which stay in place until the
// handler returns.
void call_handler(const FunctionHandler& handler, const FunctionRef& ref, engine::TaskRequest& request,
                  engine::TaskOutcome& outcome, const std::function<std::string()>* make_token = nullptr) {
  TaskContext context(ref.name, request.state_name, request.token, make_token);
  FunctionResult result = [&] {
    try {
      return handler(function_input(request.input, ref.kind), context);
    } catch (const std::exception& e) {
      return FunctionResult::failure("States.TaskFailed", e.what());
    } catch (...) {
      return FunctionResult::failure("States.TaskFailed", "The handler threw a non-standard exception");
    }
  }();
  const bool envelope = in_envelope(ref);
  if (envelope) (void)context.task_token();  // Lambda's request id comes from the token
  fill_outcome(outcome, request.id, std::move(result), envelope, request.token);
}

}  // namespace

Json lambda_invoke_envelope(Json payload, const std::string& request_id) {
  const std::string id = engine::uuid_shaped(request_id);  // like Lambda's, repeatable per token
  Json headers = Json::object();
  headers["Connection"] = "keep-alive";
  headers["Content-Type"] = "application/json";
  headers["X-Amz-Executed-Version"] = "$LATEST";
  headers["x-amzn-Remapped-Content-Length"] = "0";
  headers["x-amzn-RequestId"] = id;
  Json all = Json::object();
  for (const auto& [k, v] : headers.items()) all[k] = Json::array({v});
  Json out = Json::object();
  out["ExecutedVersion"] = "$LATEST";
  out["Payload"] = std::move(payload);
  out["SdkHttpMetadata"] = Json{{"AllHttpHeaders", all}, {"HttpHeaders", headers}, {"HttpStatusCode", 200}};
  out["SdkResponseMetadata"] = Json{{"RequestId", id}};
  out["StatusCode"] = 200;
  return out;
}

FunctionDispatcher::~FunctionDispatcher() {
  std::unique_lock lock(mutex_);
  for (auto& [id, running] : running_) running.stop();
  idle_.wait(lock, [&] { return in_flight_ == 0; });
}

bool FunctionDispatcher::dispatch(engine::TaskRequest request, const Done& given) {
  auto ref = resolve_function(*request.resource, &request.input);
  if (!ref) {
    given(to_outcome(request.id, FunctionResult::failure("States.TaskFailed", ref.error().message), false,
                     request.token));
    return true;
  }
  const FunctionKind kind = ref->kind;
  if (kind == FunctionKind::ChildExecution) {
    given(to_outcome(request.id,
                     FunctionResult::failure("States.TaskFailed",
                                             "states:startExecution starts child executions on the Stepwise server; "
                                             "a local run has no server to start them on"),
                     false, request.token));
    return true;
  }
  Done filtered;
  if (queues_ && ref->pattern == definitions::IntegrationPattern::WaitForTaskToken) {
    // The call only hands the token out: its own success is not the task's result, which comes
    // later by SendTaskSuccess / SendTaskFailure. A failed call fails the task.
    filtered = [inner = given](engine::TaskOutcome outcome) {
      if (!outcome.succeeded) inner(std::move(outcome));
    };
  }
  const Done& done = filtered ? filtered : given;
  if (const FunctionHandler* handler = registry_.handler(ref->name)) {
    engine::TaskOutcome outcome;
    call_handler(*handler, *ref, request, outcome);
    done(std::move(outcome));
    return true;
  }
  const std::string name(ref->name);  // ref views the parameters, which the input leaves
  Json input = function_input(request.input, kind);
  const CommandSpec* command = registry_.command(name);
  const EndpointSpec* endpoint = command ? nullptr : registry_.endpoint(name);
  if (!command && !endpoint && queues_) {
    const bool callback = ref->pattern == definitions::IntegrationPattern::WaitForTaskToken;
    queues_->push(name, QueuedTask{request.id, callback ? engine::call_token_of(request.token) : request.token,
                                   name, input.dump(), in_envelope(*ref)});
    return false;  // parked until a remote worker answers by token
  }
  if (!command && !endpoint) {
    done(to_outcome(request.id,
                    FunctionResult::failure("States.TaskFailed", "No worker is registered for the function '" + name +
                                                                     "' (Task resource '" + request.resource->text + "')"),
                    false, request.token));
    return true;
  }
  // A command or an endpoint blocks while it runs: on a thread of its own, for as long as it runs.
  Running running{std::make_shared<std::atomic<bool>>(false), nullptr};
  if (endpoint) running.call = std::make_shared<EndpointCall>(name, *endpoint, request.token);
  std::lock_guard lock(mutex_);
  running_[request.id] = running;
  ++in_flight_;
  std::thread([this, id = request.id, name, command = command ? std::optional(*command) : std::nullopt,
               running, input = std::move(input), envelope = in_envelope(*ref), token = request.token, done]() mutable {
    FunctionResult result =
        running.call ? running.call->run(input) : run_command(name, *command, input, running.cancelled.get());
    if (!running.cancelled->load()) done(to_outcome(id, std::move(result), envelope, token));
    std::lock_guard inner(mutex_);
    running_.erase(id);
    if (--in_flight_ == 0) idle_.notify_all();
  }).detach();
  return true;
}

bool FunctionDispatcher::run_now(engine::TaskRequest& request, const std::function<std::string()>& make_token,
                                 engine::TaskOutcome& outcome) {
  const definitions::Resource& resource = *request.resource;
  // A callback task's result comes by its token: dispatch hands it on.
  if (queues_ && resource.pattern == definitions::IntegrationPattern::WaitForTaskToken) return false;
  // What a resource resolves to, and its handler, worked out once per resource (and registry
  // generation) on each thread; lambda:invoke names its function in the parameters, each time.
  struct Memo {
    std::uint64_t resource = 0, registry = 0;
    FunctionRef ref;  // its name views the resource's text
    const FunctionHandler* handler = nullptr;
  };
  thread_local std::array<Memo, 256> memos;
  Memo& memo = memos[resource.id.value() % memos.size()];
  FunctionRef ref;
  const FunctionHandler* handler;
  if (memo.resource == resource.id.value() && memo.registry == registry_.generation()) {
    ref = memo.ref;
    handler = memo.handler;
  } else {
    auto resolved = resolve_function(resource, &request.input);
    // What dispatch answers otherwise (a resource it cannot resolve, a child execution) is left to it.
    if (!resolved || resolved->kind == FunctionKind::ChildExecution) return false;
    ref = *resolved;
    handler = registry_.handler(ref.name);
    if (ref.kind != FunctionKind::LambdaInvoke) memo = Memo{resource.id.value(), registry_.generation(), ref, handler};
  }
  if (!handler) return false;
  call_handler(*handler, ref, request, outcome, &make_token);
  return true;
}

void FunctionDispatcher::Running::stop() const {
  cancelled->store(true);
  if (call) call->stop();
}

void FunctionDispatcher::cancel(std::uint64_t task_id) {
  if (queues_) queues_->remove(task_id);
  std::lock_guard lock(mutex_);
  auto it = running_.find(task_id);
  if (it != running_.end()) it->second.stop();
}

}  // namespace stepwise::workers
