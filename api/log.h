#pragma once
// The api layer's logger (one per layer; payloads only at debug level). Logs go to stderr.
#include <memory>

#include <spdlog/logger.h>

namespace stepwise::api {
std::shared_ptr<spdlog::logger> logger();
}
