#pragma once
// How the operator commands (executions, task) print what the server answered: aligned tables for
// people, the server's JSON for scripts (--json).
#include <iosfwd>
#include <string>
#include <vector>

#include "definitions/json.h"

namespace stepwise::api::cli {

// Columns padded to their widest cell; the last column is not padded.
void print_table(std::ostream& out, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows);

// The execution list, one execution, the history: as tables.
void print_executions(std::ostream& out, const Json& executions);
void print_execution(std::ostream& out, const Json& execution);
void print_history(std::ostream& out, const Json& events);

// The last component of an ARN ("arn:...:stateMachine:orders" -> "orders").
std::string arn_tail(const std::string& arn);

}  // namespace stepwise::api::cli
