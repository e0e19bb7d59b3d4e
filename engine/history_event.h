#pragma once
// One execution history event, numbered as AWS numbers them: ids from 1, and previousEventId the
// event this one follows in its own chain (a Parallel branch or Map iteration has a chain of its
// own that starts at the ParallelStateStarted / MapIterationStarted event).
#include <cstdint>
#include <string>

#include "definitions/json.h"
#include "definitions/states.h"

namespace stepwise::engine {

struct HistoryEvent {
  // User-provided, so that a new event (history.emplace_back()) is not first zero-filled as a
  // whole and then initialized member by member: five events per Task state.
  HistoryEvent() noexcept {}
  HistoryEvent(std::int64_t event_id, std::int64_t previous, std::int64_t micros, const char* event_type) noexcept
      : id(event_id), previous_event_id(previous), timestamp_micros(micros), type(event_type) {}

  std::int64_t id = 0;
  std::int64_t previous_event_id = 0;
  std::int64_t timestamp_micros = 0;  // since the Unix epoch
  const char* type = "";              // AWS's HistoryEventType, e.g. "TaskStateEntered" (static text)
  // The common details are kept flat, not as a JSON object per event; full_details() assembles
  // them. state: the state the event belongs to (nullptr for execution events); it gives the
  // "name" of *StateEntered / *StateExited and the resource of task events, and points into the
  // execution's state machine, which must outlive the event while its details are read.
  const definitions::State* state = nullptr;
  // payload: JSON text shown as "input" (+"inputDetails"), "output" (+"outputDetails") or
  // "parameters" (TaskScheduled).
  enum class Data { None, Input, Output, Parameters };
  Data data = Data::None;
  std::string payload;
  Json details;  // any other members (error, cause, timeoutInSeconds, assignedVariables, ...), or null
};

// The resourceType of a Task's events: "lambda" for lambda:invoke, "aws-sdk:s3", "sqs", and
// "local" for Stepwise's local form.
std::string resource_type_of(const definitions::Resource& resource);

// The name of the details member AWS uses for an event type: "stateEnteredEventDetails" for every
// "*StateEntered", "stateExitedEventDetails" for every "*StateExited", otherwise the type with a
// lower-case first letter followed by "EventDetails" ("taskScheduledEventDetails").
std::string details_key(const std::string& type);

// The details as AWS shows them, the flat fields included; null when the event has none.
Json full_details(const HistoryEvent& event);

// The event as GetExecutionHistory returns it: {"timestamp","type","id","previousEventId",<details>}.
Json to_json(const HistoryEvent& event);

// ISO-8601 with milliseconds in UTC ("...T12:00:00.000Z"): the times of Stepwise's own API.
std::string format_iso_time(std::int64_t micros);
// A time as AWS writes it in the context object ($$.Execution.StartTime, $$.State.EnteredTime):
// Java's Instant text at millisecond precision, so the fraction is left out when it is zero
// ("...T12:00:00Z", "...T12:00:00.250Z").
std::string format_context_time(std::int64_t micros);

}  // namespace stepwise::engine
