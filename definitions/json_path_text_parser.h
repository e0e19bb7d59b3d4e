#pragma once
// Internal: the JSONPath text parser. Segments are parsed in json_path_parser.cpp, filter
// expressions ([?(...)]) in json_path_filter_parser.cpp.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "definitions/json_path_parser.h"

namespace stepwise::definitions {

class PathParser {
 public:
  explicit PathParser(std::string_view text) : s_(text) {}

  Result<ParsedPath> parse_top(bool allow_context, bool allow_variables);
  // Segments until the end of the text, or (inside a filter) until a character that ends an operand.
  Result<std::vector<PathSegment>> parse_segments(bool in_filter);

 private:
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void skip_spaces() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  Error fail(const std::string& why) const { return make_error("InvalidPath", why); }

  Result<bool> parse_dot_name(PathSegment& seg, bool in_filter);
  Result<std::string> parse_quoted();
  Result<std::int64_t> parse_int();
  Result<bool> parse_bracket(PathSegment& seg);
  Result<bool> parse_index_or_slice(PathSegment& seg);

  // Filter grammar: or := and ('||' and)*; and := unary ('&&' unary)*;
  // unary := '!' unary | '(' or ')' | operand [op operand]
  Result<FilterNode> parse_chain(FilterNode::Kind kind, std::string_view op, Result<FilterNode> (PathParser::*operand)());
  Result<FilterNode> parse_or();
  Result<FilterNode> parse_and();
  Result<FilterNode> parse_unary();
  std::string read_operator();
  Result<FilterNode> parse_regex();
  Result<FilterNode> parse_operand();

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace stepwise::definitions
