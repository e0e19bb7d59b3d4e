#pragma once
// Choice Rules evaluated against a state's input: comparisons, their "...Path" forms, the Is*
// tests, StringMatches, And / Or / Not.
#include "definitions/choice_rule.h"
#include "definitions/result.h"

namespace stepwise::engine::interpreter {

// True when the rule matches. A Variable (or operand path) that matches nothing is States.Runtime,
// except for IsPresent, which is exactly the question whether it matches.
Result<bool> evaluate_choice_rule(const definitions::ChoiceRule& rule, const Json& input,
                                  const definitions::PathScope& scope);

// StringMatches: "*" matches any run of characters; "\*" a literal star and "\\" a backslash.
bool string_matches(std::string_view value, std::string_view pattern);

}  // namespace stepwise::engine::interpreter
