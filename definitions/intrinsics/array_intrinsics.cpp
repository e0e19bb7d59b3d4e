// Intrinsics for arrays.
#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "definitions/intrinsics/intrinsic_families.h"
#include "definitions/java_values.h"

namespace stepwise::definitions::intrinsics {
namespace {
constexpr std::int64_t kMaxRangeItems = 1000;  // "The newly generated array can't contain more than 1000 items."
}

Result<Json> array(const Args& args) {
  Json out = Json::array();
  for (const auto& a : args) out.push_back(a);
  return out;
}

Result<Json> array_partition(const Args& args) {
  constexpr auto fn = IntrinsicFunction::ArrayPartition;
  if (!args[0].is_array()) return failure(fn, "the first argument must be an array, not " + describe(args[0]));
  auto size = as_truncated(args[1]);
  if (!size || *size <= 0) return failure(fn, "the chunk size must be a number of at least 1");
  Json out = Json::array();
  Json chunk = Json::array();
  for (const auto& item : args[0]) {
    chunk.push_back(item);
    if (static_cast<std::int64_t>(chunk.size()) == *size) {
      out.push_back(std::move(chunk));
      chunk = Json::array();
    }
  }
  if (!chunk.empty()) out.push_back(std::move(chunk));
  return out;
}

Result<Json> array_contains(const Args& args) {
  if (!args[0].is_array())
    return failure(IntrinsicFunction::ArrayContains, "the first argument must be an array, not " + describe(args[0]));
  // AWS compares the items' text (observed: true matches "true", 9007199254740991 matches
  // "9007199254740991", and {"a":1,"b":2} does not match {"b":2,"a":1}).
  std::string target, text;
  append_java_text(target, args[1]);
  for (const auto& item : args[0]) {
    text.clear();
    append_java_text(text, item);
    if (text == target) return Json(true);
  }
  return Json(false);
}

Result<Json> array_range(const Args& args) {
  constexpr auto fn = IntrinsicFunction::ArrayRange;
  auto start = as_truncated(args[0]), end = as_truncated(args[1]), step = as_truncated(args[2]);
  if (!start || !end || !step) return failure(fn, "every argument must be a number");
  if (*step == 0) return failure(fn, "the step must not be 0");
  Json out = Json::array();
  for (std::int64_t v = *start; *step > 0 ? v <= *end : v >= *end; v += *step) {
    if (static_cast<std::int64_t>(out.size()) == kMaxRangeItems)
      return failure(fn, "the range would have more than 1000 items");
    out.push_back(v);
  }
  return out;
}

Result<Json> array_get_item(const Args& args) {
  constexpr auto fn = IntrinsicFunction::ArrayGetItem;
  if (!args[0].is_array()) return failure(fn, "the first argument must be an array, not " + describe(args[0]));
  auto index = as_truncated(args[1]);
  if (!index || *index < 0) return failure(fn, "the index must be a number of at least 0");
  if (args[0].empty()) return Json();  // recorded on AWS: ArrayGetItem([], 999) is null
  if (*index >= static_cast<std::int64_t>(args[0].size()))
    return failure(fn, "the index " + std::to_string(*index) + " is out of bounds for an array of " +
                           std::to_string(args[0].size()) + " items");
  return args[0][static_cast<std::size_t>(*index)];
}

Result<Json> array_length(const Args& args) {
  if (!args[0].is_array())
    return failure(IntrinsicFunction::ArrayLength, "the argument must be an array, not " + describe(args[0]));
  return Json(args[0].size());
}

// AWS collects the items in a java.util.HashSet and returns its iteration order (observed:
// [true, false] gives [false, true], [[1,2],[1,2],[2,1]] gives [[2,1],[1,2]], [null, 1] keeps null
// first): each item hashed as the Java object it becomes (java_values.h); a HashMap iterates its
// buckets in order, each in insertion order.
Result<Json> array_unique(const Args& args) {
  if (!args[0].is_array())
    return failure(IntrinsicFunction::ArrayUnique, "the argument must be an array, not " + describe(args[0]));
  struct Kept {
    const Json* item;
    std::uint32_t hash;
  };
  std::vector<Kept> kept;
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> by_hash;  // Java hash -> indexes into kept
  for (const auto& item : args[0]) {
    const std::uint32_t h = java_hash_code(item);
    auto& same = by_hash[h];
    bool seen = false;
    for (auto i : same) seen = seen || java_equals(*kept[i].item, item);
    if (seen) continue;
    same.push_back(kept.size());
    kept.push_back({&item, h});
  }
  const std::uint32_t buckets = java_hash_buckets(kept.size());
  auto bucket = [buckets](std::uint32_t h) { return java_hash_bucket(h, buckets); };
  std::stable_sort(kept.begin(), kept.end(), [&](const Kept& a, const Kept& b) { return bucket(a.hash) < bucket(b.hash); });
  Json out = Json::array();
  for (const auto& k : kept) out.push_back(*k.item);
  return out;
}

}  // namespace stepwise::definitions::intrinsics
