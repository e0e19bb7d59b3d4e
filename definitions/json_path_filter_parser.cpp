// Filter expressions inside JSONPath brackets: [?(@.price < 10 && @.category == 'fiction')].
#include <cctype>

#include "definitions/json_path_text_parser.h"

namespace stepwise::definitions {

// A run of operands joined by one operator ("||" or "&&").
Result<FilterNode> PathParser::parse_chain(FilterNode::Kind kind, std::string_view op,
                                           Result<FilterNode> (PathParser::*operand)()) {
  auto left = (this->*operand)();
  if (!left) return left;
  skip_spaces();
  if (s_.substr(pos_, 2) != op) return left;
  FilterNode node;
  node.kind = kind;
  node.children.push_back(std::move(left.value()));
  while (s_.substr(pos_, 2) == op) {
    pos_ += 2;
    auto right = (this->*operand)();
    if (!right) return right;
    node.children.push_back(std::move(right.value()));
    skip_spaces();
  }
  return node;
}

Result<FilterNode> PathParser::parse_or() { return parse_chain(FilterNode::Kind::Or, "||", &PathParser::parse_and); }

Result<FilterNode> PathParser::parse_and() {
  return parse_chain(FilterNode::Kind::And, "&&", &PathParser::parse_unary);
}

Result<FilterNode> PathParser::parse_unary() {
  skip_spaces();
  if (peek() == '!' && peek(1) != '=') {
    ++pos_;
    auto inner = parse_unary();
    if (!inner) return inner;
    FilterNode node;
    node.kind = FilterNode::Kind::Not;
    node.children.push_back(std::move(inner.value()));
    return node;
  }
  if (peek() == '(') {
    ++pos_;
    auto inner = parse_or();
    if (!inner) return inner;
    skip_spaces();
    if (peek() != ')') return fail("expected ')' in filter expression");
    ++pos_;
    return inner;
  }
  auto left = parse_operand();
  if (!left) return left;
  skip_spaces();
  std::string op = read_operator();
  if (op.empty()) {
    if (left->kind != FilterNode::Kind::Path && left->kind != FilterNode::Kind::Literal)
      return fail("expected a comparison in filter expression");
    FilterNode node;
    node.kind = FilterNode::Kind::Exists;
    node.children.push_back(std::move(left.value()));
    return node;
  }
  skip_spaces();
  auto right = op == "=~" ? parse_regex() : parse_operand();
  if (!right) return right;
  FilterNode node;
  node.kind = FilterNode::Kind::Compare;
  node.op = op;
  node.children.push_back(std::move(left.value()));
  node.children.push_back(std::move(right.value()));
  return node;
}

std::string PathParser::read_operator() {
  static constexpr std::string_view ops[] = {"==", "!=", "<=", ">=", "=~", "<", ">"};
  for (auto op : ops) {
    if (s_.substr(pos_, op.size()) == op) {
      pos_ += op.size();
      return std::string(op);
    }
  }
  for (std::string_view word : {"nin", "in"}) {
    if (s_.substr(pos_, word.size()) == word && !std::isalnum(static_cast<unsigned char>(peek(word.size())))) {
      pos_ += word.size();
      return std::string(word);
    }
  }
  return {};
}

Result<FilterNode> PathParser::parse_regex() {
  if (peek() != '/') return fail("'=~' needs a regular expression written /.../");
  ++pos_;
  std::string pattern;
  while (pos_ < s_.size() && s_[pos_] != '/') {
    if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) pattern += s_[pos_++];
    pattern += s_[pos_++];
  }
  if (peek() != '/') return fail("unterminated regular expression");
  ++pos_;
  std::string flags;
  while (std::isalpha(static_cast<unsigned char>(peek()))) flags += s_[pos_++];
  FilterNode node;
  node.kind = FilterNode::Kind::Literal;
  node.literal = Json{{"regex", pattern}, {"flags", flags}};
  return node;
}

Result<FilterNode> PathParser::parse_operand() {
  skip_spaces();
  FilterNode node;
  char c = peek();
  if (c == '@' || c == '$') {
    ++pos_;
    node.kind = FilterNode::Kind::Path;
    node.relative = c == '@';
    auto segs = parse_segments(true);
    if (!segs) return segs.error();
    node.path = std::move(segs.value());
    return node;
  }
  node.kind = FilterNode::Kind::Literal;
  if (c == '\'' || c == '"') {
    auto str = parse_quoted();
    if (!str) return str.error();
    node.literal = str.value();
    return node;
  }
  if (c == '[') {  // a list literal for in / nin
    std::size_t depth = 0, start = pos_;
    do {
      if (peek() == '[') ++depth;
      if (peek() == ']') --depth;
      ++pos_;
    } while (pos_ < s_.size() && depth > 0);
    std::string text(s_.substr(start, pos_ - start));
    for (char& ch : text)
      if (ch == '\'') ch = '"';
    node.literal = Json::parse(text, nullptr, false);
    if (node.literal.is_discarded()) return fail("malformed list in filter expression");
    return node;
  }
  std::size_t start = pos_;
  while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.' ||
                              s_[pos_] == '-' || s_[pos_] == '+'))
    ++pos_;
  std::string word(s_.substr(start, pos_ - start));
  if (word.empty()) return fail("expected a value in filter expression");
  node.literal = Json::parse(word, nullptr, false);
  if (node.literal.is_discarded()) return fail("unexpected '" + word + "' in filter expression");
  return node;
}

}  // namespace stepwise::definitions
