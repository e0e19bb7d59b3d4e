#include "definitions/jsonata/jsonata_lexer.h"
#include "definitions/utf8.h"

#include <cctype>
#include <cmath>

namespace stepwise::definitions::jsonata {
namespace {

using definitions::append_utf8;

constexpr std::string_view kOperatorChars = ".[]{}(),@#;:?+-*/%|=<>^&!~";
constexpr std::string_view kTwoCharOperators[] = {"..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'; }

}  // namespace

bool is_operator_char(char c) { return kOperatorChars.find(c) != std::string_view::npos; }

Error Lexer::fail(const std::string& why, std::size_t at) const {
  return make_error("InvalidJsonata", why + " at position " + std::to_string(at + 1));
}

Result<Token> Lexer::scan_string(char quote) {
  const std::size_t start = pos_++;
  std::string out;
  while (pos_ < s_.size()) {
    char c = s_[pos_++];
    if (c == quote) {
      Token t;
      t.type = Token::Type::String;
      t.value = std::move(out);
      t.position = start;
      return t;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (pos_ >= s_.size()) break;
    char e = s_[pos_++];
    switch (e) {
      case '"': case '\\': case '/': case '\'': out += e; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        if (pos_ + 4 > s_.size()) return fail("unsupported escape sequence \\u", pos_ - 2);
        unsigned cp = 0;
        for (int i = 0; i < 4; ++i) {
          char h = s_[pos_++];
          if (!std::isxdigit(static_cast<unsigned char>(h))) return fail("unsupported escape sequence \\u", pos_ - 2);
          cp = cp * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
        }
        append_utf8(out, cp);
        break;
      }
      default:
        return fail(std::string("unsupported escape sequence \\") + e, pos_ - 2);
    }
  }
  return fail("no terminating quote for the string starting", start);
}

Result<Token> Lexer::scan_regex() {
  const std::size_t start = pos_++;
  int depth = 0;
  std::string pattern;
  while (pos_ < s_.size()) {
    char c = s_[pos_];
    if (c == '/' && depth == 0 && (pattern.empty() || pattern.back() != '\\' ||
                                   (pattern.size() >= 2 && pattern[pattern.size() - 2] == '\\'))) {
      ++pos_;
      if (pattern.empty()) return fail("an empty regular expression", start);
      Token t;
      t.type = Token::Type::Regex;
      t.text = std::move(pattern);
      while (pos_ < s_.size() && (s_[pos_] == 'i' || s_[pos_] == 'm')) t.flags += s_[pos_++];
      t.position = start;
      return t;
    }
    if ((c == '(' || c == '[' || c == '{') && (pattern.empty() || pattern.back() != '\\')) ++depth;
    if ((c == ')' || c == ']' || c == '}') && (pattern.empty() || pattern.back() != '\\')) --depth;
    pattern += c;
    ++pos_;
  }
  return fail("no terminating '/' for the regular expression starting", start);
}

Result<Token> Lexer::next(bool regex_allowed) {
  while (true) {
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
    if (s_.substr(pos_, 2) != "/*") break;
    auto end = s_.find("*/", pos_ + 2);
    if (end == std::string_view::npos) return fail("a comment has no closing '*/'", pos_);
    pos_ = end + 2;
  }
  Token t;
  t.position = pos_;
  if (pos_ >= s_.size()) return t;  // End
  const char c = s_[pos_];
  if (c == '/' && regex_allowed) return scan_regex();
  for (auto op : kTwoCharOperators) {
    if (s_.substr(pos_, 2) == op) {
      pos_ += 2;
      t.type = Token::Type::Operator;
      t.text = std::string(op);
      return t;
    }
  }
  if (is_operator_char(c)) {
    ++pos_;
    t.type = Token::Type::Operator;
    t.text = std::string(1, c);
    return t;
  }
  if (c == '"' || c == '\'') return scan_string(c);
  if (std::isdigit(static_cast<unsigned char>(c))) {
    std::size_t end = pos_;
    if (s_[end] == '0') {
      ++end;
    } else {
      while (end < s_.size() && std::isdigit(static_cast<unsigned char>(s_[end]))) ++end;
    }
    if (end + 1 < s_.size() && s_[end] == '.' && std::isdigit(static_cast<unsigned char>(s_[end + 1]))) {
      ++end;
      while (end < s_.size() && std::isdigit(static_cast<unsigned char>(s_[end]))) ++end;
    }
    if (end < s_.size() && (s_[end] == 'e' || s_[end] == 'E')) {
      std::size_t e = end + 1;
      if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
      if (e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[e]))) {
        while (e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[e]))) ++e;
        end = e;
      }
    }
    const std::string text(s_.substr(pos_, end - pos_));
    const double d = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(d)) return fail("the number " + text + " is out of range", pos_);
    pos_ = end;
    t.type = Token::Type::Number;
    t.value = Json::parse(text);
    return t;
  }
  if (c == '`') {
    auto end = s_.find('`', pos_ + 1);
    if (end == std::string_view::npos) return fail("a quoted name has no closing '`'", pos_);
    t.type = Token::Type::Name;
    t.text = std::string(s_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return t;
  }
  std::size_t end = pos_;
  while (end < s_.size() && !is_space(s_[end]) && !is_operator_char(s_[end])) ++end;
  std::string word(s_.substr(pos_, end - pos_));
  pos_ = end;
  if (word[0] == '$') {
    t.type = Token::Type::Variable;
    t.text = word.substr(1);
  } else if (word == "and" || word == "or" || word == "in") {
    t.type = Token::Type::Operator;
    t.text = word;
  } else if (word == "true" || word == "false" || word == "null") {
    t.type = Token::Type::Value;
    t.value = Json::parse(word);
  } else {
    t.type = Token::Type::Name;
    t.text = word;
  }
  return t;
}

const char* to_string(Token::Type type) {
  switch (type) {
    case Token::Type::End: return "End";
    case Token::Type::Operator: return "Operator";
    case Token::Type::Name: return "Name";
    case Token::Type::Variable: return "Variable";
    case Token::Type::String: return "String";
    case Token::Type::Number: return "Number";
    case Token::Type::Value: return "Value";
    case Token::Type::Regex: return "Regex";
  }
  return "End";
}

}  // namespace stepwise::definitions::jsonata
