#pragma once
// Retriers and Catchers, with AWS's defaults filled in at parse time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "definitions/json_path.h"
#include "definitions/payload_template.h"

namespace stepwise::definitions {

enum class JitterStrategy { None, Full };
const char* to_string(JitterStrategy jitter);

struct Retrier {
  std::vector<std::string> error_equals;
  std::int64_t interval_seconds = 1;  // spec default
  std::int64_t max_attempts = 3;      // spec default; 0 = never retry
  double backoff_rate = 2.0;          // spec default
  std::optional<std::int64_t> max_delay_seconds;
  JitterStrategy jitter = JitterStrategy::None;
  std::string comment;
};

struct Catcher {
  std::vector<std::string> error_equals;
  std::string next;
  std::optional<JsonPath> result_path = JsonPath();  // nullopt: "ResultPath": null
  std::optional<PayloadTemplate> assign;
  Json assign_raw;  // JSONata
  Json output;      // JSONata
  std::string comment;
};

}  // namespace stepwise::definitions
