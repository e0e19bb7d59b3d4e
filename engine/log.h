#pragma once
// The engine layer's logger (one per layer; payloads only at debug level).
#include <memory>

#include <spdlog/logger.h>

namespace stepwise::engine {
std::shared_ptr<spdlog::logger> logger();
// The logger of a layer by name, writing to stderr; made once.
std::shared_ptr<spdlog::logger> layer_logger(const char* name);
}
