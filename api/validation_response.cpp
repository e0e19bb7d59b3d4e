#include "api/validation_response.h"

namespace stepwise::api {

Json validation_response(const definitions::Diagnostics& diagnostics, const ValidationOptions& options) {
  Json list = Json::array();
  bool truncated = false;
  for (const auto& d : diagnostics) {
    if (!options.shows(d)) continue;
    if (list.size() == options.max_results) {
      truncated = true;
      break;
    }
    Json item = {{"severity", definitions::to_string(d.severity)},
                 {"code", definitions::to_string(d.code)},
                 {"message", d.message}};
    if (!d.location.empty()) item["location"] = d.location;
    list.push_back(std::move(item));
  }
  return Json{{"result", definitions::has_errors(diagnostics) ? "FAIL" : "OK"},
              {"diagnostics", std::move(list)},
              {"truncated", truncated}};
}

}  // namespace stepwise::api
