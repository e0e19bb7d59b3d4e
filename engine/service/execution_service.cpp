// The service: opening over a store, and state machines (create, version, describe, list, delete).
#include "engine/service/execution_service.h"

#include <thread>

#include "definitions/parse.h"
#include "engine/step_environment.h"

namespace stepwise::engine::service {

std::string invalid_definition_message(const definitions::Diagnostics& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (d.severity != definitions::Severity::Error) continue;
    if (!text.empty()) text += ", ";
    text += std::string(definitions::to_string(d.code)) + ": " + d.message;
    if (!d.location.empty()) text += " at " + d.location;
  }
  return "Invalid State Machine Definition: '" + text + "'";
}

ExecutionService::ExecutionService(std::unique_ptr<store::Store> store, TaskDispatcher& dispatcher,
                                   ServiceOptions options)
    : options_(std::move(options)), store_(std::move(store)) {
  const std::size_t threads =
      options_.engine_threads ? options_.engine_threads : std::max(1u, std::thread::hardware_concurrency());
  children_ = std::make_unique<ChildExecutions>(dispatcher, *this);
  driver_ = std::make_unique<ExecutionDriver>(
      *store_, *children_, [this](const std::string& arn, std::int64_t version) { return load_machine(arn, version); },
      threads, options_.evict_parked_after);
}

ExecutionService::~ExecutionService() {
  children_->close();
  driver_.reset();
}

Result<std::unique_ptr<ExecutionService>> ExecutionService::open(std::unique_ptr<store::Store> store,
                                                                 TaskDispatcher& dispatcher, ServiceOptions options) {
  std::unique_ptr<ExecutionService> service(new ExecutionService(std::move(store), dispatcher, std::move(options)));
  auto resumed = service->driver_->recover();
  if (!resumed) return resumed.error();
  service->resumed_ = resumed.value();
  service->children_->open();
  return service;
}

std::string ExecutionService::state_machine_arn(const std::string& name) const {
  return "arn:aws:states:" + options_.region + ":" + options_.account + ":stateMachine:" + name;
}

std::string ExecutionService::activity_arn(const std::string& name) const {
  return "arn:aws:states:" + options_.region + ":" + options_.account + ":activity:" + name;
}

Result<LoadedMachine> ExecutionService::load_machine(const std::string& arn, std::int64_t version) {
  const std::string key = arn + "#" + std::to_string(version);
  {
    std::lock_guard lock(machines_mutex_);
    auto it = machines_.find(key);
    if (it != machines_.end()) return it->second;
  }
  auto record = store_->state_machine(arn, version);
  if (!record) return record.error();
  if (!record.value())
    return make_error("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "' (version " +
                                                      std::to_string(version) + ")");
  auto parsed = definitions::parse_definition(record.value()->definition);
  if (!parsed.machine) return make_error("InvalidDefinition", invalid_definition_message(parsed.diagnostics));
  LoadedMachine loaded{parsed.machine, record.value()->name, record.value()->role_arn,
                       record.value()->type == "EXPRESS" ? 0 : options_.max_history_events};
  std::lock_guard lock(machines_mutex_);
  machines_.emplace(key, loaded);
  return loaded;
}

