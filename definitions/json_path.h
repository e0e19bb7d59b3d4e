#pragma once
// JSONPath as the Amazon States Language uses it (Jayway dialect, which AWS runs):
// "$" the state input, "$$" the context object, "$name" a workflow variable; dot and bracket
// notation, "*", "..", slices, unions, filter expressions, and the functions length(), min(),
// max(), avg(), sum(), keys(), first(), last(). Compiled once, evaluated by pointer.
//
// A Reference Path is a Path that can only identify a single node (spec: "The operators "@",
// ",", ":", and "?" are not supported - all Reference Paths MUST be unambiguous references to a
// single value, array, or object"); is_reference() tells.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "definitions/json.h"

#include "definitions/result.h"

namespace stepwise::definitions {



enum class PathRoot { Input, Context, Variable };
const char* to_string(PathRoot root);

struct FilterNode;

struct PathSegment {
  enum class Kind { Field, Index, Wildcard, Slice, Fields, Indexes, Filter, Function };
  Kind kind = Kind::Field;
  bool deep = false;                   // preceded by ".."
  std::vector<std::string> names;      // Field (one), Fields (several), Function (its name)
  std::vector<std::int64_t> indexes;   // Index (one), Indexes (several)
  std::optional<std::int64_t> start, end, step;  // Slice
  std::vector<FilterNode> filter;      // Filter: exactly one node
};

// Values the variable and context roots resolve to during evaluation.
struct PathScope {
  const Json* context = nullptr;                                     // "$$"
  const Json* (*lookup_variable)(const void* self, std::string_view name) = nullptr;  // "$name"
  const void* variables = nullptr;
  // The input's text as AWS quotes it in a cause ("could not be found in the input '...'"), when
  // it is not the input's compact dump: the execution input as the caller wrote it, which AWS
  // keeps verbatim while states pass it through.
  const std::string* input_text = nullptr;
};

// The input as a cause quotes it: its text when the scope has it, else its compact dump.
inline std::string quoted_input(const Json& input, const PathScope& scope) {
  return scope.input_text ? *scope.input_text : input.dump();
}

class JsonPath {
 public:
  JsonPath() = default;  // "$"

  // Which roots a field accepts: every ASL path field takes "$", most also "$$", and (with
  // Variables) "$name".
  static Result<JsonPath> parse(std::string_view text, bool allow_context = true, bool allow_variables = true);

  const std::string& text() const { return text_; }
  PathRoot root() const { return root_; }
  const std::string& variable() const { return variable_; }
  const std::vector<PathSegment>& segments() const { return segments_; }
  bool is_root() const { return segments_.empty(); }
  // True when the path can only select one node (no wildcard, deep scan, slice, union, filter).
  bool is_reference() const { return definite_; }

  // Every node the path selects, in document order. Functions are not allowed here.
  void select(const Json& input, const PathScope& scope, std::vector<const Json*>& out) const;
  // The one node a reference path names, or nullptr when it does not exist.
  const Json* find(const Json& input, const PathScope& scope = {}) const;
  // Evaluates as AWS does: a definite path gives its node (error when missing), an indefinite
  // one gives an array of every match, a trailing function gives its value.
  Result<Json> evaluate(const Json& input, const PathScope& scope = {}) const;
  // True when this definite path misses only because its last step indexes an array past its end
  // (e.g. "$.items[5]" on three items). AWS's JSONPath (Jayway over Jackson) reads such an index
  // as null in payload templates, where any other miss is an error.
  bool misses_past_array_end(const Json& input, const PathScope& scope = {}) const;
  // Writes value at this reference path inside target, creating objects on the way
  // (ResultPath). Fails when a step meets a value that is not an object, leaving target as it was.
  Result<bool> assign(Json& target, Json value) const;
  // Whether assign(target, ...) would succeed.
  bool can_assign(const Json& target) const;

 private:
  const Json* root_value(const Json& input, const PathScope& scope) const;

  std::string text_ = "$";
  PathRoot root_ = PathRoot::Input;
  std::string variable_;
  std::vector<PathSegment> segments_;
  bool definite_ = true;
};

// A filter expression node: [?(@.price < 10 && @.category == 'fiction')].
struct FilterNode {
  enum class Kind { Or, And, Not, Compare, Exists, Literal, Path };
  Kind kind = Kind::Literal;
  std::string op;                       // Compare: == != < <= > >= =~ in nin
  std::vector<FilterNode> children;     // operands
  Json literal;                         // Literal (a regex literal is a string with op "=~")
  bool relative = true;                 // Path: "@" (true) or "$" (false)
  std::vector<PathSegment> path;        // Path
};

const char* to_string(PathSegment::Kind kind);
const char* to_string(FilterNode::Kind kind);

}  // namespace stepwise::definitions
