#pragma once
// Internal: the JSONata tokenizer.
#include <string>
#include <string_view>

#include "definitions/json.h"
#include "definitions/result.h"

namespace stepwise::definitions::jsonata {

struct Token {
  enum class Type { End, Operator, Name, Variable, String, Number, Value, Regex };
  Type type = Type::End;
  std::string text;  // operator, name, variable name, regex pattern
  std::string flags; // regex flags
  Json value;        // String / Number / Value
  std::size_t position = 0;
};

const char* to_string(Token::Type type);

class Lexer {
 public:
  explicit Lexer(std::string_view source) : s_(source) {}
  // A '/' starts a regular expression only where an operand is expected.
  Result<Token> next(bool regex_allowed);

 private:
  Error fail(const std::string& why, std::size_t at) const;
  Result<Token> scan_string(char quote);
  Result<Token> scan_regex();

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool is_operator_char(char c);

}  // namespace stepwise::definitions::jsonata
