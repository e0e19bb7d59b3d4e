#include "api/cli/diagnostics_output.h"

#include <ostream>

namespace stepwise::api::cli {

void print_diagnostics(std::ostream& out, const std::string& name, const definitions::Diagnostics& diagnostics,
                 const ValidationOptions& options) {
  std::size_t errors = 0, warnings = 0;
  for (const auto& d : diagnostics) (d.severity == definitions::Severity::Error ? errors : warnings)++;
  if (errors == 0) {
    out << name << ": valid";
    if (warnings) out << " (" << warnings << " warning" << (warnings == 1 ? "" : "s") << ")";
    out << "\n";
  } else {
    out << name << ": invalid, " << errors << " error" << (errors == 1 ? "" : "s");
    if (warnings) out << ", " << warnings << " warning" << (warnings == 1 ? "" : "s");
    out << "\n";
  }
  std::size_t shown = 0;
  for (const auto& d : diagnostics) {
    if (!options.shows(d)) continue;
    if (shown++ == options.max_results) {
      out << "  ... more not shown (--max-results " << options.max_results << ")\n";
      break;
    }
    out << "  " << definitions::to_string(d.severity) << " " << definitions::to_string(d.code) << " at "
        << (d.location.empty() ? "/" : d.location) << ": " << d.message << "\n";
  }
}

}  // namespace stepwise::api::cli
