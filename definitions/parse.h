#pragma once
// The entry point of the definitions layer: text in, a compiled StateMachine and every
// diagnostic out. A machine is returned only when there is no error-severity diagnostic.
#include <memory>
#include <string_view>

#include "definitions/diagnostic.h"
#include "definitions/state_machine.h"

namespace stepwise::definitions {

// AWS's limits on a definition.
inline constexpr std::size_t kMaxDefinitionBytes = 1024 * 1024;  // 1 MiB
inline constexpr std::size_t kMaxJsonDepth = 1000;
inline constexpr std::size_t kMaxStateNameLength = 80;

struct ParseResult {
  std::shared_ptr<const StateMachine> machine;  // null when diagnostics has an error
  Diagnostics diagnostics;
};

ParseResult parse_definition(std::string_view text);

}  // namespace stepwise::definitions
