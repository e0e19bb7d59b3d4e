#pragma once
// Reading the files the commands are given ("-" is standard input).
#include <iosfwd>
#include <string>

namespace stepwise::api::cli {

// Reads path (or stdin for "-") into text; on failure error says why.
bool read_source_text(const std::string& path, std::istream& stdin_stream, std::string& text, std::string& error);

// The state machine name a definition file stands for: "samples/hello.asl.json" -> "hello".
std::string machine_name_of(const std::string& file);

}  // namespace stepwise::api::cli
