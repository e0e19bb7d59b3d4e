#pragma once
// Diagnostics as a person reads them: a verdict line per file, then one line per problem.
#include <iosfwd>
#include <string>

#include "api/validation_response.h"
#include "definitions/diagnostic.h"

namespace stepwise::api::cli {

void print_diagnostics(std::ostream& out, const std::string& name, const definitions::Diagnostics& diagnostics,
                       const ValidationOptions& options);

}  // namespace stepwise::api::cli
