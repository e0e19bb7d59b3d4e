// Intrinsics for string operations, generic operations (States.Format) and unique identifiers.
#include <algorithm>
#include <string_view>

#include "definitions/intrinsics/intrinsic_families.h"
#include "definitions/utf8.h"

namespace stepwise::definitions::intrinsics {

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
  if (std::all_of(separators.begin(), separators.end(), [](std::string_view s) { return s.size() == 1; })) {
    // Single-byte separators (the usual case): whole tokens at a time.
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t end = std::min(text.find_first_of(delimiters, i), text.size());
      if (end > i) out.push_back(text.substr(i, end - i));
      i = end + 1;
    }
    return out;
  }
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

void append_java_text(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: out += value.get_ref<const std::string&>(); return;
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        if (!first) out += ", ";
        first = false;
        out += key;
        out += '=';
        append_java_text(out, item);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ", ";
        append_java_text(out, value[i]);
      }
      out += ']';
      return;
    }
    default: out += value.dump();
  }
}

Result<Json> format(const Args& args, const StringLiteral* literal_template) {
  constexpr auto fn = IntrinsicFunction::Format;
  if (!args[0].is_string()) return failure(fn, "the first argument must be a string, not " + describe(args[0]));
  // Observed on AWS: a literal template with a brace that is neither escaped nor part of "{}"
  // ('Hello {{}}', '}') fails the state at run time.
  if (literal_template && literal_template->stray_brace)
    return failure(fn, "the template has an unescaped '{' or '}' outside a {} placeholder");
  const std::string& tmpl = args[0].get_ref<const std::string&>();
  std::vector<std::size_t> found;
  if (!literal_template)
    for (auto at = tmpl.find("{}"); at != std::string::npos; at = tmpl.find("{}", at + 2)) found.push_back(at);
  const std::vector<std::size_t>& placeholders = literal_template ? literal_template->placeholders : found;
  // Spec: "There must be as many remaining arguments in the Invocation as there are occurrences of {}".
  if (placeholders.size() != args.size() - 1)
    return failure(fn, "the template has " + std::to_string(placeholders.size()) + " {} placeholders but " +
                           std::to_string(args.size() - 1) + " values were given");
  std::string out;
  std::size_t from = 0;
  for (std::size_t i = 0; i < placeholders.size(); ++i) {
    out.append(tmpl, from, placeholders[i] - from);
    append_java_text(out, args[i + 1]);
    from = placeholders[i] + 2;
  }
  out.append(tmpl, from, std::string::npos);
  return Json(std::move(out));
}

Result<Json> uuid(IntrinsicEnv& env) { return Json(env.uuid()); }

}  // namespace stepwise::definitions::intrinsics
