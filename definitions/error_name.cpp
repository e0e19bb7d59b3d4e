#include "definitions/error_name.h"

#include <algorithm>

#include "definitions/name_table.h"

namespace stepwise::definitions {
namespace {

constexpr NameTable<StatesError, 17> kNames{{
    {StatesError::All, "States.ALL"},
    {StatesError::DataLimitExceeded, "States.DataLimitExceeded"},
    {StatesError::ExceedToleratedFailureThreshold, "States.ExceedToleratedFailureThreshold"},
    {StatesError::HeartbeatTimeout, "States.HeartbeatTimeout"},
    {StatesError::IntrinsicFailure, "States.IntrinsicFailure"},
    {StatesError::ItemReaderFailed, "States.ItemReaderFailed"},
    {StatesError::NoChoiceMatched, "States.NoChoiceMatched"},
    {StatesError::ParameterPathFailure, "States.ParameterPathFailure"},
    {StatesError::Permissions, "States.Permissions"},
    {StatesError::ResultPathMatchFailure, "States.ResultPathMatchFailure"},
    {StatesError::ResultWriterFailed, "States.ResultWriterFailed"},
    {StatesError::Runtime, "States.Runtime"},
    {StatesError::TaskFailed, "States.TaskFailed"},
    {StatesError::Timeout, "States.Timeout"},
    {StatesError::BranchFailed, "States.BranchFailed"},
    {StatesError::QueryEvaluationError, "States.QueryEvaluationError"},
    {StatesError::EvaluationFailed, "States.EvaluationFailed"},
}};

}  // namespace

const char* to_string(StatesError error) { return name_in(kNames, error); }

std::optional<StatesError> parse_states_error(std::string_view name) { return value_in(kNames, name); }

bool is_reserved_prefix(std::string_view name) { return name.substr(0, 7) == "States."; }

bool is_known_states_error(std::string_view name) {
  return parse_states_error(name).has_value() || (name.substr(0, 12) == "States.Http." && name.size() > 12);
}

bool error_matches(const std::vector<std::string>& error_equals, const ErrorName& error) {
  const auto kind = error.predefined();
  const bool uncatchable = kind == StatesError::Runtime;
  return std::any_of(error_equals.begin(), error_equals.end(), [&](const std::string& name) {
    if (name == error.str()) return !uncatchable;
    if (uncatchable) return false;
    if (name == "States.ALL") return true;
    if (name == "States.TaskFailed") return kind != StatesError::Timeout;
    return false;
  });
}

}  // namespace stepwise::definitions
