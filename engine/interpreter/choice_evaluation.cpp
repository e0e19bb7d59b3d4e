#include "engine/interpreter/choice_evaluation.h"

#include <cmath>

#include "definitions/timestamp.h"

namespace stepwise::engine::interpreter {

using definitions::ChoiceRule;
using definitions::ComparisonOperator;
using Op = ComparisonOperator;

namespace {

Error invalid_path(const definitions::JsonPath& path) {
  return make_error("States.Runtime",
                    "Invalid path '" + path.text() + "': The choice state's condition path references an invalid value.");
}

int compare_numbers(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    auto x = a.get<std::int64_t>(), y = b.get<std::int64_t>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  double x = a.get<double>(), y = b.get<double>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

template <class T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

bool ordered(Op op, int cmp) {
  switch (op) {
    case Op::StringEquals: case Op::NumericEquals: case Op::TimestampEquals: return cmp == 0;
    case Op::StringLessThan: case Op::NumericLessThan: case Op::TimestampLessThan: return cmp < 0;
    case Op::StringGreaterThan: case Op::NumericGreaterThan: case Op::TimestampGreaterThan: return cmp > 0;
    case Op::StringLessThanEquals: case Op::NumericLessThanEquals: case Op::TimestampLessThanEquals: return cmp <= 0;
    default: return cmp >= 0;
  }
}

bool is_string_op(Op op) {
  return op == Op::StringEquals || op == Op::StringLessThan || op == Op::StringGreaterThan ||
         op == Op::StringLessThanEquals || op == Op::StringGreaterThanEquals;
}
bool is_numeric_op(Op op) {
  return op == Op::NumericEquals || op == Op::NumericLessThan || op == Op::NumericGreaterThan ||
         op == Op::NumericLessThanEquals || op == Op::NumericGreaterThanEquals;
}

bool compare(Op op, const Json& value, const Json& operand) {
  if (is_string_op(op)) {
    if (!value.is_string() || !operand.is_string()) return false;
    return ordered(op, three_way(value.get_ref<const std::string&>(), operand.get_ref<const std::string&>()));
  }
  if (is_numeric_op(op)) {
    if (!value.is_number() || !operand.is_number()) return false;
    return ordered(op, compare_numbers(value, operand));
  }
  if (op == Op::BooleanEquals) return value.is_boolean() && operand.is_boolean() && value == operand;
  if (op == Op::StringMatches)
    return value.is_string() && operand.is_string() &&
           string_matches(value.get_ref<const std::string&>(), operand.get_ref<const std::string&>());
  // Timestamp comparisons: both sides must be timestamps.
  if (!value.is_string() || !operand.is_string()) return false;
  auto a = definitions::parse_timestamp(value.get_ref<const std::string&>());
  auto b = definitions::parse_timestamp(operand.get_ref<const std::string&>());
  if (!a || !b) return false;
  return ordered(op, three_way(*a, *b));
}

bool type_test(Op op, const Json& value) {
  switch (op) {
    case Op::IsNull: return value.is_null();
    case Op::IsNumeric: return value.is_number();
    case Op::IsString: return value.is_string();
    case Op::IsBoolean: return value.is_boolean();
    case Op::IsTimestamp:
      return value.is_string() && definitions::parse_timestamp(value.get_ref<const std::string&>()).has_value();
    default: return false;
  }
}

Result<bool> evaluate_comparison(const ChoiceRule& rule, const Json& input, const definitions::PathScope& scope) {
  const Json* value = rule.variable.find(input, scope);
  Json selected;
  if (!value && !rule.variable.is_reference()) {
    auto all = rule.variable.evaluate(input, scope);
    if (all) {
      selected = std::move(all.value());
      value = &selected;
    }
  }
  if (rule.op == Op::IsPresent) return (value != nullptr) == rule.operand.get<bool>();
  if (!value) return invalid_path(rule.variable);
  if (rule.op == Op::IsNull || rule.op == Op::IsNumeric || rule.op == Op::IsString || rule.op == Op::IsBoolean ||
      rule.op == Op::IsTimestamp)
    return type_test(rule.op, *value) == rule.operand.get<bool>();
  if (rule.compare_to_path) {
    const Json* operand = rule.operand_path.find(input, scope);
    if (!operand) return invalid_path(rule.operand_path);
    return compare(rule.op, *value, *operand);
  }
  return compare(rule.op, *value, rule.operand);
}

}  // namespace

bool string_matches(std::string_view value, std::string_view pattern) {
  // Tokenize the pattern into literal characters and wildcards, then match greedily with
  // backtracking on the last star (linear for the usual patterns).
  std::vector<int> tokens;  // -1 = star, otherwise the byte
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size() && (pattern[i + 1] == '*' || pattern[i + 1] == '\\')) {
      tokens.push_back(static_cast<unsigned char>(pattern[++i]));
    } else if (pattern[i] == '*') {
      tokens.push_back(-1);
    } else {
      tokens.push_back(static_cast<unsigned char>(pattern[i]));
    }
  }
  std::size_t v = 0, t = 0, star_t = std::string_view::npos, star_v = 0;
  while (v < value.size()) {
    if (t < tokens.size() && tokens[t] == -1) {
      star_t = t++;
      star_v = v;
    } else if (t < tokens.size() && tokens[t] == static_cast<unsigned char>(value[v])) {
      ++t;
      ++v;
    } else if (star_t != std::string_view::npos) {
      t = star_t + 1;
      v = ++star_v;
    } else {
      return false;
    }
  }
  while (t < tokens.size() && tokens[t] == -1) ++t;
  return t == tokens.size();
}

Result<bool> evaluate_choice_rule(const ChoiceRule& rule, const Json& input, const definitions::PathScope& scope) {
  switch (rule.kind) {
    case ChoiceRule::Kind::And:
      for (const auto& child : rule.children) {
        auto r = evaluate_choice_rule(child, input, scope);
        if (!r || !r.value()) return r;
      }
      return true;
    case ChoiceRule::Kind::Or:
      for (const auto& child : rule.children) {
        auto r = evaluate_choice_rule(child, input, scope);
        if (!r || r.value()) return r;
      }
      return false;
    case ChoiceRule::Kind::Not: {
      auto r = evaluate_choice_rule(rule.children.front(), input, scope);
      if (!r) return r;
      return !r.value();
    }
    case ChoiceRule::Kind::Condition:
      return make_error("States.Runtime", "JSONata conditions are not evaluated yet");
    case ChoiceRule::Kind::Comparison: break;
  }
  return evaluate_comparison(rule, input, scope);
}

}  // namespace stepwise::engine::interpreter
