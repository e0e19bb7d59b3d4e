#pragma once
// Choice Rules: a comparison (Variable + operator), a boolean combination (And, Or, Not), or
// in JSONata mode a Condition. Top-level rules carry Next (and optionally Assign/Output).
#include <optional>
#include <string>
#include <vector>

#include "definitions/json_path.h"
#include "definitions/payload_template.h"

namespace stepwise::definitions {

enum class ComparisonOperator {
  StringEquals, StringLessThan, StringGreaterThan, StringLessThanEquals, StringGreaterThanEquals,
  StringMatches,
  NumericEquals, NumericLessThan, NumericGreaterThan, NumericLessThanEquals, NumericGreaterThanEquals,
  BooleanEquals,
  TimestampEquals, TimestampLessThan, TimestampGreaterThan, TimestampLessThanEquals,
  TimestampGreaterThanEquals,
  IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp,
};
const char* to_string(ComparisonOperator op);
std::optional<ComparisonOperator> parse_comparison_operator(std::string_view name);  // without "Path"

struct ChoiceRule {
  enum class Kind { Comparison, And, Or, Not, Condition };
  Kind kind = Kind::Comparison;
  // Comparison
  JsonPath variable;
  ComparisonOperator op = ComparisonOperator::StringEquals;
  bool compare_to_path = false;          // the "...Path" form: operand is a path
  Json operand;                          // literal operand
  JsonPath operand_path;                 // operand when compare_to_path
  // And / Or (several) and Not (one)
  std::vector<ChoiceRule> children;
  // JSONata: Condition is "{% ... %}" or a boolean
  Json condition;
  // Top level only
  std::optional<std::string> next;
  std::optional<PayloadTemplate> assign;  // JSONPath mode Assign
  Json assign_raw;                        // JSONata mode Assign (evaluated later)
  Json output;                            // JSONata mode Output (null when absent)
  std::string comment;
};

const char* to_string(ChoiceRule::Kind kind);

}  // namespace stepwise::definitions
