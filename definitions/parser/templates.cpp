// Compiling payload templates and JSONPath-mode Assign blocks.
#include <algorithm>
#include <cstdint>

#include "definitions/java_values.h"
#include "definitions/parser/context.h"

namespace stepwise::definitions::parser {
namespace {

// AWS writes a template object's output as: its plain fields in definition order, then its "key.$"
// fields in the iteration order of a java.util.HashMap holding them (recorded: ItemSelector
// {"original_input.$", "iteration_input_value.$", "iteration_index.$", "from_input_constant.$",
// "constant_value"} gives constant_value, iteration_input_value, from_input_constant,
// iteration_index, original_input); java_values.h has the HashMap's bucket rules.
void order_dynamic_fields_like_aws(std::vector<PayloadTemplate::Field>& fields, std::size_t first_dynamic) {
  const std::uint32_t buckets = java_hash_buckets(fields.size() - first_dynamic);
  auto bucket = [buckets](const PayloadTemplate::Field& f) { return java_hash_bucket(java_string_hash(f.key), buckets); };
  std::stable_sort(fields.begin() + static_cast<std::ptrdiff_t>(first_dynamic), fields.end(),
                   [&](const auto& a, const auto& b) { return bucket(a) < bucket(b); });
}


bool looks_like_path(const Json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.rfind("$.", 0) == 0 || s.rfind("$$.", 0) == 0 || s == "$" || looks_like_intrinsic(s);
}

PayloadTemplate::Node compile_node(Context& ctx, const Json& value, const std::string& ptr, bool aws_order);

// A "key.$" field: a path (with $$ and $var), or an intrinsic function call.
std::optional<PayloadTemplate::Field> compile_dynamic(Context& ctx, const std::string& key, const Json& value,
                                                      const std::string& ptr) {
  PayloadTemplate::Field field;
  field.key = key.substr(0, key.size() - 2);
  if (!value.is_string()) {
    ctx.schema("The value for the field '" + key + "' must be a string holding a JSONPath or an intrinsic function call",
               ptr);
    return std::nullopt;
  }
  const auto& text = value.get_ref<const std::string&>();
  if (looks_like_intrinsic(text)) {
    auto call = parse_intrinsic(text);
    if (!call) {
      ctx.schema("The value for the field '" + key + "' must be a valid intrinsic function call: " +
                     call.error().message,
                 ptr);
      return std::nullopt;
    }
    warn_if_wrong_arity(ctx, call.value(), ptr);
    field.value = std::move(call.value());
    return field;
  }
  auto path = JsonPath::parse(text);
  if (!path) {
    ctx.schema("The value for the field '" + key + "' must be a valid JSONPath or intrinsic function call: " +
                   path.error().message,
               ptr);
    return std::nullopt;
  }
  field.value = std::move(path.value());
  return field;
}

bool is_static(const PayloadTemplate::Node& node) { return node.kind == PayloadTemplate::Node::Kind::Static; }

PayloadTemplate::Node compile_node(Context& ctx, const Json& value, const std::string& ptr, bool aws_order) {
  using Node = PayloadTemplate::Node;
  Node node;
  if (value.is_object()) {
    bool dynamic = false;
    std::vector<PayloadTemplate::Field> dynamic_fields;
    for (const auto& item : value.items()) {
      const std::string child_ptr = pointer_append(ptr, item.key());
      if (is_dynamic_key(item.key())) {
        dynamic = true;
        if (auto f = compile_dynamic(ctx, item.key(), item.value(), child_ptr)) {
          (aws_order ? dynamic_fields : node.fields).push_back(std::move(*f));
        }
        continue;
      }
      if (looks_like_path(item.value()))
        ctx.warn(DiagnosticCode::NoDollar,
                 "The value of the field '" + item.key() +
                     "' looks like a JSONPath or intrinsic function, but the field name does not end with '.$'; "
                     "it will be passed as a plain string",
                 child_ptr);
      PayloadTemplate::Field f;
      f.key = item.key();
      Node child = compile_node(ctx, item.value(), child_ptr, aws_order);
      if (is_static(child)) {
        f.value = std::move(child.static_value);
      } else {
        dynamic = true;
        f.value = std::vector<Node>{std::move(child)};
      }
      node.fields.push_back(std::move(f));
    }
    if (!dynamic_fields.empty()) {
      const std::size_t first_dynamic = node.fields.size();
      for (auto& f : dynamic_fields) node.fields.push_back(std::move(f));
      order_dynamic_fields_like_aws(node.fields, first_dynamic);
    }
    if (dynamic) {
      node.kind = Node::Kind::Object;
    } else {
      node.fields.clear();
      node.static_value = value;
    }
    return node;
  }
  if (value.is_array()) {
    bool dynamic = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
      node.items.push_back(compile_node(ctx, value[i], pointer_append(ptr, i), aws_order));
      dynamic = dynamic || !is_static(node.items.back());
    }
    if (dynamic) {
      node.kind = Node::Kind::Array;
    } else {
      node.items.clear();
      node.static_value = value;
    }
    return node;
  }
  node.static_value = value;
  return node;
}

}  // namespace

void warn_if_wrong_arity(Context& ctx, const IntrinsicCall& call, const std::string& ptr) {
  if (auto problem = first_arity_problem(call); !problem.empty())
    ctx.warn(DiagnosticCode::IntrinsicArgumentCount, problem + ": the state fails with States.Runtime when it runs", ptr);
}

std::optional<PayloadTemplate> read_template(Context& ctx, const Where& w, std::string_view name) {
  const Json* v = field(w.object, name);
  if (!v) return std::nullopt;
  const std::string ptr = w.at(name);
  if (!v->is_object()) {
    ctx.schema("The value for the field '" + std::string(name) + "' must be a JSON object", ptr);
    return std::nullopt;
  }
  // Assign keeps definition order: it names variables (AWS lists assignedVariables by name) and
  // builds no payload.
  return PayloadTemplate(compile_node(ctx, *v, ptr, name != "Assign"));
}

void check_variable_names(Context& ctx, const Json& assign, const std::string& ptr, bool dynamic_suffix) {
  for (const auto& item : assign.items()) {
    std::string name = item.key();
    if (dynamic_suffix && is_dynamic_key(name)) name.resize(name.size() - 2);
    if (!is_valid_variable_name(name))
      ctx.schema("'" + name +
                     "' is not a valid variable name: use up to 80 letters, digits and underscores, "
                     "starting with a letter or underscore",
                 pointer_append(ptr, item.key()));
  }
}

std::optional<PayloadTemplate> read_assign(Context& ctx, const Where& w) {
  const Json* v = field(w.object, "Assign");
  if (!v) return std::nullopt;
  if (v->is_object()) check_variable_names(ctx, *v, w.at("Assign"), true);
  return read_template(ctx, w, "Assign");
}

}  // namespace stepwise::definitions::parser
