// Choice states and Choice Rules.
#include <cmath>

#include "definitions/parser/state_parser.h"
#include "definitions/timestamp.h"

namespace stepwise::definitions::parser {
namespace {

bool is_string_op(ComparisonOperator op) { return op <= ComparisonOperator::StringMatches; }
bool is_numeric_op(ComparisonOperator op) {
  return op >= ComparisonOperator::NumericEquals && op <= ComparisonOperator::NumericGreaterThanEquals;
}
bool is_timestamp_op(ComparisonOperator op) {
  return op >= ComparisonOperator::TimestampEquals && op <= ComparisonOperator::TimestampGreaterThanEquals;
}
bool is_type_test(ComparisonOperator op) { return op >= ComparisonOperator::IsNull; }

struct OperatorKey {
  std::string key;
  ChoiceRule::Kind kind;
  ComparisonOperator op = ComparisonOperator::StringEquals;
  bool path = false;
};

std::optional<OperatorKey> operator_key(const std::string& key) {
  if (key == "And") return OperatorKey{key, ChoiceRule::Kind::And};
  if (key == "Or") return OperatorKey{key, ChoiceRule::Kind::Or};
  if (key == "Not") return OperatorKey{key, ChoiceRule::Kind::Not};
  if (auto op = parse_comparison_operator(key)) return OperatorKey{key, ChoiceRule::Kind::Comparison, *op, false};
  if (key.size() > 4 && key.compare(key.size() - 4, 4, "Path") == 0) {
    auto op = parse_comparison_operator(std::string_view(key).substr(0, key.size() - 4));
    // StringMatches and the Is* tests have no Path form.
    if (op && *op != ComparisonOperator::StringMatches && !is_type_test(*op))
      return OperatorKey{key, ChoiceRule::Kind::Comparison, *op, true};
  }
  return std::nullopt;
}

void read_operand(Context& ctx, const Where& w, const OperatorKey& k, ChoiceRule& rule) {
  const Json& v = w.object[k.key];
  const std::string ptr = w.at(k.key);
  rule.op = k.op;
  rule.compare_to_path = k.path;
  if (k.path) {
    if (auto p = read_path(ctx, w, k.key, PathKind::ReferencePath, false)) rule.operand_path = std::move(**p);
    return;
  }
  rule.operand = v;
  const char* expected = nullptr;
  if (is_type_test(k.op)) {
    if (!v.is_boolean()) expected = "a boolean";
  } else if (k.op == ComparisonOperator::BooleanEquals) {
    if (!v.is_boolean()) expected = "a boolean";
  } else if (is_numeric_op(k.op)) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) expected = "a number";
  } else if (is_timestamp_op(k.op)) {
    if (!v.is_string() || !parse_timestamp(v.get_ref<const std::string&>()))
      expected = "an RFC 3339 timestamp string such as 2016-03-14T01:59:00Z";
  } else if (is_string_op(k.op)) {
    if (!v.is_string()) expected = "a string";
    else if (k.op != ComparisonOperator::StringMatches) warn_if_path_like(ctx, w, k.key, k.key + "Path");
  }
  if (expected) ctx.schema("The value for the field '" + k.key + "' must be " + expected, ptr);
}

ChoiceRule parse_rule(Context& ctx, const Json& object, const std::string& ptr, bool top_level, QueryLanguage language);

void parse_rule_children(Context& ctx, const Where& w, const OperatorKey& k, ChoiceRule& rule) {
  const Json& v = w.object[k.key];
  const std::string ptr = w.at(k.key);
  if (k.kind == ChoiceRule::Kind::Not) {
    if (!v.is_object()) {
      ctx.schema("The value for the field 'Not' must be a single Choice rule object", ptr);
      return;
    }
    rule.children.push_back(parse_rule(ctx, v, ptr, false, QueryLanguage::JsonPath));
    return;
  }
  if (!v.is_array() || v.empty()) {
    ctx.schema("The value for the field '" + k.key + "' must be a non-empty array of Choice rules", ptr);
    return;
  }
  for (std::size_t i = 0; i < v.size(); ++i)
    rule.children.push_back(parse_rule(ctx, v[i], pointer_append(ptr, i), false, QueryLanguage::JsonPath));
}

