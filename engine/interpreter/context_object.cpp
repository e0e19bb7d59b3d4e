// The context object ("$$"): building it costs a copy of the execution input, so only states whose
// compiled paths or templates mention "$$" (StateMachine::reads_context) get one.
#include "definitions/state_machine.h"
#include "engine/history_event.h"
#include "engine/interpreter/stepper.h"

namespace stepwise::engine::interpreter {

using namespace definitions;

namespace {

const Json* lookup_variable(const void* self, std::string_view name) {
  return static_cast<const VariableScope*>(self)->find(name);
}

}  // namespace

Scope::Scope(const ExecutionState& ex, const Frame& frame, bool with_context, const std::string* task_token,
             const Json* map_item, std::int64_t map_index) {
  paths_.lookup_variable = &lookup_variable;
  paths_.variables = frame.variables.get();
  if (!with_context) return;
  context_ = Json::object();
  Json& execution = context_["Execution"];
  execution["Id"] = ex.info.execution_arn;
  execution["Input"] = ex.input;
  execution["StartTime"] = format_context_time(ex.start_micros);
  execution["Name"] = ex.info.name;
  execution["RoleArn"] = ex.info.role_arn;
  execution["RedriveCount"] = 0;
  // Key order as AWS writes "$$": Execution, StateMachine, State (Name, EnteredTime), then Task or Map.
  context_["StateMachine"] = Json{{"Id", ex.info.state_machine_arn}, {"Name", ex.info.state_machine_name}};
  Json& state = context_["State"];
  state["Name"] = frame.state ? common_of(*frame.state).name : std::string();
  state["EnteredTime"] = format_context_time(frame.entered_micros);
  // Only states that can retry (Task, Parallel, Map) carry a RetryCount; AWS's "$$" of a Pass, Choice
  // or Wait state has just Name and EnteredTime.
  if (frame.state && (std::holds_alternative<TaskState>(*frame.state) ||
                      std::holds_alternative<ParallelState>(*frame.state) ||
                      std::holds_alternative<MapState>(*frame.state))) {
    state["RetryCount"] = frame.retry_count;
  }
  if (task_token) context_["Task"] = Json{{"Token", *task_token}};
  if (map_item) context_["Map"] = Json{{"Item", Json{{"Index", map_index}, {"Value", *map_item}}}};
  paths_.context = &context_;
}

definitions::PathScope Stepper::over_input(const Scope& scope, const Frame& frame,
                                           const std::optional<JsonPath>& input_path) const {
  definitions::PathScope paths = scope.paths();
  if (frame.input_text && input_path && input_path->is_root() && input_path->root() == PathRoot::Input)
    paths.input_text = frame.input_text.get();
  return paths;
}

Scope Stepper::scope_for(const Frame& frame, const std::string* token) {
  return Scope(ex_, frame, frame.state && frame.machine->reads_context(*frame.state), token);
}

}  // namespace stepwise::engine::interpreter
