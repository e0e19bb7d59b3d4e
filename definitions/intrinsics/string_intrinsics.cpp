// Intrinsics for string operations, generic operations (States.Format) and unique identifiers.
#include <algorithm>
#include <string_view>

#include "definitions/intrinsics/intrinsic_families.h"

namespace stepwise::definitions::intrinsics {
namespace {

// Bytes in the UTF-8 sequence that starts with lead (1 for a stray continuation byte).
std::size_t utf8_sequence_length(char lead) {
  const auto c = static_cast<unsigned char>(lead);
  return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

}  // namespace

Result<Json> string_split(const Args& args) {
  constexpr auto fn = IntrinsicFunction::StringSplit;
  if (!args[0].is_string() || !args[1].is_string()) return failure(fn, "both arguments must be strings");
  const auto& text = args[0].get_ref<const std::string&>();
  const auto& delimiters = args[1].get_ref<const std::string&>();
  // Every character (code point) of the delimiter string separates; empty tokens are dropped.
  std::vector<std::string_view> separators;
  for (std::size_t i = 0; i < delimiters.size(); i += utf8_sequence_length(delimiters[i]))
    separators.push_back(std::string_view(delimiters).substr(i, utf8_sequence_length(delimiters[i])));
  Json out = Json::array();
  std::string token;
  for (std::size_t i = 0; i < text.size();) {
    const std::string_view ch = std::string_view(text).substr(i, utf8_sequence_length(text[i]));
    i += ch.size();
    if (std::find(separators.begin(), separators.end(), ch) != separators.end()) {
      if (!token.empty()) out.push_back(std::move(token));
      token.clear();
    } else {
      token += ch;
    }
  }
  if (!token.empty()) out.push_back(std::move(token));
  return out;
}

Result<Json> format(const Args& args, const std::optional<std::string>& raw_template) {
  constexpr auto fn = IntrinsicFunction::Format;
  if (!args[0].is_string()) return failure(fn, "the first argument must be a string, not " + describe(args[0]));
  // With a literal template, "\{" and "\}" are literal braces; "{}" is a placeholder.
  const std::string& tmpl = raw_template ? *raw_template : args[0].get_ref<const std::string&>();
  std::string out;
  std::size_t next_arg = 1;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if (raw_template && c == '\\' && i + 1 < tmpl.size()) {
      out += tmpl[++i];
      continue;
    }
    if (c == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '}') {
      if (next_arg >= args.size())
        return failure(fn, "the template has more {} placeholders than there are arguments");
      const Json& value = args[next_arg++];
      out += value.is_string() ? value.get<std::string>() : value.dump();
      ++i;
      continue;
    }
    out += c;
  }
  if (next_arg != args.size())
    return failure(fn, "the template has fewer {} placeholders than there are arguments");
  return Json(std::move(out));
}

Result<Json> uuid(IntrinsicEnv& env) { return Json(env.uuid()); }

}  // namespace stepwise::definitions::intrinsics
