#pragma once
// The shape of AWS's ValidateStateMachineDefinition response, shared by the AWS JSON protocol
// and `stepwise validate --json`.
#include "definitions/diagnostic.h"
#include "definitions/json.h"

namespace stepwise::api {

struct ValidationOptions {
  // AWS's `severity`: ERROR returns errors only (AWS's default); WARNING returns warnings too.
  definitions::Severity minimum = definitions::Severity::Error;
  std::size_t max_results = 100;  // AWS's `maxResults`, 1-100

  bool shows(const definitions::Diagnostic& d) const {
    return d.severity == definitions::Severity::Error || minimum == definitions::Severity::Warning;
  }
};

// {"result": "OK"|"FAIL", "diagnostics": [{"severity","code","message","location"}], "truncated": bool}
// "result" depends on errors only; "truncated" says max_results cut the list.
Json validation_response(const definitions::Diagnostics& diagnostics, const ValidationOptions& options = {});

}  // namespace stepwise::api
