#include "definitions/states.h"

#include "definitions/name_table.h"
#include "definitions/state_machine.h"

namespace stepwise::definitions {
namespace {
constexpr NameTable<StateType, 8> kStateTypes{{
    {StateType::Pass, "Pass"}, {StateType::Task, "Task"}, {StateType::Choice, "Choice"},
    {StateType::Wait, "Wait"}, {StateType::Succeed, "Succeed"}, {StateType::Fail, "Fail"},
    {StateType::Parallel, "Parallel"}, {StateType::Map, "Map"},
}};
}  // namespace

const char* to_string(QueryLanguage language) {
  return language == QueryLanguage::JsonPath ? "JSONPath" : "JSONata";
}

const char* to_string(StateType type) { return name_in(kStateTypes, type); }

std::optional<StateType> parse_state_type(std::string_view name) { return value_in(kStateTypes, name); }

const char* to_string(ProcessorMode mode) { return mode == ProcessorMode::Inline ? "INLINE" : "DISTRIBUTED"; }
const char* to_string(ExecutionType type) { return type == ExecutionType::Standard ? "STANDARD" : "EXPRESS"; }
const char* to_string(JitterStrategy jitter) { return jitter == JitterStrategy::Full ? "FULL" : "NONE"; }

const StateCommon& common_of(const State& state) {
  return std::visit([](const auto& s) -> const StateCommon& { return s.common; }, state);
}

StateType type_of(const State& state) { return static_cast<StateType>(state.index()); }

StateMachine::StateMachine(std::string start_at, std::vector<State> states, std::string comment,
                           QueryLanguage query_language, std::optional<std::int64_t> timeout_seconds,
                           std::string version)
    : start_at_(std::move(start_at)),
      states_(std::move(states)),
      comment_(std::move(comment)),
      query_language_(query_language),
      timeout_seconds_(timeout_seconds),
      version_(std::move(version)) {
  index_.reserve(states_.size());
  for (std::size_t i = 0; i < states_.size(); ++i) index_.emplace(common_of(states_[i]).name, i);
  auto position = [&](const std::string& name) {
    auto it = index_.find(name);
    return it == index_.end() ? kNone : it->second;
  };
  const std::size_t start = position(start_at_);
  start_index_ = start == kNone ? 0 : start;
  next_.reserve(states_.size());
  reads_context_.reserve(states_.size());
  for (const State& state : states_) {
    const auto& next = common_of(state).next;
    next_.push_back(next ? position(*next) : kNone);
    reads_context_.push_back(definitions::reads_context(state));
    // Nested machines are built before this one, each with its own answer (a definition with
    // problems may lack one).
    const State* jsonata = common_of(state).query_language == QueryLanguage::Jsonata ? &state : nullptr;
    if (const auto* parallel = std::get_if<ParallelState>(&state))
      for (const auto& branch : parallel->branches)
        if (!jsonata && branch) jsonata = branch->first_jsonata_state();
    if (const auto* map = std::get_if<MapState>(&state); map && map->processor && !jsonata)
      jsonata = map->processor->first_jsonata_state();
    if (!first_jsonata_state_) first_jsonata_state_ = jsonata;
  }
}

const State* StateMachine::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &states_[it->second];
}

}  // namespace stepwise::definitions