Result<store::StateMachineRecord> ExecutionService::current_machine(const std::string& arn) {
  {
    std::lock_guard lock(machines_mutex_);
    auto it = heads_.find(arn);
    if (it != heads_.end()) return it->second;
  }
  if (!is_arn_of(arn, "stateMachine")) return invalid_arn(arn);
  auto record = store_->state_machine(arn, 0);
  if (!record) return record.error();
  if (!record.value()) return make_error("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
  std::lock_guard lock(machines_mutex_);
  heads_[arn] = *record.value();
  return *record.value();
}

void ExecutionService::forget_machine(const std::string& arn) {
  std::lock_guard lock(machines_mutex_);
  heads_.erase(arn);
}

Result<store::StateMachineRecord> ExecutionService::create_state_machine(const std::string& name,
                                                                       const std::string& definition,
                                                                       const std::string& role_arn,
                                                                       const std::string& type) {
  if (!valid_resource_name(name)) return invalid_name(name);
  if (type != "STANDARD" && type != "EXPRESS")
    return make_error("ValidationException", "1 validation error detected: Value '" + type +
                                                 "' at 'type' failed to satisfy constraint: Member must satisfy "
                                                 "enum value set: [STANDARD, EXPRESS]");
  auto parsed = definitions::parse_definition(definition);
  if (!parsed.machine) return make_error("InvalidDefinition", invalid_definition_message(parsed.diagnostics));
  const std::string arn = state_machine_arn(name);
  auto existing = store_->state_machine(arn, 0);
  if (!existing) return existing.error();
  if (existing.value()) {
    // AWS: creating the same machine again is idempotent; a different one is refused.
    const auto& e = *existing.value();
    if (e.definition == definition && e.role_arn == role_arn && e.type == type) return e;
    return make_error("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
  }
  store::StateMachineRecord record;
  record.arn = arn;
  record.name = name;
  record.definition = definition;
  record.role_arn = role_arn;
  record.type = type;
  record.created_micros = record.updated_micros = system_now_micros();
  auto put = store_->put_state_machine(record);
  if (put) forget_machine(arn);
  return put;
}

Result<store::StateMachineRecord> ExecutionService::put_state_machine(const std::string& name,
                                                                    const std::string& definition,
                                                                    const std::string& role_arn) {
  auto created = create_state_machine(name, definition, role_arn, "STANDARD");
  if (created || created.error().code != "StateMachineAlreadyExists") return created;
  return update_state_machine(state_machine_arn(name), definition, role_arn);
}

Result<store::StateMachineRecord> ExecutionService::update_state_machine(const std::string& arn,
                                                                       const std::optional<std::string>& definition,
                                                                       const std::optional<std::string>& role_arn) {
  if (!definition && !role_arn)
    return make_error("MissingRequiredParameter",
                      "Either the definition, the role ARN, the logging configuration or the tracing configuration "
                      "must be specified");
  auto current = current_machine(arn);
  if (!current) return current;
  store::StateMachineRecord record = current.value();
  if (definition) {
    auto parsed = definitions::parse_definition(*definition);
    if (!parsed.machine) return make_error("InvalidDefinition", invalid_definition_message(parsed.diagnostics));
    record.definition = *definition;
  }
  if (role_arn) record.role_arn = *role_arn;
  if (record.definition == current->definition && record.role_arn == current->role_arn) return record;
  record.updated_micros = system_now_micros();
  auto put = store_->put_state_machine(record);
  forget_machine(arn);
  return put;
}

Result<store::StateMachineRecord> ExecutionService::describe_state_machine(const std::string& arn) {
  return current_machine(arn);
}

Result<store::StateMachineRecord> ExecutionService::state_machine_for_execution(const std::string& execution_arn) {
  auto row = describe_execution(execution_arn);
  if (!row) return row.error();
  auto record = store_->state_machine(row->state_machine_arn, row->state_machine_version);
  if (!record) return record.error();
  if (!record.value())
    return make_error("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + row->state_machine_arn + "'");
  return *record.value();
}

Result<store::Page<store::StateMachineRecord>> ExecutionService::list_state_machines(std::size_t max,
                                                                                    const std::string& token) {
  return store_->list_state_machines(max, token);
}

Result<bool> ExecutionService::delete_state_machine(const std::string& arn) {
  if (!is_arn_of(arn, "stateMachine")) return invalid_arn(arn);
  auto deleted = store_->delete_state_machine(arn);
  forget_machine(arn);
  return deleted;  // AWS: deleting a machine that is not there succeeds too
}

}  // namespace stepwise::engine::service
