// Intrinsics for string operations, generic operations (States.Format) and unique identifiers.
#include "definitions/intrinsics/intrinsic_families.h"

namespace stepwise::definitions::intrinsics {

Result<Json> string_split(const Args& args) {
  constexpr auto fn = IntrinsicFunction::StringSplit;
  if (!args[0].is_string() || !args[1].is_string()) return failure(fn, "both arguments must be strings");
  const auto& text = args[0].get_ref<const std::string&>();
  const auto& delimiters = args[1].get_ref<const std::string&>();
  Json out = Json::array();
  std::string token;
  // Every character of the delimiter string separates; empty tokens are dropped.
  for (char c : text) {
    if (delimiters.find(c) != std::string::npos) {
      if (!token.empty()) out.push_back(std::move(token));
      token.clear();
    } else {
      token += c;
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
