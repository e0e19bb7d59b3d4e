#include <doctest/doctest.h>

#include "definitions/error_name.h"

using namespace stepwise::definitions;

TEST_CASE("Definitions.ErrorName.RoundTripsEveryPredefinedName") {
  for (int i = 0; i <= static_cast<int>(StatesError::EvaluationFailed); ++i) {
    auto e = static_cast<StatesError>(i);
    CHECK(parse_states_error(to_string(e)) == e);
  }
  CHECK_FALSE(parse_states_error("States.Foo").has_value());
  CHECK_FALSE(parse_states_error("Custom.Error").has_value());
}

TEST_CASE("Definitions.ErrorName.ExactNameMatchesItself") {
  CHECK(error_matches({"Custom.Error"}, ErrorName("Custom.Error")));
  CHECK_FALSE(error_matches({"Custom.Error"}, ErrorName("Custom.Other")));
  CHECK_FALSE(error_matches({"custom.error"}, ErrorName("Custom.Error")));
}

TEST_CASE("Definitions.ErrorName.AllMatchesAnyCatchableError") {
  CHECK(error_matches({"States.ALL"}, ErrorName("Anything")));
  CHECK(error_matches({"States.ALL"}, ErrorName(StatesError::Timeout)));
  CHECK(error_matches({"States.ALL"}, ErrorName(StatesError::HeartbeatTimeout)));
}

TEST_CASE("Definitions.ErrorName.TaskFailedMatchesAllButTimeout") {
  CHECK(error_matches({"States.TaskFailed"}, ErrorName("Lambda.ServiceException")));
  CHECK(error_matches({"States.TaskFailed"}, ErrorName(StatesError::HeartbeatTimeout)));
  CHECK_FALSE(error_matches({"States.TaskFailed"}, ErrorName(StatesError::Timeout)));
}

TEST_CASE("Definitions.ErrorName.RuntimeIsNeverCaught") {
  CHECK_FALSE(error_matches({"States.ALL"}, ErrorName(StatesError::Runtime)));
  CHECK_FALSE(error_matches({"States.TaskFailed"}, ErrorName(StatesError::Runtime)));
  CHECK_FALSE(error_matches({"States.Runtime"}, ErrorName(StatesError::Runtime)));
}

TEST_CASE("Definitions.ErrorName.DataLimitFromATaskIsCaughtLikeAnyTaskError") {
  // Recorded on AWS: a task result over 256 KiB fails the task, and States.ALL catches it (a
  // state's own output over the limit fails the execution before any Catcher is consulted).
  CHECK(error_matches({"States.ALL"}, ErrorName(StatesError::DataLimitExceeded)));
  CHECK(error_matches({"States.DataLimitExceeded"}, ErrorName(StatesError::DataLimitExceeded)));
}
