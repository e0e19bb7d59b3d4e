#pragma once
// Intrinsic functions ("States.Format('{}', $.x)"): parsed once into a call tree, evaluated
// against the input, context object and variables. Failures are States.Runtime, as on AWS (not the
// spec's States.IntrinsicFailure): "Invalid arguments in States.X" for arguments the function
// refuses (a wrong number of them included: AWS accepts such a definition and fails at run time),
// or the path argument that matches nothing.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "definitions/json_path.h"

namespace stepwise::definitions {

enum class IntrinsicFunction {
  Format, StringToJson, JsonToString, Array, ArrayPartition, ArrayContains, ArrayRange,
  ArrayGetItem, ArrayLength, ArrayUnique, Base64Encode, Base64Decode, Hash, JsonMerge,
  MathRandom, MathAdd, StringSplit, UUID,
};
const char* to_string(IntrinsicFunction fn);  // "States.Format"

struct IntrinsicCall;

struct StringLiteral {
  std::string value;                      // escapes resolved
  std::vector<std::size_t> placeholders;  // offsets in value of each unescaped "{}" (for States.Format)
  bool stray_brace = false;               // an unescaped '{' or '}' that is not part of a "{}"
};

struct IntrinsicArg {
  std::variant<Json, StringLiteral, JsonPath, std::vector<IntrinsicCall>> value;  // call: exactly one
};

struct IntrinsicCall {
  IntrinsicFunction function = IntrinsicFunction::Array;
  std::vector<IntrinsicArg> args;
  std::string text;  // the expression as written (top-level calls), for error causes
  std::string arity_problem;  // "States.Hash takes 2 arguments, not 1"; empty when the count is right
};

// The first wrong argument count in the call or a call nested in it, or "" (validators warn).
std::string first_arity_problem(const IntrinsicCall& call);

// Spec: "you can nest up to 10 intrinsic functions within a field".
inline constexpr int kMaxIntrinsicNesting = 10;

// Parses "States.Name(args...)". Checks the function name, syntax, escapes and nesting; a wrong
// number of arguments is recorded in arity_problem (the call then fails when evaluated).
Result<IntrinsicCall> parse_intrinsic(std::string_view text);
// True when text looks like an intrinsic invocation (starts with "States." and has a '(').
bool looks_like_intrinsic(std::string_view text);

// Sources of randomness, injected so evaluation stays pure and testable.
class IntrinsicEnv {
 public:
  virtual ~IntrinsicEnv() = default;
  virtual std::string uuid() = 0;
  // A uniformly random integer in [low, high).
  virtual std::int64_t random_between(std::int64_t low, std::int64_t high) = 0;
};

// Process-wide default: a seeded 64-bit Mersenne twister; thread-safe.
IntrinsicEnv& default_intrinsic_env();

Result<Json> evaluate_intrinsic(const IntrinsicCall& call, const Json& input, const PathScope& scope,
                                IntrinsicEnv& env);

}  // namespace stepwise::definitions
