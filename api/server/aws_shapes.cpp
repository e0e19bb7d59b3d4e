#include "api/server/aws_shapes.h"

#include "engine/history_event.h"

namespace stepwise::api {

double epoch_seconds(std::int64_t micros) { return static_cast<double>(micros / 1000) / 1000.0; }

Json aws_state_machine_item(const engine::store::StateMachineRecord& r) {
  return Json{{"stateMachineArn", r.arn}, {"name", r.name}, {"type", r.type},
              {"creationDate", epoch_seconds(r.created_micros)}};
}

Json aws_describe_state_machine(const engine::store::StateMachineRecord& r) {
  Json out = Json{{"stateMachineArn", r.arn}, {"name", r.name}, {"status", "ACTIVE"}, {"definition", r.definition},
                  {"roleArn", r.role_arn}, {"type", r.type}, {"creationDate", epoch_seconds(r.created_micros)}};
  out["loggingConfiguration"] = Json{{"level", "OFF"}, {"includeExecutionData", false}};
  out["tracingConfiguration"] = Json{{"enabled", false}};
  return out;
}

Json aws_execution_item(const engine::store::ExecutionRecord& r) {
  Json out = Json{{"executionArn", r.arn}, {"stateMachineArn", r.state_machine_arn}, {"name", r.name},
                  {"status", engine::to_string(r.status)}, {"startDate", epoch_seconds(r.start_micros)}};
  if (r.stop_micros) out["stopDate"] = epoch_seconds(*r.stop_micros);
  return out;
}

Json aws_describe_execution(const engine::store::ExecutionRecord& r) {
  Json out = aws_execution_item(r);
  out["input"] = r.input;
  out["inputDetails"] = Json{{"included", true}};
  if (r.output) {
    out["output"] = *r.output;
    out["outputDetails"] = Json{{"included", true}};
  }
  if (r.error) out["error"] = *r.error;
  if (r.cause) out["cause"] = *r.cause;
  out["redriveCount"] = 0;
  out["redriveStatus"] = "NOT_REDRIVABLE";
  return out;
}

Json aws_activity(const engine::store::ActivityRecord& r) {
  return Json{{"activityArn", r.arn}, {"name", r.name}, {"creationDate", epoch_seconds(r.created_micros)}};
}

Json aws_history_event(const engine::store::EventRecord& e, bool include_data) {
  Json out = Json{{"timestamp", epoch_seconds(e.timestamp_micros)}, {"type", e.type}, {"id", e.id},
                  {"previousEventId", e.previous_event_id}};
  if (!e.details.empty()) {
    Json details = Json::parse(e.details, nullptr, false);
    if (!include_data && details.is_object()) {
      for (const char* key : {"input", "inputDetails", "output", "outputDetails", "parameters"}) details.erase(key);
    }
    out[engine::details_key(e.type)] = std::move(details);
  }
  return out;
}

}  // namespace stepwise::api
