#pragma once
// A problem found in a definition, in the shape of AWS's ValidateStateMachineDefinition diagnostics.
#include <string>
#include <vector>

namespace stepwise::definitions {

enum class Severity { Error, Warning };

// AWS's diagnostic codes (API_ValidateStateMachineDefinitionDiagnostic).
enum class DiagnosticCode {
  InvalidJsonDescription,
  MissingDescription,
  SchemaValidationFailed,
  InvalidResource,
  MissingEndState,
  DuplicateStateName,
  InvalidStateName,
  DuplicateLabelName,
  InvalidLabelName,
  MissingTransitionTarget,
  TooDeeplyNested,
  InvalidJsonataExpression,      // a {% %} expression that does not parse
  UnsupportedJsonataExpression,  // parses, but reads something Step Functions does not offer there
  NoDollar,
  NoPath,
  PassResultIsStatic,
  IntrinsicArgumentCount,  // a call with the wrong number of arguments: valid on AWS, fails when run
};

const char* to_string(Severity severity);
const char* to_string(DiagnosticCode code);

struct Diagnostic {
  Severity severity = Severity::Error;
  DiagnosticCode code = DiagnosticCode::SchemaValidationFailed;
  std::string message;
  std::string location;  // JSON pointer into the definition, e.g. /States/Charge/Retry/0/BackoffRate
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// "/States/a~1b" style pointer building: escapes '~' and '/' as RFC 6901 requires.
std::string pointer_append(const std::string& base, const std::string& token);
std::string pointer_append(const std::string& base, std::size_t index);

}  // namespace stepwise::definitions
