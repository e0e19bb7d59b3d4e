// Which states read the context object "$$": a scan of a state's compiled paths, templates and
// intrinsic calls, done once when a state machine is built.
#include "definitions/choice_rule.h"
#include "definitions/states.h"

namespace stepwise::definitions {

namespace {

bool path_uses(const JsonPath& path) { return path.root() == PathRoot::Context; }
bool path_uses(const std::optional<JsonPath>& path) { return path && path_uses(*path); }

bool call_uses(const IntrinsicCall& call);

bool node_uses(const PayloadTemplate::Node& node) {
  for (const auto& field : node.fields) {
    if (const auto* p = std::get_if<JsonPath>(&field.value); p && path_uses(*p)) return true;
    if (const auto* c = std::get_if<IntrinsicCall>(&field.value); c && call_uses(*c)) return true;
    if (const auto* n = std::get_if<std::vector<PayloadTemplate::Node>>(&field.value); n && node_uses(n->front()))
      return true;
  }
  for (const auto& item : node.items)
    if (node_uses(item)) return true;
  return false;
}

bool call_uses(const IntrinsicCall& call) {
  for (const auto& arg : call.args) {
    if (const auto* p = std::get_if<JsonPath>(&arg.value); p && path_uses(*p)) return true;
    if (const auto* c = std::get_if<std::vector<IntrinsicCall>>(&arg.value); c && call_uses(c->front())) return true;
  }
  return false;
}

bool template_uses(const std::optional<PayloadTemplate>& t) { return t && node_uses(t->root()); }

bool rule_uses(const ChoiceRule& rule) {
  if (path_uses(rule.variable) || (rule.compare_to_path && path_uses(rule.operand_path))) return true;
  if (template_uses(rule.assign)) return true;
  for (const auto& child : rule.children)
    if (rule_uses(child)) return true;
  return false;
}

bool common_uses(const StateCommon& c) {
  return path_uses(c.input_path) || path_uses(c.output_path) || template_uses(c.assign);
}

bool io_uses(const ResultFields& io) { return template_uses(io.parameters) || template_uses(io.result_selector); }

bool catchers_use(const std::vector<Catcher>& catchers) {
  for (const auto& c : catchers)
    if (template_uses(c.assign)) return true;
  return false;
}

struct UsesContext {
  bool operator()(const PassState& s) const { return common_uses(s.common) || io_uses(s.io); }
  bool operator()(const TaskState& s) const {
    return common_uses(s.common) || io_uses(s.io) || path_uses(s.timeout_seconds_path) ||
           path_uses(s.heartbeat_seconds_path) || catchers_use(s.catches);
  }
  bool operator()(const ChoiceState& s) const {
    if (common_uses(s.common)) return true;
    for (const auto& rule : s.choices)
      if (rule_uses(rule)) return true;
    return false;
  }
  bool operator()(const WaitState& s) const {
    return common_uses(s.common) || path_uses(s.seconds_path) || path_uses(s.timestamp_path);
  }
  bool operator()(const SucceedState& s) const { return common_uses(s.common); }
  bool operator()(const FailState& s) const {
    return path_uses(s.error_path) || path_uses(s.cause_path) || (s.error_intrinsic && call_uses(*s.error_intrinsic)) ||
           (s.cause_intrinsic && call_uses(*s.cause_intrinsic));
  }
  bool operator()(const ParallelState& s) const {
    return common_uses(s.common) || io_uses(s.io) || catchers_use(s.catches);
  }
  bool operator()(const MapState& s) const {
    return common_uses(s.common) || io_uses(s.io) || path_uses(s.items_path) || template_uses(s.item_selector) ||
           path_uses(s.max_concurrency_path) || path_uses(s.tolerated_failure_count_path) ||
           path_uses(s.tolerated_failure_percentage_path) || catchers_use(s.catches) ||
           (s.item_batcher && (template_uses(s.item_batcher->batch_input) ||
                               path_uses(s.item_batcher->max_items_per_batch_path) ||
                               path_uses(s.item_batcher->max_input_bytes_per_batch_path)));
  }
};

}  // namespace

bool reads_context(const State& state) { return std::visit(UsesContext{}, state); }

}  // namespace stepwise::definitions
