// The service: task results by token, activities, tags.
#include "engine/interpreter.h"
#include "engine/service/execution_service.h"
#include "engine/step_environment.h"
#include "engine/task_dispatcher.h"

namespace stepwise::engine::service {

namespace {

// A token this service could have issued: 64 lower-case hex digits (replay_environment.cpp).
bool token_shape(const std::string& token) {
  return token.size() == 64 && token.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Error token_error(const std::string& token) {
  if (token.empty() || token.size() > 1024)
    return make_error("InvalidToken", "Invalid Token: the task token must be 1 to 1024 characters long");
  if (!token_shape(token)) return make_error("InvalidToken", "Invalid Token: '" + token + "' is not a task token");
  // AWS answers a token whose task has ended (succeeded, failed, timed out, stopped) so.
  return make_error("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
}

// The task token a call token (task_dispatcher.h) stands for; nothing for any other token.
std::optional<std::string> task_token_of_call(const std::string& token) {
  const std::string suffix = kCallTokenSuffix;
  if (token.size() <= suffix.size() || token.compare(token.size() - suffix.size(), suffix.size(), suffix) != 0)
    return std::nullopt;
  return token.substr(0, token.size() - suffix.size());
}

}  // namespace

bool ExecutionService::task_token_pending(const std::string& token) { return driver_->task_of_token(token).has_value(); }

bool ExecutionService::task_picked_up(const std::string& token, const std::string& worker) {
  auto target = driver_->task_of_token(task_token_of_call(token).value_or(token));
  if (!target) return false;
  return driver_->post(target->execution_arn, PendingTrigger{Trigger::task_started(target->task_id, worker), {}});
}

Result<bool> ExecutionService::task_trigger(const std::string& given, Trigger trigger) {
  const auto call = task_token_of_call(given);
  const std::string& token = call ? *call : given;
  auto target = driver_->task_of_token(token);
  if (!target) return token_error(token);
  trigger.id = target->task_id;
  auto ack = post_and_wait(target->execution_arn, std::move(trigger));
  if (!ack) return ack.error().code == "NotRunning" ? token_error(token) : ack.error();
  if (!ack->applied) return token_error(token);
  return true;
}

Result<bool> ExecutionService::send_task_success(const std::string& token, const std::string& output) {
  if (output.size() > kMaxPayloadBytes)
    return make_error("InvalidOutput", "Invalid Output: the output is " + std::to_string(output.size()) +
                                           " bytes, more than the limit of 262144 bytes");
  Json value = Json::parse(output, nullptr, false);
  if (value.is_discarded()) return make_error("InvalidOutput", "Invalid Output: the output is not valid JSON");
  if (auto task = task_token_of_call(token)) {  // a callback call's own success: the task waits on
    if (!driver_->task_of_token(*task)) return token_error(*task);
    return true;
  }
  return task_trigger(token, Trigger::task_succeeded(0, std::move(value)));
}

Result<bool> ExecutionService::send_task_failure(const std::string& token, const std::string& error,
                                                 const std::string& cause) {
  return task_trigger(token, Trigger::task_failed(0, error, cause.empty() ? std::nullopt : std::optional(cause)));
}

Result<bool> ExecutionService::send_task_heartbeat(const std::string& token) {
  return task_trigger(token, Trigger::task_heartbeat(0));
}

Result<store::ActivityRecord> ExecutionService::create_activity(const std::string& name) {
  if (!valid_resource_name(name)) return invalid_name(name);
  return store_->put_activity(store::ActivityRecord{activity_arn(name), name, system_now_micros()});
}

Result<store::ActivityRecord> ExecutionService::describe_activity(const std::string& arn) {
  if (!is_arn_of(arn, "activity")) return invalid_arn(arn);
  auto record = store_->activity(arn);
  if (!record) return record.error();
  if (!record.value()) return make_error("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'");
  return *record.value();
}

Result<store::Page<store::ActivityRecord>> ExecutionService::list_activities(std::size_t max,
                                                                            const std::string& token) {
  return store_->list_activities(max, token);
}

Result<bool> ExecutionService::delete_activity(const std::string& arn) {
  if (!is_arn_of(arn, "activity")) return invalid_arn(arn);
  return store_->delete_activity(arn);
}

// Tags belong to state machines and activities that exist.
Result<bool> ExecutionService::check_taggable(const std::string& arn) {
  if (arn.find(":stateMachine:") != std::string::npos) {
    if (!current_machine(arn)) return make_error("ResourceNotFound", "Resource not found: '" + arn + "'");
    return true;
  }
  if (!is_arn_of(arn, "activity")) return invalid_arn(arn);
  auto activity = store_->activity(arn);
  if (!activity) return activity.error();
  if (!activity.value()) return make_error("ResourceNotFound", "Resource not found: '" + arn + "'");
  return true;
}

Result<bool> ExecutionService::tag_resource(const std::string& arn, const std::vector<store::Tag>& tags) {
  if (auto ok = check_taggable(arn); !ok) return ok.error();
  return store_->set_tags(arn, tags);
}

Result<bool> ExecutionService::untag_resource(const std::string& arn, const std::vector<std::string>& keys) {
  if (auto ok = check_taggable(arn); !ok) return ok.error();
  return store_->remove_tags(arn, keys);
}

Result<std::vector<store::Tag>> ExecutionService::list_tags(const std::string& arn) {
  if (auto ok = check_taggable(arn); !ok) return ok.error();
  return store_->tags(arn);
}

}  // namespace stepwise::engine::service
