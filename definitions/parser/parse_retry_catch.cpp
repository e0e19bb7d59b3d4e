// Retry and Catch.
#include "definitions/error_name.h"
#include "definitions/parser/state_parser.h"

namespace stepwise::definitions::parser {
namespace {

constexpr std::int64_t kMaxDelaySeconds = 31622400;  // one year, AWS's bound on MaxDelaySeconds

std::vector<std::string> read_error_equals(Context& ctx, const Where& w, bool last, const char* what) {
  std::vector<std::string> names;
  const Json* list = field(w.object, "ErrorEquals");
  if (!list) {
    require(ctx, w, "ErrorEquals");
    return names;
  }
  const std::string ptr = w.at("ErrorEquals");
  if (!list->is_array() || list->empty()) {
    ctx.schema("The value for the field 'ErrorEquals' must be a non-empty array of error names", ptr);
    return names;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& name = (*list)[i];
    const std::string item_ptr = pointer_append(ptr, i);
    if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
      ctx.schema("An error name in 'ErrorEquals' must be a non-empty string", item_ptr);
      continue;
    }
    const auto& text = name.get_ref<const std::string&>();
    if (is_reserved_prefix(text) && !is_known_states_error(text))
      ctx.schema("'" + text + "' is not a predefined error name; names beginning with 'States.' are reserved",
                 item_ptr);
    // Spec: "States.ALL ... MUST appear alone in the "ErrorEquals" array and MUST appear in the last
    // Retrier in the "Retry" array" (and likewise for Catchers).
    if (text == "States.ALL") {
      if (list->size() != 1)
        ctx.schema("'States.ALL' must appear alone in 'ErrorEquals'", item_ptr);
      if (!last)
        ctx.schema(std::string("'States.ALL' must appear only in the last ") + what, item_ptr);
    }
    names.push_back(text);
  }
  return names;
}

}  // namespace

std::vector<Retrier> read_retry(Context& ctx, const Where& w) {
  std::vector<Retrier> retriers;
  for_each_object(ctx, w, "Retry", "A Retrier", [&](const Where& rw, bool last) {
    check_allowed_fields(ctx, rw,
                         {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                          "JitterStrategy", "Comment"},
                         "a Retrier");
    Retrier r;
    r.error_equals = read_error_equals(ctx, rw, last, "Retrier");
    r.comment = read_string(ctx, rw, "Comment").value_or("");
    r.interval_seconds = read_integer(ctx, rw, "IntervalSeconds", 1, kMaxSeconds).value_or(1);
    r.max_attempts = read_integer(ctx, rw, "MaxAttempts", 0, kMaxSeconds).value_or(3);
    r.backoff_rate = read_number(ctx, rw, "BackoffRate", 1.0, 1e9).value_or(2.0);
    r.max_delay_seconds = read_integer(ctx, rw, "MaxDelaySeconds", 1, kMaxDelaySeconds);
    if (auto jitter = read_string(ctx, rw, "JitterStrategy")) {
      if (*jitter == "FULL")
        r.jitter = JitterStrategy::Full;
      else if (*jitter != "NONE")
        ctx.schema("The value for the field 'JitterStrategy' must be 'FULL' or 'NONE'", rw.at("JitterStrategy"));
    }
    retriers.push_back(std::move(r));
  });
  return retriers;
}

std::vector<Catcher> read_catch(Context& ctx, const Where& w, QueryLanguage language) {
  std::vector<Catcher> catchers;
  for_each_object(ctx, w, "Catch", "A Catcher", [&](const Where& cw, bool last) {
    if (language == QueryLanguage::JsonPath)
      check_allowed_fields(ctx, cw, {"ErrorEquals", "Next", "ResultPath", "Comment", "Assign"}, "a Catcher");
    else
      check_allowed_fields(ctx, cw, {"ErrorEquals", "Next", "Comment", "Assign", "Output"}, "a JSONata Catcher");
    Catcher c;
    c.error_equals = read_error_equals(ctx, cw, last, "Catcher");
    c.comment = read_string(ctx, cw, "Comment").value_or("");
    c.next = read_string(ctx, cw, "Next", true).value_or("");
    if (language == QueryLanguage::JsonPath) {
      if (auto p = read_path(ctx, cw, "ResultPath", PathKind::ResultPath, true)) c.result_path = std::move(*p);
      c.assign = read_assign(ctx, cw);
    } else {
      if (const Json* a = read_object(ctx, cw, "Assign")) {
        check_variable_names(ctx, *a, cw.at("Assign"), false);
        c.assign_raw = *a;
      }
      if (const Json* o = field(cw.object, "Output")) c.output = *o;
    }
    catchers.push_back(std::move(c));
  });
  return catchers;
}

}  // namespace stepwise::definitions::parser
