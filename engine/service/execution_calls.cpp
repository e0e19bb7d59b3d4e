// The service: executions (start with name idempotency, run to the end, describe, stop, list,
// history).
#include <sys/random.h>

#include "engine/interpreter.h"
#include "engine/service/execution_service.h"
#include "engine/service/one_shot.h"
#include "engine/step_environment.h"

namespace stepwise::engine::service {

namespace {

Error no_execution(const std::string& arn) {
  return make_error("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
}

using AckWaiter = OneShot<Result<StepAck>>;

}  // namespace

Result<StepAck> ExecutionService::post_and_wait(const std::string& execution_arn, Trigger trigger) {
  auto waiter = std::make_shared<AckWaiter>();
  if (!driver_->post(execution_arn, PendingTrigger{std::move(trigger), [waiter](const Result<StepAck>& r) { waiter->set(r); }},
                     true))
    return make_error("NotRunning", "the execution is not running");
  auto ack = waiter->wait_for(options_.commit_wait);
  if (!ack)
    return make_error("Storage", "the step was not committed within " +
                                     std::to_string(options_.commit_wait.count()) + " ms");
  return std::move(*ack);
}

Result<store::ExecutionRecord> ExecutionService::start_execution(const std::string& state_machine_arn,
                                                                 const std::string& name,
                                                                 const std::string& input_text,
                                                                 const std::string& started_by) {
  auto waiter = std::make_shared<OneShot<Result<store::ExecutionRecord>>>();
  start_execution_async(state_machine_arn, name, input_text, started_by,
                        [waiter](Result<store::ExecutionRecord> r) { waiter->set(std::move(r)); });
  auto started = waiter->wait_for(options_.commit_wait);
  if (!started)
    return make_error("Storage", "the start of an execution of '" + state_machine_arn + "' was not committed in " +
                                     std::to_string(options_.commit_wait.count()) + " ms");
  return std::move(*started);
}

void ExecutionService::start_execution_async(const std::string& state_machine_arn, const std::string& name,
                                             const std::string& input_text, const std::string& started_by,
                                             StartDone done) {
  auto machine = current_machine(state_machine_arn);
  if (!machine) return done(machine.error());
  auto loaded = load_machine(state_machine_arn, machine->version);
  if (!loaded) return done(loaded.error());

  // The seed is secret (task tokens are keyed by it); a generated name is public, so it is drawn
  // apart from the seed.
  std::uint64_t random[3];
  if (getrandom(random, sizeof random, 0) != sizeof random)
    return done(make_error("Storage", "no randomness for the execution's seed"));
  const std::uint64_t seed = random[0];
  std::string execution_name = name;
  // A generated name is a time-ordered UUID (version 7): new executions' ARNs then land at the end
  // of the ARN index instead of on a random page of it, one 4 KiB page written less per start.
  if (execution_name.empty()) execution_name = format_uuid_v7(system_now_micros() / 1000, random[1], random[2]);
  if (!valid_resource_name(execution_name)) return done(invalid_name(execution_name));
  std::string text = input_text.empty() ? "{}" : input_text;
  if (text.size() > kMaxPayloadBytes)
    return done(make_error("InvalidExecutionInput", "Invalid execution input: the input is " +
                                                        std::to_string(text.size()) +
                                                        " bytes, more than the limit of 262144 bytes"));
  Json input = Json::parse(text, nullptr, false);
  if (input.is_discarded())
    return done(make_error("InvalidExecutionInput", "Invalid execution input: the input is not valid JSON"));

  ExecutionInfo info;
  info.name = execution_name;
  info.execution_arn = execution_arn_of(state_machine_arn, execution_name);
  info.state_machine_name = machine->name;
  info.state_machine_arn = state_machine_arn;
  info.role_arn = machine->role_arn;
  auto live = new_live_execution(*loaded, info, seed, text, machine->version, started_by);

  // The record answered once the start is committed.
  auto record = std::make_shared<store::ExecutionRecord>();
  record->arn = info.execution_arn;
  record->name = execution_name;
  record->state_machine_arn = state_machine_arn;
  record->state_machine_version = machine->version;
  record->input = std::move(text);
  record->started_by = started_by;
  // AWS: a Standard execution started again with the same name and input while it runs is the
  // same execution; with another input, or once it has ended, the name is taken.
  auto same_or_taken = [this, record](const std::string& existing_input,
                                      bool is_running) -> Result<store::ExecutionRecord> {
    if (is_running && existing_input == record->input) {
      auto row = store_->execution(record->arn);
      if (!row) return row.error();
      if (row.value()) return *row.value();
    }
    return make_error("ExecutionAlreadyExists", "Execution Already Exists: '" + record->arn + "'");
  };
  auto on_commit = [this, record, live_weak = std::weak_ptr<LiveExecution>(live), same_or_taken,
                    done](const Result<StepAck>& ack) {
    if (!ack) {
      if (ack.error().code != "ExecutionAlreadyExists") return done(ack.error());
      auto row = store_->execution(record->arn);
      if (!row) return done(row.error());
      if (!row.value()) return done(ack.error());
      return done(same_or_taken(row.value()->input, row.value()->status == ExecutionStatus::Running));
    }
    store::ExecutionRecord out = *record;
    out.status = ack->status;
    if (auto started = live_weak.lock()) out.start_micros = started->state.start_micros;
    done(std::move(out));
  };
  auto running = driver_->start(live, std::move(input), std::move(on_commit), record->input);
  if (running != live) {
    std::string existing_input;
    bool is_running;
    {
      std::lock_guard lock(running->mutex);
      existing_input = running->input_text;
      is_running = !running->finished;
    }
    done(same_or_taken(existing_input, is_running));
  }
}

Result<store::ExecutionRecord> ExecutionService::run_execution(const std::string& state_machine_arn,
                                                               const std::string& name, const std::string& input,
                                                               std::chrono::milliseconds timeout) {
  auto started = start_execution(state_machine_arn, name, input);
  if (!started) return started;
  wait_for_end(started->arn, timeout);
  return describe_execution(started->arn);
}

bool ExecutionService::wait_for_end(const std::string& arn, std::chrono::milliseconds timeout) {
  auto done = std::make_shared<OneShot<bool>>();
  if (!driver_->on_end(arn, [done] { done->set(true); })) return true;
  return done->wait_for(timeout).has_value();
}

bool ExecutionService::when_ended(const std::string& arn, std::function<void()> fn) {
  return driver_->on_end(arn, std::move(fn));
}

Result<store::ExecutionRecord> ExecutionService::describe_execution(const std::string& arn) {
  if (!is_arn_of(arn, "execution")) return invalid_arn(arn);
  auto row = store_->execution(arn);
  if (!row) return row.error();
  if (!row.value()) return no_execution(arn);
  return *row.value();
}

Result<store::ExecutionRecord> ExecutionService::stop_execution(const std::string& arn,
                                                                const std::optional<std::string>& error,
                                                                const std::optional<std::string>& cause) {
  auto row = describe_execution(arn);
  if (!row) return row;
  if (row->status != ExecutionStatus::Running) return row;  // nothing to stop: its end stands
  auto ack = post_and_wait(arn, Trigger::stop(error.value_or(""), cause));
  if (!ack && ack.error().code != "NotRunning") return ack.error();
  return describe_execution(arn);
}

Result<store::Page<store::ExecutionRecord>> ExecutionService::list_executions(const store::ExecutionFilter& filter,
                                                                            std::size_t max,
                                                                            const std::string& token) {
  if (!filter.state_machine_arn.empty()) {
    auto machine = store_->state_machine(filter.state_machine_arn, 1);
    if (!machine) return machine.error();
    if (!machine.value())
      return make_error("StateMachineDoesNotExist",
                        "State Machine Does Not Exist: '" + filter.state_machine_arn + "'");
  }
  return store_->list_executions(filter, max, token);
}

Result<std::vector<store::EventRecord>> ExecutionService::history(const std::string& arn, std::int64_t from,
                                                                  std::size_t max, bool reverse) {
  auto row = describe_execution(arn);
  if (!row) return row.error();
  return store_->history(arn, from, max, reverse);
}

}  // namespace stepwise::engine::service
