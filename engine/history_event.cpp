#include "engine/history_event.h"

#include <cctype>
#include <ctime>

namespace stepwise::engine {

namespace {
bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::string details_key(const std::string& type) {
  if (ends_with(type, "StateEntered")) return "stateEnteredEventDetails";
  if (ends_with(type, "StateExited")) return "stateExitedEventDetails";
  std::string key = type;
  if (!key.empty()) key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return key + "EventDetails";
}

std::string format_iso_time(std::int64_t micros) {
  std::int64_t seconds = micros / 1000000;
  std::int64_t millis = (micros % 1000000) / 1000;
  if (micros < 0 && micros % 1000000 != 0) {
    seconds -= 1;
    millis = (micros - seconds * 1000000) / 1000;
  }
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return buf;
}

Json full_details(const HistoryEvent& event) {
  if (event.data == HistoryEvent::Data::None) return event.details;
  const bool input = event.data == HistoryEvent::Data::Input;
  Json d = Json::object();
  d["name"] = event.state_name;
  d[input ? "input" : "output"] = event.payload;
  d[input ? "inputDetails" : "outputDetails"] = Json{{"truncated", false}};
  if (event.details.is_object())
    for (const auto& [k, v] : event.details.items()) d[k] = v;
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
