#pragma once
// Internals of JsonPath: the text parser and the evaluator helpers it shares with filters.
#include <string_view>
#include <vector>

#include "definitions/json_path.h"

namespace stepwise::definitions {

struct ParsedPath {
  PathRoot root = PathRoot::Input;
  std::string variable;
  std::vector<PathSegment> segments;
};

Result<ParsedPath> parse_path_text(std::string_view text, bool allow_context, bool allow_variables);
bool segments_are_definite(const std::vector<PathSegment>& segments);
// True for a character that may start a variable name ($name): a letter, '_' or any non-ASCII byte.
bool is_variable_start(char c);
bool is_variable_char(char c);

const Json* step_definite(const PathSegment& segment, const Json& node);
void select_segments(const std::vector<PathSegment>& segments, const Json& start, const Json& input,
                     const PathScope& scope, std::vector<const Json*>& out);
Result<Json> apply_path_function(const std::string& name, const Json& value, const std::string& path_text);

}  // namespace stepwise::definitions
