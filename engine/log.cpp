#include "engine/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace stepwise::engine {

std::shared_ptr<spdlog::logger> layer_logger(const char* name) {
  auto existing = spdlog::get(name);
  return existing ? existing : spdlog::stderr_color_mt(name);
}

std::shared_ptr<spdlog::logger> logger() {
  static auto instance = layer_logger("engine");
  return instance;
}

}  // namespace stepwise::engine
