#include "engine/store/records.h"

namespace stepwise::engine::store {

const char* to_string(CommitOutcome outcome) {
  switch (outcome) {
    case CommitOutcome::Committed: return "Committed";
    case CommitOutcome::Conflict: return "Conflict";
  }
  return "Conflict";
}

}  // namespace stepwise::engine::store
