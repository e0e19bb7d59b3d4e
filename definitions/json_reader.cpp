#include "definitions/json_reader.h"

#include <unordered_set>
#include <vector>

#include "definitions/parse.h"

namespace stepwise::definitions {
namespace {

struct TooDeep {};

struct Frame {
  bool array = false;
  bool is_states = false;    // an object that is the value of a "States" key
  std::string key;           // object: the last key read
  long index = -1;           // array: index of the current element
  std::unordered_set<std::string> keys;
};

class DuplicateTracker {
 public:
  explicit DuplicateTracker(Diagnostics& out) : out_(out) {}

  bool on_event(int depth, nlohmann::detail::parse_event_t event, Json& parsed) {
    using E = nlohmann::detail::parse_event_t;
    if (static_cast<std::size_t>(depth) > kMaxJsonDepth) throw TooDeep{};
    switch (event) {
      case E::object_start:
      case E::array_start: {
        on_element();
        Frame frame;
        frame.array = event == E::array_start;
        frame.is_states = !frame.array && !frames_.empty() && !frames_.back().array && frames_.back().key == "States";
        frames_.push_back(std::move(frame));
        break;
      }
      case E::object_end:
      case E::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case E::key: {
        auto& top = frames_.back();
        top.key = parsed.get<std::string>();
        if (top.is_states && !top.keys.insert(top.key).second)
          out_.push_back({Severity::Error, DiagnosticCode::DuplicateStateName,
                          "The state name '" + top.key + "' appears more than once in this States object",
                          pointer_append(current_pointer(), top.key)});
        break;
      }
      case E::value:
        on_element();
        break;
    }
    return true;
  }

 private:
  void on_element() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }
  std::string current_pointer() const {
    std::string ptr;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const auto& f = frames_[i];
      ptr = f.array ? pointer_append(ptr, static_cast<std::size_t>(f.index)) : pointer_append(ptr, f.key);
    }
    return ptr;
  }

  Diagnostics& out_;
  std::vector<Frame> frames_;
};

bool is_blank(std::string_view text) {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  return true;
}

// "line 3, column 7" for a byte offset.
std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann's message without its "[json.exception...]" prefix, its position (we give our own) and its
// "last read" echo of the input, which may hold bytes that are not UTF-8.
std::string describe_parse_error(std::string what) {
  if (auto bracket = what.find("] "); what.rfind("[json.exception", 0) == 0 && bracket != std::string::npos)
    what = what.substr(bracket + 2);
  if (what.rfind("parse error", 0) == 0) {
    if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
  }
  if (auto last = what.find("; last read:"); last != std::string::npos) what.resize(last);
  return what;
}

}  // namespace

ReadResult read_definition_json(std::string_view text) {
  ReadResult result;
  if (is_blank(text)) {
    result.diagnostics.push_back({Severity::Error, DiagnosticCode::MissingDescription,
                                  "The definition is empty", ""});
    return result;
  }
  if (text.size() > kMaxDefinitionBytes) {
    result.diagnostics.push_back({Severity::Error, DiagnosticCode::SchemaValidationFailed,
                                  "The definition is " + std::to_string(text.size()) +
                                      " bytes; the limit is 1048576 bytes (1 MiB)",
                                  ""});
  }
  DuplicateTracker tracker(result.diagnostics);
  try {
    result.document = Json::parse(
        text.begin(), text.end(),
        [&tracker](int depth, nlohmann::detail::parse_event_t event, Json& parsed) {
          return tracker.on_event(depth, event, parsed);
        },
        true, false);
    result.ok = true;
  } catch (const TooDeep&) {
    result.diagnostics.push_back({Severity::Error, DiagnosticCode::TooDeeplyNested,
                                  "The definition nests JSON more than " + std::to_string(kMaxJsonDepth) +
                                      " levels deep",
                                  ""});
  } catch (const Json::parse_error& e) {
    result.diagnostics.push_back({Severity::Error, DiagnosticCode::InvalidJsonDescription,
                                  "The definition is not valid JSON at " + position_of(text, e.byte ? e.byte - 1 : 0) +
                                      ": " + describe_parse_error(e.what()),
                                  ""});
  } catch (const Json::exception& e) {
    // out_of_range.406: a number too large for a double, such as 1e400.
    result.diagnostics.push_back({Severity::Error, DiagnosticCode::InvalidJsonDescription,
                                  "The definition is not valid JSON: " + describe_parse_error(e.what()), ""});
  }
  return result;
}

}  // namespace stepwise::definitions
