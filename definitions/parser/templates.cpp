// Compiling payload templates and JSONPath-mode Assign blocks.
#include "definitions/parser/context.h"

namespace stepwise::definitions::parser {
namespace {


bool looks_like_path(const Json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.rfind("$.", 0) == 0 || s.rfind("$$.", 0) == 0 || s == "$" || looks_like_intrinsic(s);
}

PayloadTemplate::Node compile_node(Context& ctx, const Json& value, const std::string& ptr);

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

PayloadTemplate::Node compile_node(Context& ctx, const Json& value, const std::string& ptr) {
  using Node = PayloadTemplate::Node;
  Node node;
  if (value.is_object()) {
    bool dynamic = false;
    for (const auto& item : value.items()) {
      const std::string child_ptr = pointer_append(ptr, item.key());
      if (is_dynamic_key(item.key())) {
        dynamic = true;
        if (auto f = compile_dynamic(ctx, item.key(), item.value(), child_ptr)) node.fields.push_back(std::move(*f));
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
      Node child = compile_node(ctx, item.value(), child_ptr);
      if (is_static(child)) {
        f.value = std::move(child.static_value);
      } else {
        dynamic = true;
        f.value = std::vector<Node>{std::move(child)};
      }
      node.fields.push_back(std::move(f));
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
      node.items.push_back(compile_node(ctx, value[i], pointer_append(ptr, i)));
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

std::optional<PayloadTemplate> read_template(Context& ctx, const Where& w, std::string_view name) {
  const Json* v = field(w.object, name);
  if (!v) return std::nullopt;
  const std::string ptr = w.at(name);
  if (!v->is_object()) {
    ctx.schema("The value for the field '" + std::string(name) + "' must be a JSON object", ptr);
    return std::nullopt;
  }
  return PayloadTemplate(compile_node(ctx, *v, ptr));
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
