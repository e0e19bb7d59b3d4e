#include "engine/execution_state.h"

namespace stepwise::engine {

const Json* VariableScope::find(std::string_view name) const {
  for (const VariableScope* scope = this; scope; scope = scope->parent.get()) {
    auto it = scope->values.find(name);
    if (it != scope->values.end()) return &it->second;
  }
  return nullptr;
}

const char* to_string(FrameStatus status) {
  switch (status) {
    case FrameStatus::Running: return "Running";
    case FrameStatus::Succeeded: return "Succeeded";
    case FrameStatus::Failed: return "Failed";
  }
  return "Running";
}

const char* to_string(Waiting waiting) {
  switch (waiting) {
    case Waiting::Nothing: return "Nothing";
    case Waiting::Task: return "Task";
    case Waiting::Timer: return "Timer";
    case Waiting::Retry: return "Retry";
    case Waiting::Children: return "Children";
  }
  return "Nothing";
}

}  // namespace stepwise::engine
