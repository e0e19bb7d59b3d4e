// State machines, branches and item processors: top-level fields, state names, and the graph
// checks (transition targets exist, every state is reachable, a terminal state exists).
#include <deque>
#include <map>

#include "definitions/json_reader.h"
#include "definitions/parse.h"
#include "definitions/parser/state_parser.h"
#include "definitions/utf8.h"

namespace stepwise::definitions::parser {
namespace {

struct Edge {
  std::string target;
  std::string pointer;
};

std::vector<Edge> edges_of(const State& state, const std::string& ptr) {
  std::vector<Edge> edges;
  const auto& common = common_of(state);
  if (common.next) edges.push_back({*common.next, pointer_append(ptr, "Next")});
  if (const auto* choice = std::get_if<ChoiceState>(&state)) {
    for (std::size_t i = 0; i < choice->choices.size(); ++i)
      if (choice->choices[i].next)
        edges.push_back({*choice->choices[i].next, pointer_append(pointer_append(pointer_append(ptr, "Choices"), i), "Next")});
    if (choice->default_next) edges.push_back({*choice->default_next, pointer_append(ptr, "Default")});
  }
  auto add_catchers = [&](const std::vector<Catcher>& catchers) {
    for (std::size_t i = 0; i < catchers.size(); ++i)
      if (!catchers[i].next.empty())
        edges.push_back({catchers[i].next, pointer_append(pointer_append(pointer_append(ptr, "Catch"), i), "Next")});
  };
  if (const auto* t = std::get_if<TaskState>(&state)) add_catchers(t->catches);
  if (const auto* p = std::get_if<ParallelState>(&state)) add_catchers(p->catches);
  if (const auto* m = std::get_if<MapState>(&state)) add_catchers(m->catches);
  return edges;
}

bool is_terminal(const State& state) {
  return common_of(state).end || std::holds_alternative<SucceedState>(state) ||
         std::holds_alternative<FailState>(state);
}

void check_graph(Context& ctx, const std::string& start_at, const std::vector<State>& states,
                 const std::vector<std::string>& pointers, const std::string& ptr) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < states.size(); ++i) index.emplace(common_of(states[i]).name, i);
  std::vector<std::vector<Edge>> edges(states.size());
  for (std::size_t i = 0; i < states.size(); ++i) {
    edges[i] = edges_of(states[i], pointers[i]);
    for (const auto& e : edges[i])
      if (!index.count(e.target))
        ctx.error(DiagnosticCode::MissingTransitionTarget,
                  "Missing '" + e.pointer.substr(e.pointer.rfind('/') + 1) + "' target: " + e.target, e.pointer);
  }
  bool has_terminal = false;
  for (const auto& s : states) has_terminal = has_terminal || is_terminal(s);
  if (!states.empty() && !has_terminal)
    ctx.error(DiagnosticCode::MissingEndState,
              "Workflow has no terminal state (a Succeed or Fail state, or a state with \"End\": true)",
              pointer_append(ptr, "States"));

  auto start = index.find(start_at);
  if (start == index.end()) return;  // reported by the caller
  std::vector<bool> seen(states.size());
  std::deque<std::size_t> queue{start->second};
  seen[start->second] = true;
  while (!queue.empty()) {
    auto i = queue.front();
    queue.pop_front();
    for (const auto& e : edges[i]) {
      auto it = index.find(e.target);
      if (it != index.end() && !seen[it->second]) {
        seen[it->second] = true;
        queue.push_back(it->second);
      }
    }
  }
  for (std::size_t i = 0; i < states.size(); ++i)
    if (!seen[i])
      ctx.error(DiagnosticCode::MissingTransitionTarget,
                "State \"" + common_of(states[i]).name + "\" is not reachable.", pointers[i]);
}

}  // namespace

const char* to_string(MachineKind kind) {
  switch (kind) {
    case MachineKind::Root: return "a state machine";
    case MachineKind::Branch: return "a Parallel branch";
    case MachineKind::ItemProcessor: return "an ItemProcessor";
    case MachineKind::Iterator: return "an Iterator";
  }
  return "a state machine";
}

