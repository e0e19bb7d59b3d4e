#pragma once
// Reads the data-driven case files under tests/.
#include <fstream>
#include <string>
#include <vector>

#include "definitions/json.h"

inline std::vector<stepwise::Json> read_jsonl(const std::string& relative_path) {
  std::ifstream file(std::string(STEPWISE_SOURCE_DIR) + "/" + relative_path);
  std::vector<stepwise::Json> cases;
  std::string line;
  while (std::getline(file, line))
    if (!line.empty()) cases.push_back(stepwise::Json::parse(line));
  return cases;
}
