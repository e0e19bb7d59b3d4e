#pragma once
// A parsed, validated, immutable state machine (or a Parallel branch / Map item processor).
#include <cstdint>
#include <unordered_map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "definitions/states.h"

namespace stepwise::definitions {

// A state machine owns its states; the per-state tables below are indexed by position, so it is
// neither copied nor moved once built.
class StateMachine {
 public:
  StateMachine(std::string start_at, std::vector<State> states, std::string comment,
               QueryLanguage query_language, std::optional<std::int64_t> timeout_seconds, std::string version);
  StateMachine(const StateMachine&) = delete;
  StateMachine& operator=(const StateMachine&) = delete;

  const std::string& start_at() const { return start_at_; }
  const std::string& comment() const { return comment_; }
  QueryLanguage query_language() const { return query_language_; }
  std::optional<std::int64_t> timeout_seconds() const { return timeout_seconds_; }
  const std::string& version() const { return version_; }
  // States in definition order.
  const std::vector<State>& states() const { return states_; }
  // The state named name, or nullptr.
  const State* find(const std::string& name) const;
  const State& start_state() const { return states_[start_index_]; }
  // The state that `Next` of state (one of states()) names, or nullptr at an end.
  const State* next_of(const State& state) const {
    const std::size_t i = next_[index_of(state)];
    return i == kNone ? nullptr : &states_[i];
  }
  // Whether a path or template of state (one of states()) reads the context object "$$".
  bool reads_context(const State& state) const { return reads_context_[index_of(state)]; }
  // The first state written in JSONata, branches and item processors included, or nullptr.
  const State* first_jsonata_state() const { return first_jsonata_state_; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t index_of(const State& state) const { return static_cast<std::size_t>(&state - states_.data()); }

  std::string start_at_;
  std::vector<State> states_;
  std::unordered_map<std::string, std::size_t> index_;
  std::size_t start_index_ = 0;
  std::vector<std::size_t> next_;    // per state: index of its Next, kNone when it has none
  std::vector<bool> reads_context_;  // per state
  const State* first_jsonata_state_ = nullptr;
  std::string comment_;
  QueryLanguage query_language_;
  std::optional<std::int64_t> timeout_seconds_;
  std::string version_;
};

}  // namespace stepwise::definitions
