#pragma once
// Input and output processing, in AWS's order: InputPath -> Parameters -> (state) ->
// ResultSelector -> ResultPath -> OutputPath. Failures carry AWS's error names and causes.
#include <optional>
#include <string>

#include "definitions/json_path.h"
#include "definitions/payload_template.h"
#include "definitions/result.h"

namespace stepwise::engine::interpreter {

// Every step works in place on one value, so a state's data is moved, never copied, when its
// paths are "$" (the common case).

// A path that selects the whole input ("$"): filtering with it changes nothing.
inline bool is_whole_input(const std::optional<definitions::JsonPath>& path) {
  return path && path->is_root() && path->root() == definitions::PathRoot::Input;
}

// InputPath / OutputPath: null gives {}, "$" leaves value as it is; a path that matches nothing is
// States.Runtime "Invalid path '$.x' : No results for path: $['x']".
std::optional<Error> filter_path(const std::optional<definitions::JsonPath>& path, Json& value,
                                 const definitions::PathScope& scope);
// The raw input is needed after the state's work only when ResultPath merges into it.
inline bool keeps_raw_input(const std::optional<definitions::JsonPath>& result_path) {
  return !result_path || !result_path->is_root();
}
// ResultPath: value holds the result on entry and the state's output on return. null keeps the
// raw input, "$" keeps the result, anything else writes the result into the raw input. raw_input
// is consumed unless "$"; on failure (States.ResultPathMatchFailure) both are left as they were,
// and the cause quotes the raw input as raw_text when given (see Frame::input_text).
std::optional<Error> merge_result(const std::optional<definitions::JsonPath>& path, Json& raw_input, Json& value,
                                  const std::string* raw_text = nullptr);
// A reference path that matches nothing: States.Runtime "Invalid path '$.x' : No results for path: $['x']".
Error invalid_path_error(const definitions::JsonPath& path);
// The path in Jayway's normalized form: "$['a']['b'][0]".
std::string normalized_path(const definitions::JsonPath& path);
// Bytes of the compact JSON text of value, without building it.
std::size_t json_text_size(const Json& value);
// States.DataLimitExceeded for a state whose output or task result is over 256 KiB.
Error data_limit_error(const std::string& state_name);
// {"Error": error, "Cause": cause} as a Catcher's ResultPath receives it.
Json error_output(const std::string& error, const std::optional<std::string>& cause);

}  // namespace stepwise::engine::interpreter
