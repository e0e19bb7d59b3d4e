#include "engine/service/journal.h"

namespace stepwise::engine::service {

namespace {
constexpr Trigger::Kind kKinds[] = {Trigger::Kind::Start,         Trigger::Kind::TaskSucceeded,
                                    Trigger::Kind::TaskFailed,    Trigger::Kind::TaskHeartbeat,
                                    Trigger::Kind::TaskStarted,
                                    Trigger::Kind::TimerFired,    Trigger::Kind::Stop};
}

std::string encode_journal_entry(const Trigger& trigger, std::int64_t now_micros) {
  Json j = Json::object();
  j["k"] = to_string(trigger.kind);
  if (trigger.id) j["id"] = trigger.id;
  j["t"] = now_micros;
  if (trigger.kind == Trigger::Kind::TaskSucceeded) j["o"] = trigger.output;
  if (!trigger.error.empty()) j["e"] = trigger.error;
  if (trigger.cause) j["c"] = *trigger.cause;
  if (!trigger.worker.empty()) j["w"] = trigger.worker;
  return j.dump();
}

Result<JournalEntry> decode_journal_entry(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("k") || !j["k"].is_string() || !j.contains("t"))
    return make_error("Storage", "a journal entry is not readable: " + text.substr(0, 200));
  JournalEntry entry;
  const std::string kind = j["k"].get<std::string>();
  bool known = false;
  for (auto k : kKinds)
    if (kind == to_string(k)) {
      entry.trigger.kind = k;
      known = true;
    }
  if (!known) return make_error("Storage", "a journal entry has an unknown trigger kind '" + kind + "'");
  entry.now_micros = j["t"].get<std::int64_t>();
  if (auto it = j.find("id"); it != j.end()) entry.trigger.id = it->get<std::uint64_t>();
  if (auto it = j.find("o"); it != j.end()) entry.trigger.output = std::move(*it);
  if (auto it = j.find("e"); it != j.end()) entry.trigger.error = it->get<std::string>();
  if (auto it = j.find("c"); it != j.end()) entry.trigger.cause = it->get<std::string>();
  if (auto it = j.find("w"); it != j.end()) entry.trigger.worker = it->get<std::string>();
  return entry;
}

}  // namespace stepwise::engine::service
