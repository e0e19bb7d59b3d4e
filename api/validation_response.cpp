#include "api/validation_response.h"

namespace stepwise::api {

Json validation_response(const definitions::Diagnostics& diagnostics, std::size_t max_results) {
  Json list = Json::array();
  for (const auto& d : diagnostics) {
    if (list.size() == max_results) break;
    Json item = {{"severity", definitions::to_string(d.severity)},
                 {"code", definitions::to_string(d.code)},
                 {"message", d.message}};
    if (!d.location.empty()) item["location"] = d.location;
    list.push_back(std::move(item));
  }
  return Json{{"result", definitions::has_errors(diagnostics) ? "FAIL" : "OK"},
              {"diagnostics", std::move(list)},
              {"truncated", diagnostics.size() > max_results}};
}

}  // namespace stepwise::api
