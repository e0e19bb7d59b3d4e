#include "api/cli/source_file.h"

#include <cstring>
#include <filesystem>

#include <fstream>
#include <iterator>
#include <sstream>

namespace stepwise::api::cli {

bool read_source_text(const std::string& path, std::istream& stdin_stream, std::string& text, std::string& error) {
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(stdin_stream), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = "cannot read '" + path + "'";
    return false;
  }
  std::ostringstream buffer;
  buffer << file.rdbuf();
  if (file.bad()) {
    error = "cannot read '" + path + "'";
    return false;
  }
  text = buffer.str();
  return true;
}

std::string machine_name_of(const std::string& file) {
  if (file == "-") return "stdin";
  std::string name = std::filesystem::path(file).filename().string();
  for (const char* suffix : {".json", ".asl"})
    if (name.size() > std::strlen(suffix) && name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      name.erase(name.size() - std::strlen(suffix));
  return name;
}

}  // namespace stepwise::api::cli
