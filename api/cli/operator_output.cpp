#include "api/cli/operator_output.h"

#include <algorithm>
#include <ostream>

namespace stepwise::api::cli {

namespace {

std::string text_of(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string shortened(std::string text, std::size_t max) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (text.size() > max) text = text.substr(0, max - 3) + "...";
  return text;
}

// One line saying what an event is about: its state, its error, or its resource.
std::string event_summary(const Json& event) {
  for (const auto& [key, details] : event.items()) {
    if (key.size() < 7 || key.compare(key.size() - 7, 7, "Details") != 0 || !details.is_object()) continue;
    std::string out = text_of(details, "name");
    if (out.empty()) out = text_of(details, "resource");
    if (const std::string error = text_of(details, "error"); !error.empty())
      out += (out.empty() ? "" : " ") + error + (details.contains("cause") ? ": " + text_of(details, "cause") : "");
    if (out.empty()) out = text_of(details, "output");
    return shortened(out, 100);
  }
  return "";
}

}  // namespace

std::string arn_tail(const std::string& arn) {
  const auto colon = arn.rfind(':');
  return colon == std::string::npos ? arn : arn.substr(colon + 1);
}

void print_table(std::ostream& out, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(headers.size());
  for (std::size_t i = 0; i < headers.size(); ++i) width[i] = headers[i].size();
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      text += cells[i];
      if (i + 1 < cells.size()) text += std::string(width[i] - cells[i].size() + 2, ' ');
    }
    out << text << "\n";
  };
  line(headers);
  for (const auto& row : rows) line(row);
}

void print_executions(std::ostream& out, const Json& executions) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : executions)
    rows.push_back({text_of(e, "name"), text_of(e, "status"), arn_tail(text_of(e, "stateMachineArn")),
                    text_of(e, "startDate"), text_of(e, "stopDate")});
  print_table(out, {"NAME", "STATUS", "MACHINE", "STARTED", "STOPPED"}, rows);
}

void print_execution(std::ostream& out, const Json& e) {
  std::vector<std::vector<std::string>> rows = {
      {"Execution", text_of(e, "executionArn")},
      {"Machine", arn_tail(text_of(e, "stateMachineArn")) + " (version " + text_of(e, "stateMachineVersion") + ")"},
      {"Status", text_of(e, "status")},
      {"Started", text_of(e, "startDate")}};
  if (e.contains("stopDate")) rows.push_back({"Stopped", text_of(e, "stopDate")});
  rows.push_back({"Input", text_of(e, "input")});
  if (e.contains("output")) rows.push_back({"Output", text_of(e, "output")});
  if (e.contains("error")) rows.push_back({"Error", text_of(e, "error")});
  if (e.contains("cause")) rows.push_back({"Cause", text_of(e, "cause")});
  for (auto& row : rows) row[0] += ":";
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row[0].size());
  for (const auto& row : rows) out << row[0] << std::string(width - row[0].size() + 2, ' ') << row[1] << "\n";
}

void print_history(std::ostream& out, const Json& events) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : events)
    rows.push_back({text_of(e, "id"), text_of(e, "timestamp"), text_of(e, "type"), event_summary(e)});
  print_table(out, {"ID", "TIME", "TYPE", "DETAIL"}, rows);
}

}  // namespace stepwise::api::cli
