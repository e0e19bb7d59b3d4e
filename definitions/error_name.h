#pragma once
// ASL error names: the predefined "States.*" names and custom ones, and the matching rules.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::definitions {

// The spec's table of predefined error codes (plus AWS's later additions).
enum class StatesError {
  All,
  DataLimitExceeded,
  ExceedToleratedFailureThreshold,
  HeartbeatTimeout,
  IntrinsicFailure,
  ItemReaderFailed,
  NoChoiceMatched,
  ParameterPathFailure,
  Permissions,
  ResultPathMatchFailure,
  ResultWriterFailed,
  Runtime,
  TaskFailed,
  Timeout,
  BranchFailed,
  QueryEvaluationError,
  EvaluationFailed,
};

const char* to_string(StatesError error);
// "States.Timeout" -> StatesError::Timeout; nullopt for custom names and unknown "States.*" names.
std::optional<StatesError> parse_states_error(std::string_view name);
// "States." is a reserved prefix: a name that uses it must be one of the predefined ones, or one of
// the HTTP Task's "States.Http.Socket" / "States.Http.StatusCode.NNN" family.
bool is_reserved_prefix(std::string_view name);
bool is_known_states_error(std::string_view name);

// An error name as it flows through Retry/Catch.
class ErrorName {
 public:
  explicit ErrorName(std::string name) : name_(std::move(name)), predefined_(parse_states_error(name_)) {}
  ErrorName(StatesError e) : name_(to_string(e)), predefined_(e) {}
  const std::string& str() const { return name_; }
  std::optional<StatesError> predefined() const { return predefined_; }
  bool operator==(const ErrorName& other) const { return name_ == other.name_; }

 private:
  std::string name_;
  std::optional<StatesError> predefined_;
};

// Does a Retrier's or Catcher's ErrorEquals list match this error? The one place the rules live:
// - "States.ALL" matches any error name except States.Runtime, which nothing catches. The spec
//   says the same of States.DataLimitExceeded, but AWS fails a task whose result is over 256 KiB
//   with it, and there Retry and Catch (States.ALL included) apply, as recorded on AWS; a state's
//   own output over the limit fails the execution without reaching a Catcher.
// - "States.TaskFailed" matches any error a Task can raise except States.Timeout
//   (spec: "States.TaskFailed ... matches any known error name except States.Timeout").
// - any other name matches itself exactly.
bool error_matches(const std::vector<std::string>& error_equals, const ErrorName& error);

}  // namespace stepwise::definitions
