#include "definitions/json_path_text_parser.h"

#include <cctype>
#include <charconv>

namespace stepwise::definitions {
namespace {

constexpr std::string_view kFunctions[] = {"length", "size", "min", "max", "avg", "sum", "stddev",
                                           "keys", "first", "last"};

}  // namespace

Result<ParsedPath> PathParser::parse_top(bool allow_context, bool allow_variables) {
  ParsedPath out;
  if (s_.empty()) return fail("a path must not be empty");
  if (s_[0] != '$') return fail("a path must begin with '$'");
  pos_ = 1;
  if (peek() == '$') {
    if (!allow_context) return fail("the context object '$$' is not allowed here");
    out.root = PathRoot::Context;
    ++pos_;
  } else if (is_variable_start(peek())) {
    if (!allow_variables) return fail("variables are not allowed here");
    out.root = PathRoot::Variable;
    std::size_t start = pos_;
    while (pos_ < s_.size() && is_variable_char(s_[pos_])) ++pos_;
    out.variable = std::string(s_.substr(start, pos_ - start));
  }
  auto segs = parse_segments(false);
  if (!segs) return segs.error();
  out.segments = std::move(segs.value());
  if (pos_ != s_.size()) return fail("unexpected '" + std::string(1, s_[pos_]) + "'");
  return out;
}

Result<std::vector<PathSegment>> PathParser::parse_segments(bool in_filter) {
  std::vector<PathSegment> segs;
  while (pos_ < s_.size()) {
    char c = s_[pos_];
    if (in_filter && c != '.' && c != '[') break;
    if (!segs.empty() && segs.back().kind == PathSegment::Kind::Function)
      return fail("a function must be the last element of a path");
    PathSegment seg;
    if (c == '.') {
      ++pos_;
      if (peek() == '.') {
        seg.deep = true;
        ++pos_;
        if (peek() == '[') {
          auto r = parse_bracket(seg);
          if (!r) return r.error();
          segs.push_back(std::move(seg));
          continue;
        }
      }
      if (!seg.deep && peek() == '[') {
        // "$.[0]", "$.['a']", "$.[?(@.x)]": AWS's JSONPath (Jayway) reads ".[" as "[".
        auto r = parse_bracket(seg);
        if (!r) return r.error();
      } else if (peek() == '*') {
        ++pos_;
        seg.kind = PathSegment::Kind::Wildcard;
      } else {
        auto r = parse_dot_name(seg, in_filter);
        if (!r) return r.error();
      }
    } else if (c == '[') {
      auto r = parse_bracket(seg);
      if (!r) return r.error();
    } else {
      return fail("expected '.' or '[' at position " + std::to_string(pos_));
    }
    segs.push_back(std::move(seg));
  }
  return segs;
}

Result<bool> PathParser::parse_dot_name(PathSegment& seg, bool in_filter) {
  std::size_t start = pos_;
  while (pos_ < s_.size()) {
    char c = s_[pos_];
    if (c == '.' || c == '[' || c == '(') break;
    if (c == ']' || c == ' ' || c == '\t' || c == '\'' || c == '"') {
      if (in_filter && (c == ' ' || c == '\t')) break;
      return fail("unexpected '" + std::string(1, c) + "' in a property name");
    }
    if (in_filter && (c == ')' || c == '=' || c == '!' || c == '<' || c == '>' || c == '&' ||
                      c == '|' || c == ','))
      break;
    ++pos_;
  }
  if (pos_ == start) return fail("a property name is missing after '.'");
  std::string name(s_.substr(start, pos_ - start));
  if (peek() == '(') {
    if (peek(1) != ')') return fail("functions take no arguments here: '" + name + "('");
    pos_ += 2;
    bool known = false;
    for (auto f : kFunctions) known = known || f == name;
    if (!known) return fail("unknown path function '" + name + "()'");
    if (seg.deep) return fail("a function cannot follow '..'");
    seg.kind = PathSegment::Kind::Function;
  } else {
    seg.kind = PathSegment::Kind::Field;
  }
  seg.names.push_back(std::move(name));
  return true;
}

Result<std::string> PathParser::parse_quoted() {
  char quote = s_[pos_++];
  std::string out;
  while (pos_ < s_.size() && s_[pos_] != quote) {
    if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
    out += s_[pos_++];
  }
  if (pos_ >= s_.size()) return fail("unterminated quoted name");
  ++pos_;
  return out;
}

Result<std::int64_t> PathParser::parse_int() {
  std::size_t start = pos_;
  if (peek() == '-') ++pos_;
  while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
  std::int64_t value = 0;
  auto [p, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, value);
  if (ec != std::errc() || p != s_.data() + pos_ || pos_ == start)
    return fail("expected an array index at position " + std::to_string(start));
  return value;
}

Result<bool> PathParser::parse_bracket(PathSegment& seg) {
  ++pos_;  // '['
  skip_spaces();
  char c = peek();
  if (c == '?') {
    ++pos_;
    skip_spaces();
    if (peek() != '(') return fail("a filter must be written [?(...)]");
    ++pos_;
    auto node = parse_or();
    if (!node) return node.error();
    skip_spaces();
    if (peek() != ')') return fail("unterminated filter expression");
    ++pos_;
    seg.kind = PathSegment::Kind::Filter;
    seg.filter.push_back(std::move(node.value()));
  } else if (c == '*') {
    ++pos_;
    seg.kind = PathSegment::Kind::Wildcard;
  } else if (c == '\'' || c == '"') {
    while (true) {
      skip_spaces();
      if (peek() != '\'' && peek() != '"') return fail("expected a quoted name in brackets");
      auto name = parse_quoted();
      if (!name) return name.error();
      seg.names.push_back(std::move(name.value()));
      skip_spaces();
      if (peek() != ',') break;
      ++pos_;
    }
    seg.kind = seg.names.size() == 1 ? PathSegment::Kind::Field : PathSegment::Kind::Fields;
  } else if (c == ':' || c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
    auto r = parse_index_or_slice(seg);
    if (!r) return r.error();
  } else {
    return fail("unexpected '" + std::string(1, c ? c : ' ') + "' after '['");
  }
  skip_spaces();
  if (peek() != ']') return fail("expected ']' at position " + std::to_string(pos_));
  ++pos_;
  return true;
}

Result<bool> PathParser::parse_index_or_slice(PathSegment& seg) {
  std::optional<std::int64_t> parts[3];
  int colons = 0;
  while (true) {
    skip_spaces();
    if (peek() == '-' || std::isdigit(static_cast<unsigned char>(peek()))) {
      auto v = parse_int();
      if (!v) return v.error();
      if (colons > 0) {
        parts[colons] = v.value();
      } else {
        seg.indexes.push_back(v.value());
      }
    }
    skip_spaces();
    if (peek() == ':') {
      if (seg.indexes.size() > 1 || colons == 2) return fail("malformed array slice");
      if (colons == 0 && !seg.indexes.empty()) parts[0] = seg.indexes.front();
      seg.indexes.clear();
      ++colons;
      ++pos_;
    } else if (peek() == ',' && colons == 0) {
      ++pos_;
    } else {
      break;
    }
  }
  if (colons > 0) {
    seg.kind = PathSegment::Kind::Slice;
    seg.start = parts[0];
    seg.end = parts[1];
    seg.step = parts[2];
    if (seg.step && *seg.step <= 0) return fail("a slice step must be positive");
  } else if (seg.indexes.size() == 1) {
    seg.kind = PathSegment::Kind::Index;
  } else if (seg.indexes.size() > 1) {
    seg.kind = PathSegment::Kind::Indexes;
  } else {
    return fail("empty brackets");
  }
  return true;
}

bool is_variable_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || u >= 0x80;
}

bool is_variable_char(char c) {
  return is_variable_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

Result<ParsedPath> parse_path_text(std::string_view text, bool allow_context, bool allow_variables) {
  PathParser parser(text);
  return parser.parse_top(allow_context, allow_variables);
}

bool segments_are_definite(const std::vector<PathSegment>& segments) {
  for (const auto& seg : segments) {
    if (seg.deep) return false;
    if (seg.kind != PathSegment::Kind::Field && seg.kind != PathSegment::Kind::Index) return false;
  }
  return true;
}

}  // namespace stepwise::definitions
