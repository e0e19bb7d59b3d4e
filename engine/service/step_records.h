#pragma once
// What a durable step writes: the new history events and the execution row, as store records.
#include <vector>

#include "engine/service/live_execution.h"
#include "engine/store/records.h"

namespace stepwise::engine::service {

// The events in the execution's memory (those not yet committed), with their details as JSON text.
std::vector<store::EventRecord> event_records(const ExecutionState& state);

// The execution's row as it stands now.
store::ExecutionRecord execution_record(const LiveExecution& execution);

}  // namespace stepwise::engine::service
