// A Pratt parser for JSONata, following the binding powers of the JSONata 2.x reference parser.
#include <map>

#include "definitions/jsonata/jsonata_ast.h"
#include "definitions/jsonata/jsonata_lexer.h"

namespace stepwise::definitions {
namespace {

using jsonata::Lexer;
using jsonata::Token;
using Kind = JsonataNode::Kind;

constexpr int kMaxDepth = 500;  // recursion guard for hostile input

// Left binding powers of the tokens that can continue an expression (JSONata's operator table).
int left_binding_power(const Token& t) {
  if (t.type != Token::Type::Operator) return 0;
  static const std::map<std::string, int> table = {
      {".", 75}, {"[", 80}, {"{", 70}, {"(", 80}, {"@", 80}, {"#", 80}, {"?", 20}, {"+", 50}, {"-", 50},
      {"*", 60}, {"/", 60}, {"%", 60}, {"=", 40}, {"<", 40}, {">", 40}, {"^", 40}, {":=", 10}, {"!=", 40},
      {"<=", 40}, {">=", 40}, {"~>", 40}, {"?:", 40}, {"??", 40}, {"and", 30}, {"or", 25}, {"in", 40}, {"&", 50},
  };
  auto it = table.find(t.text);
  return it == table.end() ? 0 : it->second;
}

bool is_op(const Token& t, std::string_view op) { return t.type == Token::Type::Operator && t.text == op; }

JsonataNode make(Kind kind, std::string text = {}) {
  JsonataNode n;
  n.kind = kind;
  n.text = std::move(text);
  return n;
}

class Parser {
 public:
  explicit Parser(std::string_view source) : lexer_(source) {}

  Result<JsonataNode> parse_all() {
    if (auto r = advance(true); !r) return r.error();
    auto root = expression(0);
    if (!root) return root;
    if (current_.type != Token::Type::End) return fail("unexpected '" + describe(current_) + "'");
    return root;
  }

 private:
  Error fail(const std::string& why) const {
    return make_error("InvalidJsonata", why + " at position " + std::to_string(current_.position + 1));
  }
  static std::string describe(const Token& t) {
    switch (t.type) {
      case Token::Type::End: return "end of expression";
      case Token::Type::String: return t.value.get<std::string>();
      case Token::Type::Number:
      case Token::Type::Value: return t.value.dump();
      case Token::Type::Variable: return "$" + t.text;
      default: return t.text;
    }
  }

  Result<bool> advance(bool regex_allowed) {
    auto next = lexer_.next(regex_allowed);
    if (!next) return next.error();
    current_ = std::move(next.value());
    return true;
  }
  // Consumes the expected operator.
  Result<bool> expect(std::string_view op, bool regex_allowed = true) {
    if (!is_op(current_, op)) {
      return current_.type == Token::Type::End
                 ? fail("expected '" + std::string(op) + "' before the end of the expression")
                 : fail("expected '" + std::string(op) + "', got '" + describe(current_) + "'");
    }
    return advance(regex_allowed);
  }

  Result<JsonataNode> expression(int rbp) {
    if (++depth_ > kMaxDepth) return fail("the expression is nested too deeply");
    Token t = current_;
    if (auto r = advance(false); !r) return r.error();
    auto left = nud(t);
    if (!left) return left;
    while (rbp < left_binding_power(current_)) {
      Token op = current_;
      if (auto r = advance(true); !r) return r.error();
      left = led(op, std::move(left.value()));
      if (!left) return left;
    }
    --depth_;
    return left;
  }

  // Comma-separated expressions up to the closing operator (which is consumed).
  Result<bool> list(JsonataNode& into, std::string_view close) {
    if (!is_op(current_, close)) {
      while (true) {
        auto item = expression(0);
        if (!item) return item.error();
        into.children.push_back(std::move(item.value()));
        if (!is_op(current_, ",")) break;
        if (auto r = advance(true); !r) return r;
      }
    }
    return expect(close, false);
  }

  // "key: value" pairs up to '}' (object constructor and group-by).
  Result<bool> pairs(JsonataNode& into) {
    if (!is_op(current_, "}")) {
      while (true) {
        auto key = expression(0);
        if (!key) return key.error();
        if (auto r = expect(":"); !r) return r;
        auto value = expression(0);
        if (!value) return value.error();
        into.children.push_back(std::move(key.value()));
        into.children.push_back(std::move(value.value()));
        if (!is_op(current_, ",")) break;
        if (auto r = advance(true); !r) return r;
      }
    }
    return expect("}", false);
  }

