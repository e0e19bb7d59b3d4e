#pragma once
// How the server's logs look: text for people (default), or one JSON object per line for log
// collectors ({"time","level","logger","message"}, the message JSON-escaped).
#include <string>

namespace stepwise::api {

// Applies the format to every logger, present and future. Returns false for an unknown format.
bool set_log_format(const std::string& format);  // "text" or "json"

}  // namespace stepwise::api
