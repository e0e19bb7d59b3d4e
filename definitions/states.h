#pragma once
// The eight ASL state types, each a plain value with a StateCommon. Behaviour dispatches with
// std::visit over State; the model has no virtual functions.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "definitions/choice_rule.h"
#include "definitions/json_path.h"
#include "definitions/payload_template.h"
#include "definitions/resource.h"
#include "definitions/retry_catch.h"

namespace stepwise::definitions {

class StateMachine;

enum class QueryLanguage { JsonPath, Jsonata };
const char* to_string(QueryLanguage language);

enum class StateType { Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map };
const char* to_string(StateType type);
std::optional<StateType> parse_state_type(std::string_view name);

// Fields every state may have, and the input/output fields of the JSONPath mode. A path that is
// std::nullopt was given as JSON null (InputPath/OutputPath null: {}, ResultPath null: discard).
struct StateCommon {
  std::string name;
  std::string comment;
  QueryLanguage query_language = QueryLanguage::JsonPath;
  std::optional<std::string> next;  // absent for terminal states
  bool end = false;
  std::optional<JsonPath> input_path = JsonPath();
  std::optional<JsonPath> output_path = JsonPath();
  std::optional<PayloadTemplate> assign;  // JSONPath-mode Assign
  Json assign_raw;                        // JSONata-mode Assign (evaluated in a later stage)
  Json output;                            // JSONata-mode Output (null when absent)
};

// Fields shared by the states that produce a result (Pass, Task, Parallel, Map).
struct ResultFields {
  std::optional<PayloadTemplate> parameters;
  std::optional<PayloadTemplate> result_selector;
  std::optional<JsonPath> result_path = JsonPath();
  Json arguments;  // JSONata-mode Arguments (null when absent)
};

struct PassState {
  StateCommon common;
  ResultFields io;
  std::optional<Json> result;
};

struct TaskState {
  StateCommon common;
  ResultFields io;
  Resource resource;
  std::optional<std::int64_t> timeout_seconds;
  std::optional<JsonPath> timeout_seconds_path;
  std::string timeout_seconds_jsonata;
  std::optional<std::int64_t> heartbeat_seconds;
  std::optional<JsonPath> heartbeat_seconds_path;
  std::string heartbeat_seconds_jsonata;
  std::optional<PayloadTemplate> credentials;
  std::vector<Retrier> retry;
  std::vector<Catcher> catches;
};

struct ChoiceState {
  StateCommon common;
  std::vector<ChoiceRule> choices;
  std::optional<std::string> default_next;
};

struct WaitState {
  StateCommon common;
  std::optional<std::int64_t> seconds;
  std::optional<std::string> timestamp;
  std::optional<JsonPath> seconds_path;
  std::optional<JsonPath> timestamp_path;
  std::string seconds_jsonata, timestamp_jsonata;  // "{% ... %}" forms
};

struct SucceedState {
  StateCommon common;
};

// Error and Cause: a literal, a path/intrinsic (ErrorPath/CausePath) or a JSONata expression.
struct FailState {
  StateCommon common;
  std::optional<std::string> error, cause;
  std::optional<JsonPath> error_path, cause_path;
  std::optional<IntrinsicCall> error_intrinsic, cause_intrinsic;
};

struct ParallelState {
  StateCommon common;
  ResultFields io;
  std::vector<std::shared_ptr<const StateMachine>> branches;
  std::vector<Retrier> retry;
  std::vector<Catcher> catches;
};

enum class ProcessorMode { Inline, Distributed };
enum class ExecutionType { Standard, Express };
const char* to_string(ProcessorMode mode);
const char* to_string(ExecutionType type);

struct ItemReader {
  std::string resource;
  Json reader_config;                     // MaxItems, InputType, CSVHeaderLocation, ...
  std::optional<PayloadTemplate> parameters;
  Json arguments;
};

struct ItemBatcher {
  std::optional<std::int64_t> max_items_per_batch, max_input_bytes_per_batch;
  std::optional<JsonPath> max_items_per_batch_path, max_input_bytes_per_batch_path;
  std::optional<PayloadTemplate> batch_input;
};

struct ResultWriter {
  std::string resource;
  std::optional<PayloadTemplate> parameters;
  Json arguments;
  Json writer_config;
};

struct MapState {
  StateCommon common;
  ResultFields io;
  std::shared_ptr<const StateMachine> processor;  // ItemProcessor, or the legacy Iterator
  ProcessorMode mode = ProcessorMode::Inline;
  std::optional<ExecutionType> execution_type;
  std::optional<JsonPath> items_path = JsonPath();
  Json items;                                     // JSONata Items: an array or "{% ... %}"
  std::optional<PayloadTemplate> item_selector;   // ItemSelector, or the legacy Parameters
  std::int64_t max_concurrency = 0;               // 0: no limit
  std::optional<JsonPath> max_concurrency_path;
  std::optional<double> tolerated_failure_percentage;
  std::optional<JsonPath> tolerated_failure_percentage_path;
  std::optional<std::int64_t> tolerated_failure_count;
  std::optional<JsonPath> tolerated_failure_count_path;
  std::optional<ItemReader> item_reader;
  std::optional<ItemBatcher> item_batcher;
  std::optional<ResultWriter> result_writer;
  std::string label;
  std::vector<Retrier> retry;
  std::vector<Catcher> catches;
};

using State = std::variant<PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState,
                           ParallelState, MapState>;

const StateCommon& common_of(const State& state);
StateType type_of(const State& state);
// Whether one of the state's paths, templates or intrinsic calls reads the context object "$$".
bool reads_context(const State& state);

}  // namespace stepwise::definitions
