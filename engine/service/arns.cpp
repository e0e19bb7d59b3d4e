#include "engine/service/arns.h"

namespace stepwise::engine::service {

bool is_arn_of(const std::string& arn, std::string_view kind) {
  if (arn.rfind("arn:aws:states:", 0) != 0) return false;
  const std::string part = ":" + std::string(kind) + ":";
  return arn.find(part) != std::string::npos;
}

Error invalid_arn(const std::string& arn) {
  return make_error("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
}

bool valid_resource_name(const std::string& name) {
  if (name.empty()) return false;
  std::size_t code_points = 0;
  for (unsigned char c : name) {
    if ((c & 0xC0) != 0x80) ++code_points;
    if (c < 0x20 || c == 0x7F || c == ' ') return false;
    if (std::string_view("<>{}[]?*\"#%\\^|~`$&,;:/").find(static_cast<char>(c)) != std::string_view::npos) return false;
  }
  return code_points <= 80;
}

Error invalid_name(const std::string& name) { return make_error("InvalidName", "Invalid Name: '" + name + "'"); }

std::string execution_arn_of(const std::string& state_machine_arn, const std::string& name) {
  static constexpr std::string_view kMachine = ":stateMachine:";
  std::string arn = state_machine_arn;
  if (auto at = arn.find(kMachine); at != std::string::npos) arn.replace(at, kMachine.size(), ":execution:");
  return arn + ":" + name;
}

}  // namespace stepwise::engine::service
