#include <cmath>
#include <cstdio>
#include <mutex>
#include <random>

#include "definitions/intrinsics/intrinsic_families.h"

namespace stepwise::definitions {
namespace {

class DefaultEnv final : public IntrinsicEnv {
 public:
  std::string uuid() override {
    std::uint64_t hi, lo;
    {
      std::lock_guard lock(mutex_);
      hi = rng_();
      lo = rng_();
    }
    hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
    return buf;
  }
  std::int64_t random_between(std::int64_t low, std::int64_t high) override {
    std::lock_guard lock(mutex_);
    return std::uniform_int_distribution<std::int64_t>(low, high - 1)(rng_);
  }

 private:
  std::mutex mutex_;
  std::mt19937_64 rng_{std::random_device{}()};
};

Result<Json> evaluate_arg(const IntrinsicArg& arg, const Json& input, const PathScope& scope, IntrinsicEnv& env) {
  if (const auto* literal = std::get_if<Json>(&arg.value)) return *literal;
  if (const auto* str = std::get_if<StringLiteral>(&arg.value)) return Json(str->value);
  if (const auto* path = std::get_if<JsonPath>(&arg.value)) {
    auto value = path->evaluate(input, scope);
    if (!value)
      return make_error("States.Runtime", "The JsonPath argument for the field '" + path->text() +
                                              "' could not be found in the input '" + quoted_input(input, scope) + "'");
    return value;
  }
  return evaluate_intrinsic(std::get<std::vector<IntrinsicCall>>(arg.value).front(), input, scope, env);
}

}  // namespace

IntrinsicEnv& default_intrinsic_env() {
  static DefaultEnv env;
  return env;
}

Result<Json> evaluate_intrinsic(const IntrinsicCall& call, const Json& input, const PathScope& scope,
                                IntrinsicEnv& env) {
  using namespace intrinsics;
  if (!call.arity_problem.empty()) return failure(call.function, call.arity_problem);
  Args args;
  args.reserve(call.args.size());
  for (const auto& arg : call.args) {
    auto value = evaluate_arg(arg, input, scope, env);
    if (!value) return value.error();
    args.push_back(std::move(value.value()));
  }
  switch (call.function) {
    case IntrinsicFunction::Format: {
      const auto* literal = std::get_if<StringLiteral>(&call.args.front().value);
      return format(args, literal);
    }
    case IntrinsicFunction::StringToJson: return string_to_json(args);
    case IntrinsicFunction::JsonToString: return json_to_string(args);
    case IntrinsicFunction::Array: return array(args);
    case IntrinsicFunction::ArrayPartition: return array_partition(args);
    case IntrinsicFunction::ArrayContains: return array_contains(args);
    case IntrinsicFunction::ArrayRange: return array_range(args);
    case IntrinsicFunction::ArrayGetItem: return array_get_item(args);
    case IntrinsicFunction::ArrayLength: return array_length(args);
    case IntrinsicFunction::ArrayUnique: return array_unique(args);
    case IntrinsicFunction::Base64Encode: return base64_encode(args);
    case IntrinsicFunction::Base64Decode: return base64_decode(args);
    case IntrinsicFunction::Hash: return hash(args);
    case IntrinsicFunction::JsonMerge: return json_merge(args);
    case IntrinsicFunction::MathRandom: return math_random(args, env);
    case IntrinsicFunction::MathAdd: return math_add(args);
    case IntrinsicFunction::StringSplit: return string_split(args);
    case IntrinsicFunction::UUID: return uuid(env);
  }
  return failure(call.function, "is not implemented");
}

namespace intrinsics {

Error failure(IntrinsicFunction fn, const std::string& /*why*/) {
  return make_error("States.Runtime", std::string("Invalid arguments in ") + to_string(fn));
}

std::optional<std::int64_t> as_truncated(const Json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_number_float()) return std::nullopt;
  const double d = std::trunc(value.get<double>());
  if (!std::isfinite(d) || std::abs(d) >= 9.2e18) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: return "a string";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::null: return "null";
    default: return "a number";
  }
}

}  // namespace intrinsics
}  // namespace stepwise::definitions
