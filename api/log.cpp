#include "api/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace stepwise::api {

std::shared_ptr<spdlog::logger> logger() {
  static auto instance = [] {
    auto existing = spdlog::get("api");
    return existing ? existing : spdlog::stderr_color_mt("api");
  }();
  return instance;
}

}  // namespace stepwise::api