  Result<JsonataNode> nud(const Token& t) {
    switch (t.type) {
      case Token::Type::End: return fail("unexpected end of expression");
      case Token::Type::String:
      case Token::Type::Number:
      case Token::Type::Value: {
        auto n = make(Kind::Literal);
        n.value = t.value;
        return n;
      }
      case Token::Type::Regex: {
        auto n = make(Kind::Regex, t.text);
        n.name = t.flags;
        return n;
      }
      case Token::Type::Name: return make(Kind::Name, t.text);
      case Token::Type::Variable: return make(Kind::Variable, t.text);
      case Token::Type::Operator: break;
    }
    const std::string& op = t.text;
    if (op == "and" || op == "or" || op == "in") return make(Kind::Name, op);  // names in prefix position
    if (op == "*") return make(Kind::Wildcard);
    if (op == "**") return make(Kind::Descendant);
    if (op == "%") return make(Kind::Parent);
    if (op == "-") {
      auto operand = expression(70);
      if (!operand) return operand;
      auto n = make(Kind::Unary, "-");
      n.children.push_back(std::move(operand.value()));
      return n;
    }
    if (op == "[") {  // array constructor, with "a..b" ranges
      auto n = make(Kind::Array);
      if (!is_op(current_, "]")) {
        while (true) {
          auto item = expression(0);
          if (!item) return item;
          if (is_op(current_, "..")) {
            if (auto r = advance(true); !r) return r.error();
            auto upper = expression(0);
            if (!upper) return upper;
            auto range = make(Kind::Binary, "..");
            range.children.push_back(std::move(item.value()));
            range.children.push_back(std::move(upper.value()));
            n.children.push_back(std::move(range));
          } else {
            n.children.push_back(std::move(item.value()));
          }
          if (!is_op(current_, ",")) break;
          if (auto r = advance(true); !r) return r.error();
        }
      }
      if (auto r = expect("]", false); !r) return r.error();
      return n;
    }
    if (op == "{") {
      auto n = make(Kind::Object);
      if (auto r = pairs(n); !r) return r.error();
      return n;
    }
    if (op == "(") {  // block
      auto n = make(Kind::Block);
      if (!is_op(current_, ")")) {
        while (true) {
          auto item = expression(0);
          if (!item) return item;
          n.children.push_back(std::move(item.value()));
          if (!is_op(current_, ";")) break;
          if (auto r = advance(true); !r) return r.error();
        }
      }
      if (auto r = expect(")", false); !r) return r.error();
      return n;
    }
    if (op == "|") {  // transform: | pattern | update [, delete] |
      auto n = make(Kind::Transform);
      for (int part = 0; part < 3; ++part) {
        auto e = expression(0);
        if (!e) return e;
        n.children.push_back(std::move(e.value()));
        if (part == 0) {
          if (auto r = expect("|"); !r) return r.error();
        } else if (part == 1 && is_op(current_, ",")) {
          if (auto r = advance(true); !r) return r.error();
        } else {
          break;
        }
      }
      if (auto r = expect("|", false); !r) return r.error();
      return n;
    }
    return fail("'" + op + "' cannot start an expression");
  }

  Result<JsonataNode> binary(Kind kind, const std::string& op, JsonataNode left, int rbp) {
    auto right = expression(rbp);
    if (!right) return right;
    auto n = make(kind, op);
    n.children.push_back(std::move(left));
    n.children.push_back(std::move(right.value()));
    return n;
  }

  Result<JsonataNode> led(const Token& t, JsonataNode left) {
    const std::string& op = t.text;
    const int bp = left_binding_power(t);
    if (op == ".") return binary(Kind::Path, op, std::move(left), bp);
    if (op == "~>") return binary(Kind::Apply, op, std::move(left), bp);
    if (op == ":=") {
      if (left.kind != Kind::Variable) return fail("the left side of ':=' must be a variable name such as $x");
      return binary(Kind::Bind, op, std::move(left), bp - 1);  // right-associative
    }
    if (op == "@" || op == "#") {
      auto bound = binary(op == "@" ? Kind::Focus : Kind::Index, op, std::move(left), bp);
      if (bound && bound->children[1].kind != Kind::Variable)
        return fail("'" + op + "' must be followed by a variable name such as $v");
      return bound;
    }
    if (op == "?") {
      auto then = expression(0);
      if (!then) return then;
      auto n = make(Kind::Condition);
      n.children.push_back(std::move(left));
      n.children.push_back(std::move(then.value()));
      if (is_op(current_, ":")) {
        if (auto r = advance(true); !r) return r.error();
        auto otherwise = expression(0);
        if (!otherwise) return otherwise;
        n.children.push_back(std::move(otherwise.value()));
      }
      return n;
    }
    if (op == "[") {
      auto n = make(Kind::Filter);
      n.children.push_back(std::move(left));
      if (is_op(current_, "]")) {
        if (auto r = advance(false); !r) return r.error();
        return n;
      }
      auto predicate = expression(0);
      if (!predicate) return predicate;
      n.children.push_back(std::move(predicate.value()));
      if (auto r = expect("]", false); !r) return r.error();
      return n;
    }
    if (op == "{") {
      auto n = make(Kind::GroupBy);
      n.children.push_back(std::move(left));
      if (auto r = pairs(n); !r) return r.error();
      return n;
    }
    if (op == "^") {
      auto n = make(Kind::OrderBy);
      n.children.push_back(std::move(left));
      if (auto r = expect("("); !r) return r.error();
      while (true) {
        std::string direction = "<";
        if (is_op(current_, "<") || is_op(current_, ">")) {
          direction = current_.text;
          if (auto r = advance(true); !r) return r.error();
        }
        auto term = expression(0);
        if (!term) return term;
        auto sort = make(Kind::Unary, direction);
        sort.children.push_back(std::move(term.value()));
        n.children.push_back(std::move(sort));
        if (!is_op(current_, ",")) break;
        if (auto r = advance(true); !r) return r.error();
      }
      if (auto r = expect(")", false); !r) return r.error();
      return n;
    }
    if (op == "(") return call_or_lambda(std::move(left));
    if (op == "?:" || op == "??" || op == "and" || op == "or" || op == "in" || op == "&" || op == "+" ||
        op == "-" || op == "*" || op == "/" || op == "%" || op == "=" || op == "!=" || op == "<" || op == "<=" ||
        op == ">" || op == ">=")
      return binary(Kind::Binary, op, std::move(left), bp);
    return fail("'" + op + "' cannot be used here");
  }

