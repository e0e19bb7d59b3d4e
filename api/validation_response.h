#pragma once
// The shape of AWS's ValidateStateMachineDefinition response, shared by the AWS JSON protocol
// and `stepwise validate --json`.
#include "definitions/diagnostic.h"
#include "definitions/json.h"

namespace stepwise::api {

// {"result": "OK"|"FAIL", "diagnostics": [{"severity","code","message","location"}], "truncated": false}
Json validation_response(const definitions::Diagnostics& diagnostics, std::size_t max_results = 100);

}  // namespace stepwise::api
