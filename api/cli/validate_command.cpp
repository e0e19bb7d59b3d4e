// `stepwise validate [--json] FILE...`
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <sstream>

#include "api/cli/command.h"
#include "api/cli/diagnostics_output.h"
#include "api/cli/source_file.h"
#include "api/validation_response.h"
#include "definitions/parse.h"

namespace stepwise::api::cli {
namespace {

struct Source {
  std::string name;
  std::string text;
};

bool read_source(const std::string& path, std::istream& stdin_stream, Source& out, std::string& error) {
  out.name = path == "-" ? "<stdin>" : path;
  return read_source_text(path, stdin_stream, out.text, error);
}

// A directory stands for every .json file below it, in sorted order.
bool expand_directory(const std::string& path, std::vector<std::string>& out, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path == "-" || !fs::is_directory(path, ec)) {
    out.push_back(path);
    return true;
  }
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".json") found.push_back(it->path().string());
  if (ec) {
    error = "cannot read the directory '" + path + "': " + ec.message();
    return false;
  }
  if (found.empty()) {
    error = "no .json files in the directory '" + path + "'";
    return false;
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

}  // namespace

int validate_command(const std::vector<std::string>& args, Io io) {
  bool json = false;
  ValidationOptions options;
  options.minimum = definitions::Severity::Warning;  // a person wants the warnings too
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--json") {
      json = true;
    } else if (arg == "--severity" || arg == "--max-results") {
      if (i + 1 == args.size()) {
        io.err << "stepwise validate: " << arg << " needs a value\n";
        return kExitUsage;
      }
      const std::string& value = args[++i];
      if (arg == "--severity") {
        if (value != "ERROR" && value != "WARNING") {
          io.err << "stepwise validate: --severity must be ERROR or WARNING, not '" << value << "'\n";
          return kExitUsage;
        }
        options.minimum = value == "ERROR" ? definitions::Severity::Error : definitions::Severity::Warning;
      } else {
        std::size_t parsed = 0;
        try {
          parsed = std::stoul(value);
        } catch (const std::exception&) {
        }
        if (parsed < 1 || parsed > 100 || value.find_first_not_of("0123456789") != std::string::npos) {
          io.err << "stepwise validate: --max-results must be a whole number from 1 to 100, not '" << value << "'\n";
          return kExitUsage;
        }
        options.max_results = parsed;
      }
    } else if (arg == "--help" || arg == "-h") {
      io.out << "Usage: stepwise validate [--json] [--severity ERROR|WARNING] [--max-results N] FILE|DIR...\n"
                "  - reads standard input; a directory means every .json file below it.\n"
                "  --severity ERROR hides warnings (AWS's default); --max-results caps diagnostics per file (1-100).\n";
      return kExitOk;
    } else if (arg.size() > 1 && arg[0] == '-' ) {
      io.err << "stepwise validate: unknown option '" << arg << "'\n";
      return kExitUsage;
    } else {
      std::string error;
      if (!expand_directory(arg, files, error)) {
        io.err << "stepwise validate: " << error << "\n";
        return kExitUsage;
      }
    }
  }
  if (files.empty()) {
    io.err << "stepwise validate: no file given\nUsage: stepwise validate [--json] FILE...\n";
    return kExitUsage;
  }
  bool all_valid = true;
  bool unreadable = false;
  for (const auto& path : files) {
    Source source;
    std::string error;
    if (!read_source(path, io.in, source, error)) {
      io.err << "stepwise validate: " << error << "\n";
      unreadable = true;
      continue;
    }
    auto result = definitions::parse_definition(source.text);
    all_valid = all_valid && !definitions::has_errors(result.diagnostics);
    if (json) {
      Json response = validation_response(result.diagnostics, options);
      if (files.size() > 1) response["file"] = source.name;
      io.out << response.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    } else {
      print_diagnostics(io.out, source.name, result.diagnostics, options);
    }
  }
  if (unreadable) return kExitUsage;
  return all_valid ? kExitOk : kExitFailed;
}

}  // namespace stepwise::api::cli
