// Intrinsics for JSON data manipulation.
#include "definitions/intrinsics/intrinsic_families.h"

namespace stepwise::definitions::intrinsics {

Result<Json> string_to_json(const Args& args) {
  constexpr auto fn = IntrinsicFunction::StringToJson;
  if (!args[0].is_string()) return failure(fn, "the argument must be a string, not " + describe(args[0]));
  const std::string& text = args[0].get_ref<const std::string&>();
  // Recorded on AWS: an empty or blank string gives null (Jackson reads no document there).
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return Json(nullptr);
  Json parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return failure(fn, "the string is not valid JSON");
  return parsed;
}

Result<Json> json_to_string(const Args& args) { return Json(args[0].dump()); }

Result<Json> json_merge(const Args& args) {
  constexpr auto fn = IntrinsicFunction::JsonMerge;
  if (!args[0].is_object() || !args[1].is_object())
    return failure(fn, "the first two arguments must be objects");
  // Only the boolean true asks for a deep merge, which AWS refuses; any other value is a shallow
  // merge (observed: the string 'false' merges).
  if (args[2].is_boolean() && args[2].get<bool>())
    return failure(fn, "deep merging is not supported; the third argument must be false");
  Json out = args[0];
  for (const auto& item : args[1].items()) out[item.key()] = item.value();
  return out;
}

}  // namespace stepwise::definitions::intrinsics
