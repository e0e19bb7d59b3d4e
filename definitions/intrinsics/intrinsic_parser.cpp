#include <array>
#include <cctype>
#include <string>

#include "definitions/intrinsics/intrinsic_call.h"
#include "definitions/utf8.h"

namespace stepwise::definitions {
namespace {

struct Signature {
  IntrinsicFunction function;
  std::string_view name;
  int min_args;
  int max_args;  // -1: any number
};

constexpr std::array<Signature, 18> kSignatures{{
    {IntrinsicFunction::Format, "States.Format", 1, -1},
    {IntrinsicFunction::StringToJson, "States.StringToJson", 1, 1},
    {IntrinsicFunction::JsonToString, "States.JsonToString", 1, 1},
    {IntrinsicFunction::Array, "States.Array", 0, -1},
    {IntrinsicFunction::ArrayPartition, "States.ArrayPartition", 2, 2},
    {IntrinsicFunction::ArrayContains, "States.ArrayContains", 2, 2},
    {IntrinsicFunction::ArrayRange, "States.ArrayRange", 3, 3},
    {IntrinsicFunction::ArrayGetItem, "States.ArrayGetItem", 2, 2},
    {IntrinsicFunction::ArrayLength, "States.ArrayLength", 1, 1},
    {IntrinsicFunction::ArrayUnique, "States.ArrayUnique", 1, 1},
    {IntrinsicFunction::Base64Encode, "States.Base64Encode", 1, 1},
    {IntrinsicFunction::Base64Decode, "States.Base64Decode", 1, 1},
    {IntrinsicFunction::Hash, "States.Hash", 2, 2},
    {IntrinsicFunction::JsonMerge, "States.JsonMerge", 3, 3},
    {IntrinsicFunction::MathRandom, "States.MathRandom", 2, 3},
    {IntrinsicFunction::MathAdd, "States.MathAdd", 2, 2},
    {IntrinsicFunction::StringSplit, "States.StringSplit", 2, 2},
    {IntrinsicFunction::UUID, "States.UUID", 0, 0},
}};

bool is_hex4(std::string_view s) {
  if (s.size() != 4) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

class IntrinsicParser {
 public:
  explicit IntrinsicParser(std::string_view text) : s_(text) {}

  Result<IntrinsicCall> parse() {
    skip_spaces();
    auto call = parse_call(1);
    if (!call) return call;
    skip_spaces();
    if (pos_ != s_.size()) return fail("unexpected text after the closing ')'");
    return call;
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_spaces() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  Error fail(const std::string& why) const {
    return make_error("InvalidIntrinsic", why + " in '" + std::string(s_) + "'");
  }

  Result<IntrinsicCall> parse_call(int depth) {
    if (depth > kMaxIntrinsicNesting)
      return fail("intrinsic functions are nested more than " + std::to_string(kMaxIntrinsicNesting) + " deep");
    std::size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) ++pos_;
    std::string_view name = s_.substr(start, pos_ - start);
    const Signature* sig = nullptr;
    for (const auto& candidate : kSignatures)
      if (candidate.name == name) sig = &candidate;
    if (!sig) return fail("unknown intrinsic function '" + std::string(name) + "'");
    skip_spaces();
    if (peek() != '(') return fail("expected '(' after " + std::string(name));
    ++pos_;
    IntrinsicCall call;
    call.function = sig->function;
    skip_spaces();
    if (peek() != ')') {
      while (true) {
        auto arg = parse_arg(depth);
        if (!arg) return arg.error();
        call.args.push_back(std::move(arg.value()));
        skip_spaces();
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        break;
      }
    }
    if (peek() != ')') return fail("expected ',' or ')' in the arguments of " + std::string(name));
    ++pos_;
    const int n = static_cast<int>(call.args.size());
    if (n < sig->min_args || (sig->max_args >= 0 && n > sig->max_args)) {
      std::string expected = sig->min_args == sig->max_args ? std::to_string(sig->min_args)
                             : sig->max_args < 0 ? "at least " + std::to_string(sig->min_args)
                                                 : std::to_string(sig->min_args) + " or " + std::to_string(sig->max_args);
      call.arity_problem = std::string(name) + " takes " + expected + " argument" + (expected == "1" ? "" : "s") +
                           ", not " + std::to_string(n);
      return call;
    }
    if (sig->function == IntrinsicFunction::JsonToString &&
        !std::holds_alternative<JsonPath>(call.args.front().value))
      return fail("the argument of States.JsonToString must be a path");
    return call;
  }

  Result<IntrinsicArg> parse_arg(int depth) {
    skip_spaces();
    char c = peek();
    IntrinsicArg arg;
    if (c == '\'') {
      auto lit = parse_string();
      if (!lit) return lit.error();
      arg.value = std::move(lit.value());
    } else if (c == '$') {
      auto path = parse_path();
      if (!path) return path.error();
      arg.value = std::move(path.value());
    } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t start = pos_;
      if (c == '-') ++pos_;
      while (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '.' || peek() == 'e' ||
             peek() == 'E' || ((peek() == '+' || peek() == '-') && (s_[pos_ - 1] == 'e' || s_[pos_ - 1] == 'E')))
        ++pos_;
      Json number = Json::parse(s_.substr(start, pos_ - start), nullptr, false);
      if (number.is_discarded() || !number.is_number())
        return fail("malformed number '" + std::string(s_.substr(start, pos_ - start)) + "'");
      arg.value = std::move(number);
    } else if (s_.substr(pos_, 7) == "States.") {
      auto nested = parse_call(depth + 1);
      if (!nested) return nested.error();
      arg.value = std::vector<IntrinsicCall>{std::move(nested.value())};
    } else {
      for (std::string_view word : {"true", "false", "null"}) {
        if (s_.substr(pos_, word.size()) == word) {
          pos_ += word.size();
          arg.value = Json::parse(word);
          return arg;
        }
      }
      return fail("unexpected '" + std::string(1, c ? c : ' ') + "' where an argument was expected");
    }
    return arg;
  }

  Result<StringLiteral> parse_string() {
    ++pos_;  // opening quote
    StringLiteral lit;
    while (pos_ < s_.size() && s_[pos_] != '\'') {
      char c = s_[pos_];
      if (c == '\\') {
        // The guide names four escapes: \' \{ \} \\. Like AWS (whose parser leaves other escapes
        // to run time), any other escaped character is accepted and stands for itself, and
        // \uXXXX is a code point.
        if (pos_ + 1 >= s_.size()) return fail("an unterminated string literal");
        char next = s_[pos_ + 1];
        if (next == 'u' && pos_ + 6 <= s_.size() && is_hex4(s_.substr(pos_ + 2, 4))) {
          append_utf8(lit.value, static_cast<unsigned>(std::stoul(std::string(s_.substr(pos_ + 2, 4)), nullptr, 16)));
          pos_ += 6;
          continue;
        }
        lit.value += next;
        pos_ += 2;
        continue;
      }
      if (c == '{' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '}') {
        lit.placeholders.push_back(lit.value.size());
        lit.value += "{}";
        pos_ += 2;
        continue;
      }
      if (c == '{' || c == '}') lit.stray_brace = true;
      lit.value += c;
      ++pos_;
    }
    if (pos_ >= s_.size()) return fail("an unterminated string literal");
    ++pos_;
    return lit;
  }

  Result<JsonPath> parse_path() {
    std::size_t start = pos_;
    int brackets = 0, parens = 0;
    char quote = 0;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        --brackets;
      } else if (c == '(') {
        ++parens;
      } else if (c == ')') {
        if (parens == 0 && brackets == 0) break;
        --parens;
      } else if ((c == ',' || std::isspace(static_cast<unsigned char>(c))) && brackets == 0 && parens == 0) {
        break;
      }
      ++pos_;
    }
    auto path = JsonPath::parse(s_.substr(start, pos_ - start));
    if (!path) return fail(path.error().message);
    return path;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

const char* to_string(IntrinsicFunction fn) {
  for (const auto& sig : kSignatures)
    if (sig.function == fn) return sig.name.data();
  return "States.Unknown";
}

std::string first_arity_problem(const IntrinsicCall& call) {
  if (!call.arity_problem.empty()) return call.arity_problem;
  for (const auto& arg : call.args)
    if (const auto* nested = std::get_if<std::vector<IntrinsicCall>>(&arg.value))
      if (auto problem = first_arity_problem(nested->front()); !problem.empty()) return problem;
  return "";
}

bool looks_like_intrinsic(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  return text.substr(0, 7) == "States." && text.find('(') != std::string_view::npos;
}

Result<IntrinsicCall> parse_intrinsic(std::string_view text) {
  auto call = IntrinsicParser(text).parse();
  if (call) call->text = std::string(text);
  return call;
}

}  // namespace stepwise::definitions
