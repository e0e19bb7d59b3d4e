#include "api/log.h"

#include "engine/log.h"

namespace stepwise::api {

std::shared_ptr<spdlog::logger> logger() {
  static auto instance = engine::layer_logger("api");
  return instance;
}

}  // namespace stepwise::api
