#include "definitions/diagnostic.h"

#include <algorithm>

namespace stepwise::definitions {

const char* to_string(Severity severity) {
  return severity == Severity::Error ? "ERROR" : "WARNING";
}

const char* to_string(DiagnosticCode code) {
  switch (code) {
    case DiagnosticCode::InvalidJsonDescription: return "INVALID_JSON_DESCRIPTION";
    case DiagnosticCode::MissingDescription: return "MISSING_DESCRIPTION";
    case DiagnosticCode::SchemaValidationFailed: return "SCHEMA_VALIDATION_FAILED";
    case DiagnosticCode::InvalidResource: return "INVALID_RESOURCE";
    case DiagnosticCode::MissingEndState: return "MISSING_END_STATE";
    case DiagnosticCode::DuplicateStateName: return "DUPLICATE_STATE_NAME";
    case DiagnosticCode::InvalidStateName: return "INVALID_STATE_NAME";
    case DiagnosticCode::DuplicateLabelName: return "DUPLICATE_LABEL_NAME";
    case DiagnosticCode::InvalidLabelName: return "INVALID_LABEL_NAME";
    case DiagnosticCode::MissingTransitionTarget: return "MISSING_TRANSITION_TARGET";
    case DiagnosticCode::TooDeeplyNested: return "TOO_DEEPLY_NESTED";
    case DiagnosticCode::InvalidJsonataExpression: return "INVALID_JSONATA_EXPRESSION";
    case DiagnosticCode::UnsupportedJsonataExpression: return "UNSUPPORTED_JSONATA_EXPRESSION";
    case DiagnosticCode::NoDollar: return "NO_DOLLAR";
    case DiagnosticCode::NoPath: return "NO_PATH";
    case DiagnosticCode::PassResultIsStatic: return "PASS_RESULT_IS_STATIC";
    case DiagnosticCode::IntrinsicArgumentCount: return "INTRINSIC_ARGUMENT_COUNT";
  }
  return "UNKNOWN";
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::string pointer_append(const std::string& base, const std::string& token) {
  std::string out = base;
  out += '/';
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string pointer_append(const std::string& base, std::size_t index) {
  return base + '/' + std::to_string(index);
}

}  // namespace stepwise::definitions