std::shared_ptr<const StateMachine> parse_machine(Context& ctx, const Json& doc, const std::string& ptr,
                                                  MachineKind kind) {
  const char* what = to_string(kind);
  if (!doc.is_object()) {
    ctx.schema(std::string("The value of ") + what + " must be a JSON object", ptr);
    return nullptr;
  }
  Where w{doc, ptr};
  switch (kind) {
    case MachineKind::Root:
      check_allowed_fields(ctx, w, {"Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage"}, what);
      break;
    case MachineKind::ItemProcessor:
      check_allowed_fields(ctx, w, {"Comment", "StartAt", "States", "ProcessorConfig"}, what);
      break;
    default:
      check_allowed_fields(ctx, w, {"Comment", "StartAt", "States"}, what);
  }
  std::optional<std::int64_t> timeout;
  std::string version;
  if (kind == MachineKind::Root) {
    ctx.top_level_language = QueryLanguage::JsonPath;
    if (auto ql = read_string(ctx, w, "QueryLanguage")) {
      if (*ql == "JSONata")
        ctx.top_level_language = QueryLanguage::Jsonata;
      else if (*ql != "JSONPath")
        ctx.schema("The value for the field 'QueryLanguage' must be 'JSONPath' or 'JSONata'", w.at("QueryLanguage"));
    }
    timeout = read_integer(ctx, w, "TimeoutSeconds", 0, kMaxSeconds);
    version = read_string(ctx, w, "Version").value_or("1.0");
  }
  std::string comment = read_string(ctx, w, "Comment").value_or("");
  auto start_at = read_string(ctx, w, "StartAt", true);

  const Json* states_json = field(doc, "States");
  std::vector<State> states;
  std::vector<std::string> pointers;
  const std::string states_ptr = w.at("States");
  if (!states_json) {
    require(ctx, w, "States");
  } else if (!states_json->is_object() || states_json->empty()) {
    ctx.schema("The value for the field 'States' must be a JSON object with at least one state", states_ptr);
  } else {
    for (const auto& item : states_json->items()) {
      const std::string& name = item.key();
      const std::string state_ptr = pointer_append(states_ptr, name);
      const auto length = utf8_length(name);
      if (length == 0 || length > kMaxStateNameLength)
        ctx.error(DiagnosticCode::InvalidStateName,
                  "A state name must be 1 to 80 characters long; '" + name + "' has " + std::to_string(length),
                  state_ptr);
      if (!ctx.state_names.insert(name).second)
        ctx.error(DiagnosticCode::DuplicateStateName,
                  "The state name '" + name + "' is used more than once in the state machine", state_ptr);
      states.push_back(parse_state(ctx, name, item.value(), state_ptr));
      pointers.push_back(state_ptr);
    }
  }
  if (start_at && !states.empty()) {
    bool found = false;
    for (const auto& s : states) found = found || common_of(s).name == *start_at;
    if (!found)
      ctx.error(DiagnosticCode::MissingTransitionTarget, "Missing 'StartAt' target: " + *start_at, w.at("StartAt"));
  }
  check_graph(ctx, start_at.value_or(""), states, pointers, ptr);
  return std::make_shared<const StateMachine>(start_at.value_or(""), std::move(states), std::move(comment), ctx.top_level_language,
                                              timeout, std::move(version));
}

}  // namespace stepwise::definitions::parser

namespace stepwise::definitions {

ParseResult parse_definition(std::string_view text) {
  ParseResult result;
  auto read = read_definition_json(text);
  result.diagnostics = std::move(read.diagnostics);
  if (!read.ok) return result;
  parser::Context ctx(result.diagnostics);
  if (!read.document.is_object()) {
    ctx.schema("A state machine definition must be a JSON object", "");
    return result;
  }
  auto machine = parser::parse_machine(ctx, read.document, "", parser::MachineKind::Root);
  if (!has_errors(result.diagnostics)) result.machine = std::move(machine);
  return result;
}

}  // namespace stepwise::definitions