  Result<JsonataNode> call_or_lambda(JsonataNode left) {
    const bool lambda = left.kind == Kind::Name && (left.text == "function" || left.text == "λ");
    auto n = make(lambda ? Kind::Lambda : Kind::Call);
    if (!lambda) n.children.push_back(std::move(left));
    if (!is_op(current_, ")")) {
      while (true) {
        if (!lambda && is_op(current_, "?")) {
          n.children.push_back(make(Kind::Placeholder));
          if (auto r = advance(true); !r) return r.error();
        } else {
          auto arg = expression(0);
          if (!arg) return arg;
          if (lambda && arg->kind != Kind::Variable)
            return fail("the parameters of a function definition must be variable names such as $x");
          n.children.push_back(std::move(arg.value()));
        }
        if (!is_op(current_, ",")) break;
        if (auto r = advance(true); !r) return r.error();
      }
    }
    if (auto r = expect(")", false); !r) return r.error();
    if (!lambda) return n;
    if (is_op(current_, "<")) {  // a type signature such as <n-n:n>
      std::string signature;
      int depth = 0;
      while (true) {
        if (current_.type == Token::Type::End) return fail("the function signature has no closing '>'");
        if (is_op(current_, "<")) ++depth;
        if (is_op(current_, ">") && --depth == 0) break;
        signature += current_.type == Token::Type::Variable ? "$" + current_.text : current_.text;
        if (auto r = advance(false); !r) return r.error();
      }
      n.text = signature + ">";
      if (auto r = advance(false); !r) return r.error();
    }
    if (auto r = expect("{"); !r) return r.error();
    auto body = expression(0);
    if (!body) return body;
    n.children.push_back(std::move(body.value()));
    if (auto r = expect("}", false); !r) return r.error();
    return n;
  }

  Lexer lexer_;
  Token current_;
  int depth_ = 0;
};

}  // namespace

Result<JsonataExpression> parse_jsonata(std::string_view expression) {
  Parser parser(expression);
  auto root = parser.parse_all();
  if (!root) return root.error();
  return JsonataExpression{std::string(expression), std::move(root.value())};
}

const char* to_string(JsonataNode::Kind kind) {
  using K = JsonataNode::Kind;
  switch (kind) {
    case K::Literal: return "Literal";
    case K::Regex: return "Regex";
    case K::Name: return "Name";
    case K::Variable: return "Variable";
    case K::Wildcard: return "Wildcard";
    case K::Descendant: return "Descendant";
    case K::Parent: return "Parent";
    case K::Unary: return "Unary";
    case K::Binary: return "Binary";
    case K::Path: return "Path";
    case K::Filter: return "Filter";
    case K::GroupBy: return "GroupBy";
    case K::Apply: return "Apply";
    case K::Bind: return "Bind";
    case K::Condition: return "Condition";
    case K::Block: return "Block";
    case K::Array: return "Array";
    case K::Object: return "Object";
    case K::Call: return "Call";
    case K::Placeholder: return "Placeholder";
    case K::Lambda: return "Lambda";
    case K::Transform: return "Transform";
    case K::OrderBy: return "OrderBy";
    case K::Focus: return "Focus";
    case K::Index: return "Index";
  }
  return "Literal";
}

}  // namespace stepwise::definitions
