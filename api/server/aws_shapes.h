#pragma once
// Records in the shapes of AWS Step Functions' JSON 1.0 responses. Dates are epoch seconds
// (numbers with a fraction), as the awsJson1_0 protocol sends timestamps.
#include "definitions/json.h"
#include "engine/store/records.h"

namespace stepwise::api {

double epoch_seconds(std::int64_t micros);
Json aws_state_machine_item(const engine::store::StateMachineRecord& r);      // ListStateMachines item
Json aws_describe_state_machine(const engine::store::StateMachineRecord& r);  // DescribeStateMachine
Json aws_execution_item(const engine::store::ExecutionRecord& r);             // ListExecutions item
Json aws_describe_execution(const engine::store::ExecutionRecord& r);         // DescribeExecution
Json aws_activity(const engine::store::ActivityRecord& r);
// A GetExecutionHistory event; without data, input and output are left out as AWS does for
// includeExecutionData=false.
Json aws_history_event(const engine::store::EventRecord& e, bool include_data);

}  // namespace stepwise::api