ChoiceRule parse_jsonata_rule(Context& ctx, const Where& w) {
  ChoiceRule rule;
  rule.kind = ChoiceRule::Kind::Condition;
  check_allowed_fields(ctx, w, {"Condition", "Next", "Comment", "Assign", "Output"}, "a JSONata Choice rule");
  rule.comment = read_string(ctx, w, "Comment").value_or("");
  rule.next = read_string(ctx, w, "Next", true);
  if (const Json* c = field(w.object, "Condition")) {
    if (!c->is_boolean() && !is_jsonata_expression(*c))
      ctx.schema("The value for the field 'Condition' must be a boolean or a JSONata expression written {% ... %}",
                 w.at("Condition"));
    rule.condition = *c;
  } else {
    require(ctx, w, "Condition");
  }
  if (const Json* a = field(w.object, "Assign")) {
    if (!a->is_object())
      ctx.schema("The value for the field 'Assign' must be a JSON object", w.at("Assign"));
    else
      check_variable_names(ctx, *a, w.at("Assign"), false);
    rule.assign_raw = *a;
  }
  if (const Json* o = field(w.object, "Output")) rule.output = *o;
  return rule;
}

ChoiceRule parse_rule(Context& ctx, const Json& object, const std::string& ptr, bool top_level, QueryLanguage language) {
  ChoiceRule rule;
  if (!object.is_object()) {
    ctx.schema("A Choice rule must be a JSON object", ptr);
    return rule;
  }
  Where w{object, ptr};
  if (language == QueryLanguage::Jsonata) return parse_jsonata_rule(ctx, w);

  std::vector<OperatorKey> operators;
  for (const auto& item : object.items()) {
    if (auto k = operator_key(item.key())) {
      operators.push_back(*k);
      continue;
    }
    const std::string& key = item.key();
    const bool allowed = key == "Variable" || key == "Comment" || (top_level && (key == "Next" || key == "Assign"));
    if (!allowed) {
      if (!top_level && (key == "Next" || key == "Assign"))
        ctx.schema("The field '" + key + "' is only allowed in a top-level Choice rule, not inside And, Or or Not",
                   pointer_append(ptr, key));
      else
        ctx.schema("The field '" + key + "' is not supported in a Choice rule", pointer_append(ptr, key));
    }
  }
  rule.comment = read_string(ctx, w, "Comment").value_or("");
  if (top_level) {
    rule.next = read_string(ctx, w, "Next", true);
    rule.assign = read_assign(ctx, w);
  }
  if (operators.size() != 1) {
    ctx.schema(operators.empty()
                   ? "A Choice rule must have a comparison operator (such as StringEquals) or one of And, Or, Not"
                   : "A Choice rule must have exactly one comparison operator or one of And, Or, Not",
               ptr);
    return rule;
  }
  const OperatorKey& k = operators.front();
  rule.kind = k.kind;
  if (k.kind == ChoiceRule::Kind::Comparison) {
    if (auto v = read_path(ctx, w, "Variable", PathKind::Path, false))
      rule.variable = std::move(**v);
    else if (!field(object, "Variable"))
      require(ctx, w, "Variable");
    read_operand(ctx, w, k, rule);
  } else {
    if (field(object, "Variable"))
      ctx.schema("The field 'Variable' is not allowed in a Choice rule that uses " + k.key, w.at("Variable"));
    parse_rule_children(ctx, w, k, rule);
  }
  return rule;
}

}  // namespace

ChoiceState parse_choice(Context& ctx, const Where& w, StateCommon common) {
  ChoiceState s;
  s.common = std::move(common);
  s.default_next = read_string(ctx, w, "Default");
  const Json* choices = field(w.object, "Choices");
  if (!choices) {
    require(ctx, w, "Choices");
    return s;
  }
  if (!choices->is_array() || choices->empty()) {
    ctx.schema("The value for the field 'Choices' must be a non-empty array of Choice rules", w.at("Choices"));
    return s;
  }
  for (std::size_t i = 0; i < choices->size(); ++i)
    s.choices.push_back(
        parse_rule(ctx, (*choices)[i], pointer_append(w.at("Choices"), i), true, s.common.query_language));
  return s;
}

}  // namespace stepwise::definitions::parser
