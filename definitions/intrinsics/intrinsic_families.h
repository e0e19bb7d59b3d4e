#pragma once
// Internal: the intrinsic functions grouped by AWS's families, each taking evaluated arguments.
#include <optional>
#include <string>
#include <vector>

#include "definitions/intrinsics/intrinsic_call.h"

namespace stepwise::definitions::intrinsics {

using Args = std::vector<Json>;

// A call whose arguments the function refuses. AWS fails the state with States.Runtime and names
// only the function ("Invalid arguments in States.ArrayRange"); why says, where it is checked,
// which argument and rule.
Error failure(IntrinsicFunction fn, const std::string& why);
// A JSON number truncated toward zero (Java's intValue), as AWS reads the integer arguments of
// ArrayRange, ArrayPartition, ArrayGetItem and MathRandom (ArrayRange(5.4, -0.6, -2.4) is [5, 3, 1]).
std::optional<std::int64_t> as_truncated(const Json& value);
std::string describe(const Json& value);  // "a string", "an object", ...
// A value as AWS's intrinsics see it as text: Java's toString, so a string is its text, and an
// object or array is {Arg1=1, Arg2=[a, b]} (recorded on AWS for States.Format), not JSON.
void append_java_text(std::string& out, const Json& value);

// Arrays
Result<Json> array(const Args& args);
Result<Json> array_partition(const Args& args);
Result<Json> array_contains(const Args& args);
Result<Json> array_range(const Args& args);
Result<Json> array_get_item(const Args& args);
Result<Json> array_length(const Args& args);
Result<Json> array_unique(const Args& args);
// Data encoding and decoding, hash calculation
Result<Json> base64_encode(const Args& args);
Result<Json> base64_decode(const Args& args);
Result<Json> hash(const Args& args);
// JSON data manipulation
Result<Json> string_to_json(const Args& args);
Result<Json> json_to_string(const Args& args);
Result<Json> json_merge(const Args& args);
// Math operations
Result<Json> math_random(const Args& args, IntrinsicEnv& env);
Result<Json> math_add(const Args& args);
// String operations
Result<Json> string_split(const Args& args);
// Generic operations and unique identifiers. A literal template comes with the offsets of its
// placeholders (escaped braces are not placeholders); a template from a path has every "{}".
Result<Json> format(const Args& args, const StringLiteral* literal_template);
Result<Json> uuid(IntrinsicEnv& env);

}  // namespace stepwise::definitions::intrinsics
