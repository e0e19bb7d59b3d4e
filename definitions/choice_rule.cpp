#include "definitions/choice_rule.h"

#include "definitions/name_table.h"

namespace stepwise::definitions {
namespace {
using Op = ComparisonOperator;
constexpr NameTable<Op, 23> kOperators{{
    {Op::StringEquals, "StringEquals"},
    {Op::StringLessThan, "StringLessThan"},
    {Op::StringGreaterThan, "StringGreaterThan"},
    {Op::StringLessThanEquals, "StringLessThanEquals"},
    {Op::StringGreaterThanEquals, "StringGreaterThanEquals"},
    {Op::StringMatches, "StringMatches"},
    {Op::NumericEquals, "NumericEquals"},
    {Op::NumericLessThan, "NumericLessThan"},
    {Op::NumericGreaterThan, "NumericGreaterThan"},
    {Op::NumericLessThanEquals, "NumericLessThanEquals"},
    {Op::NumericGreaterThanEquals, "NumericGreaterThanEquals"},
    {Op::BooleanEquals, "BooleanEquals"},
    {Op::TimestampEquals, "TimestampEquals"},
    {Op::TimestampLessThan, "TimestampLessThan"},
    {Op::TimestampGreaterThan, "TimestampGreaterThan"},
    {Op::TimestampLessThanEquals, "TimestampLessThanEquals"},
    {Op::TimestampGreaterThanEquals, "TimestampGreaterThanEquals"},
    {Op::IsNull, "IsNull"},
    {Op::IsPresent, "IsPresent"},
    {Op::IsNumeric, "IsNumeric"},
    {Op::IsString, "IsString"},
    {Op::IsBoolean, "IsBoolean"},
    {Op::IsTimestamp, "IsTimestamp"},
}};
}  // namespace

const char* to_string(ComparisonOperator op) { return name_in(kOperators, op); }

std::optional<ComparisonOperator> parse_comparison_operator(std::string_view name) {
  return value_in(kOperators, name);
}

const char* to_string(ChoiceRule::Kind kind) {
  switch (kind) {
    case ChoiceRule::Kind::Comparison: return "Comparison";
    case ChoiceRule::Kind::And: return "And";
    case ChoiceRule::Kind::Or: return "Or";
    case ChoiceRule::Kind::Not: return "Not";
    case ChoiceRule::Kind::Condition: return "Condition";
  }
  return "Comparison";
}

}  // namespace stepwise::definitions
