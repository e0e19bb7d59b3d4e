// JSONata expressions inside a JSONata-mode state's fields: each must parse
// (INVALID_JSONATA_EXPRESSION), and may only read what Step Functions provides there
// (UNSUPPORTED_JSONATA_EXPRESSION): expressions run with no context item, so a path must start
// from $states or a variable; $states has input, result, errorOutput and context, and errorOutput
// exists only in a catcher's Output and Assign.
#include <array>

#include "definitions/jsonata/jsonata_ast.h"
#include "definitions/parser/state_parser.h"

namespace stepwise::definitions::parser {
namespace {

using Kind = JsonataNode::Kind;

constexpr std::array<std::string_view, 4> kStatesFields{"input", "result", "errorOutput", "context"};

struct Scope {
  Context& ctx;
  const std::string& pointer;
  bool in_catcher_output;  // $states.errorOutput is readable
};

void report(const Scope& scope, const std::string& message) {
  scope.ctx.error(DiagnosticCode::UnsupportedJsonataExpression, message, scope.pointer);
}

// A path step `$states.NAME` (walk visits every Path node, so checking its own two sides is enough).
void check_states_field(const Scope& scope, const JsonataNode& path) {
  const JsonataNode* left = &path.children[0];
  while (left->kind == Kind::Filter) left = &left->children[0];
  if (left->kind != Kind::Variable || left->text != "states") return;
  const JsonataNode* step = &path.children[1];
  while (step->kind == Kind::Filter) step = &step->children[0];
  if (step->kind != Kind::Name) return;
  bool known = false;
  for (auto f : kStatesFields) known = known || f == step->text;
  if (!known || (step->text == "errorOutput" && !scope.in_catcher_output))
    report(scope, "Field '$states." + step->text + "' does not exist.");
}

// top: the node is evaluated against the (absent) context item of the whole expression.
void walk(const Scope& scope, const JsonataNode& node, bool top) {
  switch (node.kind) {
    case Kind::Name:
      if (top) report(scope, "Reference to '" + node.text + "' at the top level is not supported.");
      return;
    case Kind::Variable:
      if (node.text == "$") report(scope, "Reference to '$$' is not supported.");
      return;
    case Kind::Path:
      check_states_field(scope, node);
      walk(scope, node.children[0], top);
      walk(scope, node.children[1], false);
      return;
    case Kind::Filter:
    case Kind::GroupBy:
    case Kind::OrderBy:
    case Kind::Focus:
    case Kind::Index:
      walk(scope, node.children[0], top);
      for (std::size_t i = 1; i < node.children.size(); ++i) walk(scope, node.children[i], false);
      return;
    case Kind::Transform:
      for (const auto& child : node.children) walk(scope, child, false);
      return;
    default:
      for (const auto& child : node.children) walk(scope, child, top);
  }
}

void check_value(Context& ctx, const Json& value, const std::string& ptr, bool in_catcher_output) {
  if (is_jsonata_expression(value)) {
    const auto& text = value.get_ref<const std::string&>();
    auto parsed = parse_jsonata(std::string_view(text).substr(2, text.size() - 4));
    if (!parsed) {
      ctx.error(DiagnosticCode::InvalidJsonataExpression,
                "The JSONata expression " + text + " is invalid: " + parsed.error().message, ptr);
      return;
    }
    walk(Scope{ctx, ptr, in_catcher_output}, parsed->root, true);
    return;
  }
  if (value.is_object()) {
    for (const auto& item : value.items())
      check_value(ctx, item.value(), pointer_append(ptr, item.key()), in_catcher_output);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) check_value(ctx, value[i], pointer_append(ptr, i), in_catcher_output);
  }
}

}  // namespace

void check_jsonata_expressions(Context& ctx, const Where& state) {
  for (const auto& item : state.object.items()) {
    const std::string& key = item.key();
    const std::string ptr = state.at(key);
    // Nested state machines are checked state by state.
    if (key == "Branches" || key == "Iterator") continue;
    if (key == "ItemProcessor") {
      if (const Json* config = field(item.value(), "ProcessorConfig"))
        check_value(ctx, *config, pointer_append(ptr, "ProcessorConfig"), false);
      continue;
    }
    if (key == "Catch" && item.value().is_array()) {
      for (std::size_t i = 0; i < item.value().size(); ++i) {
        const Json& catcher = item.value()[i];
        if (!catcher.is_object()) continue;
        for (const auto& part : catcher.items())
          check_value(ctx, part.value(), pointer_append(pointer_append(ptr, i), part.key()),
                      part.key() == "Output" || part.key() == "Assign");
      }
      continue;
    }
    check_value(ctx, item.value(), ptr, false);
  }
}

}  // namespace stepwise::definitions::parser
