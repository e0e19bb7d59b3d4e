// Parallel and Map: child frames for branches and iterations, results gathered in order, the first
// failure failing the state (beyond a Map's tolerated failures) and aborting the rest. A Distributed
// Map runs its child workflows the same way here, as a Map Run (MapRunStarted / MapRunSucceeded /
// MapRunFailed), with its ItemBatcher and AWS's failure rule: a failed child counts against the
// tolerated failures, which default to none.
#include <cmath>

#include "engine/interpreter.h"
#include "engine/interpreter/data_flow.h"
#include "engine/interpreter/stepper.h"

namespace stepwise::engine::interpreter {

using namespace definitions;

namespace {

Json iteration_details(const Frame& parent, std::size_t index) {
  Json d = Json::object();
  d["name"] = common_of(*parent.state).name;
  d["index"] = index;
  return d;
}

bool is_distributed_map(const Frame& frame) {
  const auto* map = std::get_if<MapState>(frame.state);
  return map && map->mode == ProcessorMode::Distributed;
}

std::unique_ptr<Frame> new_child(Frame& parent, std::size_t index, const StateMachine* machine) {
  auto child = std::make_unique<Frame>();
  child->parent = &parent;
  child->index = index;
  child->machine = machine;
  child->variables = std::make_shared<VariableScope>();
  child->variables->parent = parent.variables;
  if (is_distributed_map(parent)) {  // a child workflow execution of its own
    child->execution_root = child.get();
    child->child_events = 1;  // its ExecutionStarted
  } else {
    child->execution_root = parent.execution_root;
  }
  return child;
}

// A number from a "...Path" field of a Map, or the literal.
Result<double> number_from(const std::optional<JsonPath>& path, double literal, const Json& input,
                           const PathScope& scope, const char* field) {
  if (!path) return literal;
  const Json* value = path->find(input, scope);
  if (!value || !value->is_number() || value->get<double>() < 0)
    return make_error("States.Runtime", std::string("The value of the field '") + field +
                                            "' must be a non-negative number, but was " +
                                            (value ? value->dump() : std::string("missing")));
  return value->get<double>();
}

// A positive integer from a "...Path" field of an ItemBatcher, or the literal.
Result<std::optional<std::int64_t>> positive_from(const std::optional<JsonPath>& path,
                                                  const std::optional<std::int64_t>& literal, const Json& input,
                                                  const PathScope& scope, const char* field) {
  if (!path) return literal;
  const Json* value = path->find(input, scope);
  if (!value || !value->is_number_integer() || value->get<std::int64_t>() < 1)
    return make_error("States.Runtime", std::string("The value of the field '") + field +
                                            "' must be a positive integer, but was " +
                                            (value ? value->dump() : std::string("missing")));
  return std::optional<std::int64_t>(value->get<std::int64_t>());
}

// "arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID", as AWS names a Map Run.
std::string map_run_arn(const std::string& machine_arn, const std::string& label, const std::string& id) {
  std::string arn = machine_arn;
  const auto at = arn.find(":stateMachine:");
  if (at != std::string::npos) arn.replace(at, 14, ":mapRun:");
  return arn + "/" + (label.empty() ? id : label) + ":" + id;
}

}  // namespace

// ItemBatcher: the items (each through ItemSelector first) grouped into child inputs
// {"BatchInput": ..., "Items": [...]}, each batch within MaxItemsPerBatch items and
// MaxInputBytesPerBatch bytes of JSON (an item larger than that alone makes a batch).
std::optional<Error> Stepper::batch_items(Frame& frame, const MapState& state) {
  const ItemBatcher& batcher = *state.item_batcher;
  Scope scope = scope_for(frame);
  auto max_items = positive_from(batcher.max_items_per_batch_path, batcher.max_items_per_batch, frame.effective,
                                 scope.paths(), "MaxItemsPerBatchPath");
  if (!max_items) return max_items.error();
  auto max_bytes = positive_from(batcher.max_input_bytes_per_batch_path, batcher.max_input_bytes_per_batch,
                                 frame.effective, scope.paths(), "MaxInputBytesPerBatchPath");
  if (!max_bytes) return max_bytes.error();
  const std::size_t item_limit = max_items.value() ? static_cast<std::size_t>(*max_items.value()) : SIZE_MAX;
  const std::size_t byte_limit = static_cast<std::size_t>(max_bytes.value().value_or(kMaxPayloadBytes));
  Json batch_input;
  if (batcher.batch_input) {
    auto evaluated = batcher.batch_input->evaluate(frame.effective, scope.paths(), env_);
    if (!evaluated) return evaluated.error();
    batch_input = std::move(evaluated.value());
  }
  // {"BatchInput":...,"Items":[]} before any item; each item adds its text and a comma.
  const std::size_t empty_size =
      std::string_view(R"({"Items":[]})").size() + (batcher.batch_input ? 14 + json_text_size(batch_input) : 0);
  Json batches = Json::array();
  Json current = Json::array();
  std::size_t current_size = empty_size;
  auto close_batch = [&] {
    Json child = Json::object();
    if (batcher.batch_input) child["BatchInput"] = batch_input;
    frame.batch_sizes.push_back(current.size());
    child["Items"] = std::move(current);
    batches.push_back(std::move(child));
    current = Json::array();
    current_size = empty_size;
  };
  for (std::size_t i = 0; i < frame.items.size(); ++i) {
    Json item;
    if (state.item_selector) {
      Scope item_scope(ex_, frame, true, nullptr, &frame.items[i], static_cast<std::int64_t>(i));
      auto selected = state.item_selector->evaluate(frame.effective, item_scope.paths(), env_);
      if (!selected) return selected.error();
      item = std::move(selected.value());
    } else {
      item = std::move(frame.items[i]);
    }
    const std::size_t item_size = json_text_size(item);
    if (!current.empty() && (current.size() >= item_limit || current_size + 1 + item_size > byte_limit)) close_batch();
    current_size += item_size + (current.empty() ? 0 : 1);
    current.push_back(std::move(item));
  }
  if (!current.empty()) close_batch();
  frame.items = std::move(batches);
  return std::nullopt;
}

void Stepper::run_parallel(Frame& frame, const ParallelState& state) {
  Scope scope = scope_for(frame);
  Json effective = frame.input;
  if (auto e = filter_path(state.common.input_path, effective, scope.paths())) return runtime_failure(frame, *e);
  if (state.io.parameters) {
    auto parameters = state.io.parameters->evaluate(effective, scope.paths(), env_);
    if (!parameters) return runtime_failure(frame, parameters.error());
    effective = std::move(parameters.value());
  }
  frame.effective = std::move(effective);
  emit(frame, "ParallelStateStarted", Json());
  const std::size_t n = state.branches.size();
  frame.children.clear();
  frame.results = Json::array();
  for (std::size_t i = 0; i < n; ++i) frame.results.push_back(nullptr);
  frame.next_child = n;
  frame.active_children = n;
  frame.finished_children = 0;
  frame.failed_children = 0;
  frame.max_concurrency = 0;
  frame.last_child_event_id = frame.last_event_id;
  frame.waiting = Waiting::Children;
  for (std::size_t i = 0; i < n; ++i) {
    frame.children.push_back(new_child(frame, i, state.branches[i].get()));
    Frame& child = *frame.children.back();
    child.last_event_id = frame.last_event_id;
    goto_state(child, child.machine->start_state(), Json(frame.effective));
  }
  for (std::size_t i = 0; i < n && frame.waiting == Waiting::Children && !ex_.done(); ++i) {
    Frame* child = frame.children[i].get();
    if (!child) continue;
    run(*child);
    if (!ex_.done() && child->status != FrameStatus::Running) child_done(frame, *child);
  }
  if (!ex_.done()) children_progress(frame);
}

void Stepper::run_map(Frame& frame, const MapState& state) {
  // Items read from S3 (ItemReader) and results written to S3 (ResultWriter) need the service:
  // mapping over the state input instead would give a plausible but wrong result, so the state
  // fails, saying why (States.Runtime: nothing catches it).
  if (state.item_reader)
    return runtime_failure(frame, make_error("States.Runtime",
                                             "Stepwise does not read a Map's items with ItemReader yet (its Resource is " +
                                                 state.item_reader->resource +
                                                 "). To run this state locally, give the items in the state input "
                                                 "and select them with ItemsPath."));
  if (state.result_writer)
    return runtime_failure(frame, make_error("States.Runtime",
                                             "Stepwise does not write a Map's results with ResultWriter yet (its "
                                             "Resource is " + state.result_writer->resource +
                                                 "). To run this state locally, remove ResultWriter: the results are "
                                                 "then the state's output."));
  Scope scope = scope_for(frame);
  Json effective = frame.input;
  if (auto e = filter_path(state.common.input_path, effective, scope.paths())) return runtime_failure(frame, *e);
  Json items;
  if (state.items_path) {
    auto selected = state.items_path->evaluate(effective, scope.paths());
    if (!selected)
      return runtime_failure(frame, invalid_path_error(*state.items_path));
    items = std::move(selected.value());
  } else {
    items = effective;
  }
  if (!items.is_array())
    return runtime_failure(frame, make_error("States.Runtime", "Invalid path '" +
                                                                   (state.items_path ? state.items_path->text() : "$") +
                                                                   "': The Map state's ItemsPath must reference a JSON "
                                                                   "array, but found " + items.dump()));
  auto concurrency = number_from(state.max_concurrency_path, static_cast<double>(state.max_concurrency),
                                 effective, scope.paths(), "MaxConcurrencyPath");
  if (!concurrency) return runtime_failure(frame, concurrency.error());
  frame.effective = std::move(effective);
  frame.items = std::move(items);
  frame.item_count = frame.items.size();
  frame.batch_sizes.clear();
  emit(frame, "MapStateStarted", Json{{"length", frame.item_count}});
  if (state.mode == ProcessorMode::Distributed) {
    emit(frame, "MapRunStarted",
         Json{{"mapRunArn", map_run_arn(ex_.info.state_machine_arn, state.label, env_.uuid())}});
    if (state.item_batcher)
      if (auto e = batch_items(frame, state)) return runtime_failure(frame, *e);
  }
  const std::size_t n = frame.items.size();
  frame.children.clear();
  frame.children.resize(n);
  frame.results = Json::array();
  for (std::size_t i = 0; i < n; ++i) frame.results.push_back(nullptr);
  frame.next_child = 0;
  frame.active_children = 0;
  frame.finished_children = 0;
  frame.failed_children = 0;
  frame.max_concurrency = static_cast<std::int64_t>(concurrency.value());
  frame.last_child_event_id = frame.last_event_id;
  frame.waiting = Waiting::Children;
  children_progress(frame);
}

// Starts iteration index of a Map: its input through ItemSelector, MapIterationStarted, and the
// first state. False when the item selector failed (the execution has failed).
bool Stepper::start_child(Frame& parent, std::size_t index) {
  const auto& state = std::get<MapState>(*parent.state);
  Json input;
  if (!parent.batch_sizes.empty()) {
    input = std::move(parent.items[index]);  // a batch, its items selected already
  } else if (state.item_selector) {
    Scope scope(ex_, parent, true, nullptr, &parent.items[index], static_cast<std::int64_t>(index));
    auto selected = state.item_selector->evaluate(parent.effective, scope.paths(), env_);
    if (!selected) {
      runtime_failure(parent, selected.error());
      return false;
    }
    input = std::move(selected.value());
  } else {
    input = parent.items[index];
  }
  parent.children[index] = new_child(parent, index, state.processor.get());
  Frame& child = *parent.children[index];
  child.last_event_id = state.mode == ProcessorMode::Distributed
                            ? 1  // the child execution's ExecutionStarted
                            : emit_at(parent.last_event_id, "MapIterationStarted", iteration_details(parent, index));
  ++parent.active_children;
  goto_state(child, child.machine->start_state(), std::move(input));
  return true;
}

void Stepper::children_progress(Frame& parent) {
  if (parent.waiting != Waiting::Children || parent.status != FrameStatus::Running) return;
  if (type_of(*parent.state) == StateType::Map) {
    const std::size_t n = parent.items.size();
    while (parent.waiting == Waiting::Children && !ex_.done() && parent.next_child < n &&
           (parent.max_concurrency <= 0 ||
            parent.active_children < static_cast<std::size_t>(parent.max_concurrency))) {
      const std::size_t index = parent.next_child++;
      if (!start_child(parent, index)) return;
      Frame& child = *parent.children[index];
      run(child);
      if (!ex_.done() && child.status != FrameStatus::Running) child_done(parent, child);
    }
  }
  if (ex_.done() || parent.waiting != Waiting::Children) return;
  if (parent.finished_children < parent.results.size()) return;
  // Every child is done: the state's own result processing.
  parent.waiting = Waiting::Nothing;
  parent.children.clear();
  const bool is_map = type_of(*parent.state) == StateType::Map;
  parent.last_event_id = parent.last_child_event_id;
  if (is_distributed_map(parent))
    parent.last_child_event_id = emit_at(parent.last_child_event_id, "MapRunSucceeded", Json());
  emit_at(parent.last_child_event_id, is_map ? "MapStateSucceeded" : "ParallelStateSucceeded", Json());  // static
  Json results = std::move(parent.results);
  if (is_map) {
    const auto& state = std::get<MapState>(*parent.state);
    complete_with_result(parent, std::move(results), state.io, state.common);
  } else {
    const auto& state = std::get<ParallelState>(*parent.state);
    complete_with_result(parent, std::move(results), state.io, state.common);
  }
}

void Stepper::child_done(Frame& parent, Frame& child) {
  const bool is_map = type_of(*parent.state) == StateType::Map;
  const std::size_t index = child.index;
  --parent.active_children;
  ++parent.finished_children;
  const bool distributed = is_distributed_map(parent);  // no iteration events: child executions
  if (child.status == FrameStatus::Succeeded) {
    if (distributed) {
      // the Map Run's events stay on the parent's chain
    } else if (is_map) {
      parent.last_child_event_id =
          emit_at(child.last_event_id, "MapIterationSucceeded", iteration_details(parent, index));
    } else {
      parent.last_child_event_id = child.last_event_id;
    }
    parent.results[index] = std::move(child.output);
    parent.children[index].reset();
    return;
  }
  Failure failure{child.error, child.cause};
  const std::int64_t child_last = distributed ? parent.last_child_event_id : child.last_event_id;
  if (is_map) {
    const auto& state = std::get<MapState>(*parent.state);
    // Failures count items: a failed batch fails every item in it.
    parent.failed_children += parent.batch_sizes.empty() ? 1 : parent.batch_sizes[index];
    const std::int64_t failed_id =
        distributed ? child_last : emit_at(child_last, "MapIterationFailed", iteration_details(parent, index));
    Scope scope = scope_for(parent);
    // A Distributed Map fails on its first failed child unless failures are tolerated (AWS:
    // States.ExceedToleratedFailureThreshold); an inline Map without tolerance fails with the
    // iteration's own error.
    const bool has_tolerance = state.tolerated_failure_count || state.tolerated_failure_count_path ||
                               state.tolerated_failure_percentage || state.tolerated_failure_percentage_path ||
                               state.mode == ProcessorMode::Distributed;
    if (has_tolerance) {
      auto count = number_from(state.tolerated_failure_count_path,
                               static_cast<double>(state.tolerated_failure_count.value_or(
                                   state.tolerated_failure_percentage || state.tolerated_failure_percentage_path
                                       ? static_cast<std::int64_t>(parent.item_count)
                                       : 0)),
                               parent.effective, scope.paths(), "ToleratedFailureCountPath");
      if (!count) return runtime_failure(parent, count.error());
      auto percent = number_from(state.tolerated_failure_percentage_path,
                                 state.tolerated_failure_percentage.value_or(
                                     state.tolerated_failure_count || state.tolerated_failure_count_path ? 100.0 : 0.0),
                                 parent.effective, scope.paths(), "ToleratedFailurePercentagePath");
      if (!percent) return runtime_failure(parent, percent.error());
      const double failed = static_cast<double>(parent.failed_children);
      const double total = static_cast<double>(parent.item_count);
      if (failed <= count.value() && failed * 100.0 <= percent.value() * total) {
        parent.last_child_event_id = failed_id;
        parent.results[index] = error_output(failure.error, failure.cause);
        parent.children[index].reset();
        return;
      }
      failure = Failure{"States.ExceedToleratedFailureThreshold",
                        std::string("The specified tolerated failure threshold was exceeded")};
    }
  }
  // The state fails: abort the other children, then Retry / Catch on the Parallel or Map.
  parent.children[index].reset();
  for (auto& other : parent.children)
    if (other && other->status == FrameStatus::Running) {
      abort_frame(*other, true);
      if (is_map && !distributed)
        emit_at(other->last_event_id, "MapIterationAborted", iteration_details(parent, other->index));
    }
  parent.children.clear();
  parent.waiting = Waiting::Nothing;
  parent.last_event_id = child_last;
  if (distributed) {
    Json details = Json::object();
    details["error"] = failure.error;
    if (failure.cause) details["cause"] = *failure.cause;
    parent.last_event_id = emit_at(child_last, "MapRunFailed", std::move(details));
  }
  state_error(parent, std::move(failure));
}

}  // namespace stepwise::engine::interpreter
