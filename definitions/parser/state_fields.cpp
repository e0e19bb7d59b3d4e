// Which fields each state type accepts, in each query language.
#include <array>

#include "definitions/parser/state_parser.h"

namespace stepwise::definitions::parser {
namespace {

enum Mode : unsigned { JP = 1, JA = 2, BOTH = 3 };

struct FieldRule {
  std::string_view name;
  Mode mode;
  unsigned types;  // bit per StateType
};

constexpr unsigned bit(StateType t) { return 1u << static_cast<unsigned>(t); }
constexpr unsigned kAll = 0xFF;
constexpr unsigned kPass = bit(StateType::Pass), kTask = bit(StateType::Task), kChoice = bit(StateType::Choice),
                   kWait = bit(StateType::Wait), kSucceed = bit(StateType::Succeed), kFail = bit(StateType::Fail),
                   kParallel = bit(StateType::Parallel), kMap = bit(StateType::Map);
constexpr unsigned kTransition = kPass | kTask | kWait | kParallel | kMap;
constexpr unsigned kWorking = kTask | kParallel | kMap;

constexpr std::array<FieldRule, 48> kFields{{
    {"Type", BOTH, kAll},
    {"Comment", BOTH, kAll},
    {"QueryLanguage", BOTH, kAll},
    {"Next", BOTH, kTransition},
    {"End", BOTH, kTransition},
    {"InputPath", JP, kAll & ~kFail},
    {"OutputPath", JP, kAll & ~kFail},
    {"Output", JA, kAll & ~kFail},
    {"Assign", BOTH, kAll & ~(kSucceed | kFail)},
    {"ResultPath", JP, kPass | kWorking},
    {"Parameters", JP, kPass | kWorking},
    {"Arguments", JA, kTask | kParallel | kMap},
    {"ResultSelector", JP, kWorking},
    {"Result", JP, kPass},
    {"Retry", BOTH, kWorking},
    {"Catch", BOTH, kWorking},
    {"Resource", BOTH, kTask},
    {"TimeoutSeconds", BOTH, kTask},
    {"TimeoutSecondsPath", JP, kTask},
    {"HeartbeatSeconds", BOTH, kTask},
    {"HeartbeatSecondsPath", JP, kTask},
    {"Credentials", BOTH, kTask},
    {"Choices", BOTH, kChoice},
    {"Default", BOTH, kChoice},
    {"Seconds", BOTH, kWait},
    {"Timestamp", BOTH, kWait},
    {"SecondsPath", JP, kWait},
    {"TimestampPath", JP, kWait},
    {"Error", BOTH, kFail},
    {"Cause", BOTH, kFail},
    {"ErrorPath", JP, kFail},
    {"CausePath", JP, kFail},
    {"Branches", BOTH, kParallel},
    {"ItemProcessor", BOTH, kMap},
    {"Iterator", JP, kMap},
    {"ItemsPath", JP, kMap},
    {"Items", JA, kMap},
    {"ItemSelector", BOTH, kMap},
    {"MaxConcurrency", BOTH, kMap},
    {"MaxConcurrencyPath", JP, kMap},
    {"ToleratedFailurePercentage", BOTH, kMap},
    {"ToleratedFailurePercentagePath", JP, kMap},
    {"ToleratedFailureCount", BOTH, kMap},
    {"ToleratedFailureCountPath", JP, kMap},
    {"ItemReader", BOTH, kMap},
    {"ItemBatcher", BOTH, kMap},
    {"ResultWriter", BOTH, kMap},
    {"Label", BOTH, kMap},
}};

}  // namespace

void check_state_fields(Context& ctx, StateType type, QueryLanguage language, const Where& w) {
  const Mode mode = language == QueryLanguage::JsonPath ? JP : JA;
  for (const auto& item : w.object.items()) {
    const FieldRule* rule = nullptr;
    for (const auto& r : kFields)
      if (r.name == item.key()) rule = &r;
    const std::string ptr = pointer_append(w.pointer, item.key());
    // AWS's wording: "Field 'X' is not supported", and for the other language "The QueryLanguage is
    // set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage".
    if (!rule || !(rule->types & bit(type))) {
      ctx.schema("Field '" + item.key() + "' is not supported (by " + to_string(type) + " states)", ptr);
    } else if (!(rule->mode & mode)) {
      const char* other = language == QueryLanguage::JsonPath ? "JSONata" : "JSONPath";
      ctx.schema(std::string("The QueryLanguage is set to '") + to_string(language) + "', but field '" + item.key() +
                     "' is only supported for the '" + other + "' QueryLanguage",
                 ptr);
    }
  }
}

void check_allowed_fields(Context& ctx, const Where& w, std::initializer_list<std::string_view> allowed,
                          std::string_view what) {
  for (const auto& item : w.object.items()) {
    bool ok = false;
    for (auto name : allowed) ok = ok || name == item.key();
    if (!ok)
      ctx.schema("Field '" + item.key() + "' is not supported (in " + std::string(what) + ")",
                 pointer_append(w.pointer, item.key()));
  }
}

}  // namespace stepwise::definitions::parser
