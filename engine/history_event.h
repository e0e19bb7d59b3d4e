#pragma once
// One execution history event, numbered as AWS numbers them: ids from 1, and previousEventId the
// event this one follows in its own chain (a Parallel branch or Map iteration has a chain of its
// own that starts at the ParallelStateStarted / MapIterationStarted event).
#include <cstdint>
#include <string>

#include "definitions/json.h"

namespace stepwise::engine {

struct HistoryEvent {
  std::int64_t id = 0;
  std::int64_t previous_event_id = 0;
  std::int64_t timestamp_micros = 0;  // since the Unix epoch
  const char* type = "";              // AWS's HistoryEventType, e.g. "TaskStateEntered" (static text)
  Json details;                       // the "...EventDetails" object, or null when the event has none
  // State entered / exited events keep their common details flat (no per-event JSON object):
  // the state's name and its input or output as JSON text. to_json() puts them into details.
  enum class Data { None, Input, Output };
  Data data = Data::None;
  std::string state_name;
  std::string payload;
};

// The name of the details member AWS uses for an event type: "stateEnteredEventDetails" for every
// "*StateEntered", "stateExitedEventDetails" for every "*StateExited", otherwise the type with a
// lower-case first letter followed by "EventDetails" ("taskScheduledEventDetails").
std::string details_key(const std::string& type);

// The details as AWS shows them, the flat state fields included.
Json full_details(const HistoryEvent& event);

// The event as GetExecutionHistory returns it: {"timestamp","type","id","previousEventId",<details>}.
Json to_json(const HistoryEvent& event);

// ISO-8601 with milliseconds in UTC, as AWS writes times in the context object ("...T12:00:00.000Z").
std::string format_iso_time(std::int64_t micros);

}  // namespace stepwise::engine
