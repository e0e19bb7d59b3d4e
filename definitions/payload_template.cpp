#include "definitions/payload_template.h"

namespace stepwise::definitions {
namespace {

Result<Json> evaluate_node(const PayloadTemplate::Node& node, const Json& input, const PathScope& scope,
                           IntrinsicEnv& env);

Result<Json> evaluate_field(const PayloadTemplate::Field& field, const Json& input, const PathScope& scope,
                            IntrinsicEnv& env) {
  if (const auto* literal = std::get_if<Json>(&field.value)) return *literal;
  if (const auto* path = std::get_if<JsonPath>(&field.value)) {
    auto value = path->evaluate(input, scope);
    if (!value && path->misses_past_array_end(input, scope)) return Json();
    if (!value)
      return make_error("States.Runtime", "The JSONPath '" + path->text() + "' specified for the field '" +
                                              field.key + ".$' could not be found in the input '" +
                                              quoted_input(input, scope) + "'");
    return value;
  }
  if (const auto* call = std::get_if<IntrinsicCall>(&field.value)) {
    auto value = evaluate_intrinsic(*call, input, scope, env);
    // AWS names the whole expression: "The function 'States.Format('{}', $.x)' had the following
    // error: The JsonPath argument for the field '$.x' could not be found in the input '{...}'".
    if (!value && value.error().code == "States.Runtime")
      return make_error("States.Runtime",
                        "The function '" + call->text + "' had the following error: " + value.error().message);
    return value;
  }
  return evaluate_node(std::get<std::vector<PayloadTemplate::Node>>(field.value).front(), input, scope, env);
}

Result<Json> evaluate_node(const PayloadTemplate::Node& node, const Json& input, const PathScope& scope,
                           IntrinsicEnv& env) {
  using Kind = PayloadTemplate::Node::Kind;
  if (node.kind == Kind::Static) return node.static_value;
  if (node.kind == Kind::Array) {
    Json out = Json::array();
    for (const auto& item : node.items) {
      auto value = evaluate_node(item, input, scope, env);
      if (!value) return value;
      out.push_back(std::move(value.value()));
    }
    return out;
  }
  Json out = Json::object();
  for (const auto& field : node.fields) {
    auto value = evaluate_field(field, input, scope, env);
    if (!value) return value;
    out[field.key] = std::move(value.value());
  }
  return out;
}

}  // namespace

Result<Json> PayloadTemplate::evaluate(const Json& input, const PathScope& scope, IntrinsicEnv& env) const {
  return evaluate_node(root_, input, scope, env);
}

const char* to_string(PayloadTemplate::Node::Kind kind) {
  switch (kind) {
    case PayloadTemplate::Node::Kind::Static: return "Static";
    case PayloadTemplate::Node::Kind::Object: return "Object";
    case PayloadTemplate::Node::Kind::Array: return "Array";
  }
  return "Static";
}

}  // namespace stepwise::definitions
