#include "engine/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace stepwise::engine {

std::shared_ptr<spdlog::logger> logger() {
  static auto instance = [] {
    auto existing = spdlog::get("engine");
    return existing ? existing : spdlog::stderr_color_mt("engine");
  }();
  return instance;
}

}  // namespace stepwise::engine
