#include <iostream>

#include "api/cli/command.h"
#include "engine/allocator_tuning.h"

int main(int argc, char** argv) {
  stepwise::engine::tune_allocator();
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return stepwise::api::cli::run_command_line(args, {std::cin, std::cout, std::cerr});
  } catch (const std::exception& e) {
    std::cerr << "stepwise: internal error: " << e.what() << "\n";
    return 3;
  }
}
