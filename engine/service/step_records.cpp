#include "engine/service/step_records.h"

namespace stepwise::engine::service {

std::vector<store::EventRecord> event_records(const ExecutionState& state) {
  std::vector<store::EventRecord> out;
  out.reserve(state.history.size());
  for (const HistoryEvent& event : state.history) {
    Json details = full_details(event);
    out.push_back(store::EventRecord{event.id, event.previous_event_id, event.timestamp_micros, event.type,
                                     details.is_null() ? std::string() : details.dump()});
  }
  return out;
}

store::ExecutionRecord execution_record(const LiveExecution& execution) {
  const ExecutionState& state = execution.state;
  store::ExecutionRecord row;
  row.arn = state.info.execution_arn;
  row.name = state.info.name;
  row.state_machine_arn = state.info.state_machine_arn;
  row.state_machine_version = execution.state_machine_version;
  row.status = state.status;
  row.input = execution.input_text;
  if (state.status == ExecutionStatus::Succeeded) row.output = state.output_text_or_dump();
  // AWS's DescribeExecution of a timed-out execution has no error or cause (States.Timeout is
  // only in its ExecutionTimedOut event).
  if (state.status != ExecutionStatus::TimedOut) {
    if (!state.error.empty()) row.error = state.error;
    row.cause = state.cause;
  }
  row.start_micros = state.start_micros;
  if (state.done()) row.stop_micros = execution.stop_micros;
  row.next_event_id = state.last_event_id() + 1;
  row.seed = execution.seed;
  row.started_by = execution.started_by;
  return row;
}

}  // namespace stepwise::engine::service
