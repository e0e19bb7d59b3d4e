#include "engine/history_event.h"

#include <cctype>
#include <ctime>

namespace stepwise::engine {

namespace {

// Where a service integration's resource splits into its type and its action:
// "lambda" | "invoke.waitForTaskToken", "aws-sdk:s3" | "getObject"; npos when it has no action.
std::size_t resource_split(const std::string& s) {
  return s.rfind("aws-sdk:", 0) == 0 ? s.find(':', 8) : s.find(':');
}

}  // namespace

std::string resource_type_of(const definitions::Resource& r) {
  if (r.local) return "local";
  const auto split = resource_split(r.resource);
  return split == std::string::npos ? r.resource : r.resource.substr(0, split);
}

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// resourceType and resource of the Task* events: "lambda" / "invoke.waitForTaskToken",
// "aws-sdk:s3" / "getObject", and for Stepwise's local form "local" / NAME.
void add_resource_parts(Json& d, const definitions::Resource& r) {
  d["resourceType"] = resource_type_of(r);
  if (r.local) {
    d["resource"] = r.resource;
    return;
  }
  const auto split = resource_split(r.resource);
  d["resource"] = split == std::string::npos ? std::string() : r.resource.substr(split + 1);
}

// The members a task event takes from its state's Resource.
void add_task_fields(Json& d, std::string_view type, const definitions::TaskState& task) {
  if (starts_with(type, "Task")) {
    add_resource_parts(d, task.resource);
    if (type == "TaskScheduled") d["region"] = task.resource.region.empty() ? "us-east-1" : task.resource.region;
  } else if (ends_with(type, "Scheduled")) {  // LambdaFunctionScheduled, ActivityScheduled
    d["resource"] = task.resource.text;
  }
}
}  // namespace

std::string details_key(const std::string& type) {
  if (ends_with(type, "StateEntered")) return "stateEnteredEventDetails";
  if (ends_with(type, "StateExited")) return "stateExitedEventDetails";
  std::string key = type;
  if (!key.empty()) key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return key + "EventDetails";
}

namespace {

// "YYYY-MM-DDTHH:MM:SS" of the second holding micros, and the milliseconds into it.
std::string iso_seconds(std::int64_t micros, int& millis) {
  std::int64_t seconds = micros / 1000000;
  std::int64_t rest = micros % 1000000;
  if (rest < 0) {
    seconds -= 1;
    rest += 1000000;
  }
  millis = static_cast<int>(rest / 1000);
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string with_millis(std::string text, int millis) {
  char buf[8];
  std::snprintf(buf, sizeof buf, ".%03d", millis);
  return text + buf + "Z";
}

}  // namespace

std::string format_iso_time(std::int64_t micros) {
  int millis = 0;
  std::string text = iso_seconds(micros, millis);
  return with_millis(std::move(text), millis);
}

std::string format_context_time(std::int64_t micros) {
  int millis = 0;
  std::string text = iso_seconds(micros, millis);
  return millis == 0 ? text + "Z" : with_millis(std::move(text), millis);
}

Json full_details(const HistoryEvent& event) {
  if (!event.state && event.data == HistoryEvent::Data::None) return event.details;
  const std::string_view type = event.type;
  Json d = Json::object();
  if (!event.state) {
    // an execution event (ExecutionStarted: its input is kept flat)
  } else if (ends_with(type, "StateEntered") || ends_with(type, "StateExited")) {
    d["name"] = definitions::common_of(*event.state).name;
  } else if (type.find("State") == std::string_view::npos) {
    if (const auto* task = std::get_if<definitions::TaskState>(event.state)) add_task_fields(d, type, *task);
  }
  switch (event.data) {
    case HistoryEvent::Data::None: break;
    case HistoryEvent::Data::Input:
      d["input"] = event.payload;
      d["inputDetails"] = Json{{"truncated", false}};
      break;
    case HistoryEvent::Data::Output:
      d["output"] = event.payload;
      d["outputDetails"] = Json{{"truncated", false}};
      break;
    case HistoryEvent::Data::Parameters: d["parameters"] = event.payload; break;
  }
  if (event.details.is_object())
    for (const auto& [k, v] : event.details.items()) d[k] = v;
  if (d.empty()) return event.details;
  return d;
}

Json to_json(const HistoryEvent& event) {
  Json out = Json::object();
  out["timestamp"] = format_iso_time(event.timestamp_micros);
  out["type"] = event.type;
  out["id"] = event.id;
  out["previousEventId"] = event.previous_event_id;
  Json details = full_details(event);
  if (!details.is_null()) out[details_key(event.type)] = std::move(details);
  return out;
}

}  // namespace stepwise::engine
