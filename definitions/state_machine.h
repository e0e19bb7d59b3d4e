#pragma once
// A parsed, validated, immutable state machine (or a Parallel branch / Map item processor).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "definitions/states.h"

namespace stepwise::definitions {

class StateMachine {
 public:
  StateMachine(std::string start_at, std::vector<State> states, std::string comment,
               QueryLanguage query_language, std::optional<std::int64_t> timeout_seconds, std::string version);

  const std::string& start_at() const { return start_at_; }
  const std::string& comment() const { return comment_; }
  QueryLanguage query_language() const { return query_language_; }
  std::optional<std::int64_t> timeout_seconds() const { return timeout_seconds_; }
  const std::string& version() const { return version_; }
  // States in definition order.
  const std::vector<State>& states() const { return states_; }
  // The state named name, or nullptr.
  const State* find(const std::string& name) const;
  const State& start_state() const { return *find(start_at_); }

 private:
  std::string start_at_;
  std::vector<State> states_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::string comment_;
  QueryLanguage query_language_;
  std::optional<std::int64_t> timeout_seconds_;
  std::string version_;
};

}  // namespace stepwise::definitions
