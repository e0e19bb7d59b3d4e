// Intrinsics for math operations.
#include <cmath>
#include <limits>

#include "definitions/intrinsics/intrinsic_families.h"

namespace stepwise::definitions::intrinsics {
namespace {

// java.util.Random, so that a seeded States.MathRandom gives the same number on every run.
class JavaRandom {
 public:
  explicit JavaRandom(std::int64_t seed)
      : seed_((static_cast<std::uint64_t>(seed) ^ 0x5DEECE66DULL) & kMask) {}
  std::int32_t next_int(std::int32_t bound) {
    if ((bound & -bound) == bound) return static_cast<std::int32_t>((bound * static_cast<std::int64_t>(next(31))) >> 31);
    std::int32_t bits, value;
    do {
      bits = next(31);
      value = bits % bound;
    } while (bits - value + (bound - 1) < 0);
    return value;
  }

 private:
  static constexpr std::uint64_t kMask = (1ULL << 48) - 1;
  std::int32_t next(int bits) {
    seed_ = (seed_ * 0x5DEECE66DULL + 0xBULL) & kMask;
    return static_cast<std::int32_t>(static_cast<std::int64_t>(seed_) >> (48 - bits));
  }
  std::uint64_t seed_;
};

// A number as AWS takes it for MathAdd: a fraction is rounded as Java's Math.round does (half up:
// 2.5 -> 3, -2.5 -> -2), as recorded on AWS (MathAdd(-0.5, 0.5) is 1). MathRandom truncates instead
// (observed: MathRandom(1.6, 5.4) gives 1, MathRandom(1.4, 1.6) is refused).
std::optional<std::int64_t> as_rounded(const Json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_number_float()) return std::nullopt;
  const double d = std::floor(value.get<double>() + 0.5);
  if (!std::isfinite(d) || std::abs(d) >= 9.2e18) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

bool fits_int32(std::int64_t v) {
  return v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max();
}

}  // namespace

Result<Json> math_random(const Args& args, IntrinsicEnv& env) {
  constexpr auto fn = IntrinsicFunction::MathRandom;
  auto start = as_truncated(args[0]), end = as_truncated(args[1]);
  if (!start || !end) return failure(fn, "the start and end must be numbers");
  if (!fits_int32(*start) || !fits_int32(*end)) return failure(fn, "the start and end must be 32-bit integers");
  if (*start >= *end) return failure(fn, "the start must be less than the end");
  if (args.size() == 3) {
    auto seed = as_truncated(args[2]);
    if (!seed) return failure(fn, "the seed must be a number");
    const auto span = *end - *start;
    if (span > std::numeric_limits<std::int32_t>::max()) return failure(fn, "the range is too large");
    JavaRandom random(*seed);
    return Json(*start + random.next_int(static_cast<std::int32_t>(span)));
  }
  return Json(env.random_between(*start, *end));
}

Result<Json> math_add(const Args& args) {
  constexpr auto fn = IntrinsicFunction::MathAdd;
  // Each argument is rounded before the sum: MathAdd(1.5, 1.51) is 4 on AWS, not round(3.01).
  auto a = as_rounded(args[0]), b = as_rounded(args[1]);
  if (!a || !b) return failure(fn, "both arguments must be numbers");
  if (!fits_int32(*a) || !fits_int32(*b))
    return failure(fn, "both arguments must be between -2147483648 and 2147483647");
  if (!fits_int32(*a + *b)) return failure(fn, "the sum must be between -2147483648 and 2147483647");  // observed
  return Json(*a + *b);
}

}  // namespace stepwise::definitions::intrinsics
