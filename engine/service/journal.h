#pragma once
// The trigger journal: every trigger an execution applied, with the instant it was applied at.
// Replaying the journal through the interpreter, each step with its recorded clock and its
// per-step randomness (replay_environment.h), rebuilds the execution exactly: the same frames,
// timers, tasks and task tokens, and the same history events.
#include <cstdint>
#include <string>

#include "definitions/result.h"
#include "engine/transition.h"

namespace stepwise::engine::service {

struct JournalEntry {
  Trigger trigger;
  std::int64_t now_micros = 0;
};

// {"k":"TaskSucceeded","id":3,"t":1700000000000000,"o":...,"e":"...","c":"..."}. A Start trigger
// leaves its input out: the execution row holds it.
std::string encode_journal_entry(const Trigger& trigger, std::int64_t now_micros);
Result<JournalEntry> decode_journal_entry(const std::string& text);

}  // namespace stepwise::engine::service
