#pragma once
// The operator commands' arguments: positionals, options with a value, and flags. Also opens the
// ServerClient they talk to (--server, --token).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/cli/server_client.h"

namespace stepwise::api::cli {

struct OperatorArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // "--input" -> text
  std::set<std::string> flags;                // "--json"
  std::string server_url, token;

  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::optional<std::string> value(const std::string& option) const;
  ServerClient client() const { return ServerClient(server_url, token); }
};

// Fails (error says why) on an unknown option or a missing value.
bool parse_operator_args(std::vector<std::string> args, const std::set<std::string>& value_options,
                         const std::set<std::string>& flag_options, OperatorArgs& out, std::string& error);

}  // namespace stepwise::api::cli
