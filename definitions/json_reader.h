#pragma once
// Reads definition text into JSON, as strictly as AWS: RFC 8259 JSON only, UTF-8 only, a depth
// limit, and duplicate keys inside "States" objects reported (JSON itself would keep the last).
#include <string_view>

#include "definitions/diagnostic.h"
#include "definitions/json.h"

namespace stepwise::definitions {

struct ReadResult {
  Json document;  // discarded when the text is not JSON
  bool ok = false;
  Diagnostics diagnostics;
};

ReadResult read_definition_json(std::string_view text);

}  // namespace stepwise::definitions
