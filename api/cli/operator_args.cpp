#include "api/cli/operator_args.h"

namespace stepwise::api::cli {

std::optional<std::string> OperatorArgs::value(const std::string& option) const {
  auto it = values.find(option);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

bool parse_operator_args(std::vector<std::string> args, const std::set<std::string>& value_options,
                         const std::set<std::string>& flag_options, OperatorArgs& out, std::string& error) {
  if (!take_server_options(args, out.server_url, out.token, error)) return false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (value_options.count(a)) {
      if (i + 1 >= args.size()) {
        error = a + " needs a value";
        return false;
      }
      out.values[a] = args[++i];
    } else if (flag_options.count(a)) {
      out.flags.insert(a);
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      error = "unknown option '" + a + "'";
      return false;
    } else {
      out.positional.push_back(a);
    }
  }
  return true;
}

}  // namespace stepwise::api::cli
