#pragma once
// Internal to the parser: the diagnostics sink and typed readers for definition fields. Every
// reader reports what is wrong with a JSON pointer and returns nullopt instead of throwing.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "definitions/diagnostic.h"
#include "definitions/intrinsics/intrinsic_call.h"
#include "definitions/json_path.h"
#include "definitions/payload_template.h"
#include "definitions/states.h"

namespace stepwise::definitions::parser {

class Context {
 public:
  explicit Context(Diagnostics& out) : out_(out) {}

  void error(DiagnosticCode code, std::string message, std::string location) {
    out_.push_back({Severity::Error, code, std::move(message), std::move(location)});
  }
  void schema(std::string message, std::string location) {
    error(DiagnosticCode::SchemaValidationFailed, std::move(message), std::move(location));
  }
  void warn(DiagnosticCode code, std::string message, std::string location) {
    out_.push_back({Severity::Warning, code, std::move(message), std::move(location)});
  }

  // State names are unique across the whole machine, branches and item processors included.
  std::set<std::string> state_names;
  std::set<std::string> labels;
  QueryLanguage top_level_language = QueryLanguage::JsonPath;

 private:
  Diagnostics& out_;
};

// Where a field lives: the object that holds it and that object's pointer.
struct Where {
  const Json& object;
  const std::string& pointer;
  std::string at(std::string_view field) const { return pointer_append(pointer, std::string(field)); }
};

inline const Json* field(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

constexpr std::int64_t kMaxSeconds = 99999999;  // AWS's bound on every *Seconds field

void require(Context& ctx, const Where& w, std::string_view name);
// The field when it is a JSON object; nullptr when absent, or (reported) when not an object.
const Json* read_object(Context& ctx, const Where& w, std::string_view name);
// Calls each(item, pointer, is_last) for every object in the array field `name` (what: "a Retrier");
// reports a field that is not an array and items that are not objects.
template <class Each>
void for_each_object(Context& ctx, const Where& w, std::string_view name, const std::string& what, Each each) {
  const Json* list = field(w.object, name);
  if (!list) return;
  if (!list->is_array()) {
    ctx.schema("The value for the field '" + std::string(name) + "' must be an array", w.at(name));
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string ptr = pointer_append(w.at(name), i);
    if (!(*list)[i].is_object()) {
      ctx.schema(what + " must be a JSON object", ptr);
      continue;
    }
    each(Where{(*list)[i], ptr}, i + 1 == list->size());
  }
}
std::optional<std::string> read_string(Context& ctx, const Where& w, std::string_view name, bool required = false);
std::optional<std::int64_t> read_integer(Context& ctx, const Where& w, std::string_view name, std::int64_t min,
                                         std::int64_t max = std::numeric_limits<std::int32_t>::max());
std::optional<double> read_number(Context& ctx, const Where& w, std::string_view name, double min, double max);
std::optional<bool> read_bool(Context& ctx, const Where& w, std::string_view name);

enum class PathKind {
  Path,                // InputPath, OutputPath, ItemsPath: any Path; $$ and $var allowed
  ResultPath,          // a Reference Path into the input only
  ReferencePath,       // *SecondsPath, *Path operands: a Reference Path; $$ and $var allowed
};
const char* to_string(PathKind kind);
// Absent: nullopt. Present and valid: the path, or nullopt inside when JSON null is allowed and given.
std::optional<std::optional<JsonPath>> read_path(Context& ctx, const Where& w, std::string_view name, PathKind kind,
                                                 bool nullable);

// A payload template (Parameters, ResultSelector, ItemSelector, Credentials, Assign...).
std::optional<PayloadTemplate> read_template(Context& ctx, const Where& w, std::string_view name);
// Every key of an Assign object must be a variable name ("name.$" too, when dynamic_suffix).
void check_variable_names(Context& ctx, const Json& assign, const std::string& ptr, bool dynamic_suffix);
// Assign in JSONPath mode: a template whose keys are variable names.
std::optional<PayloadTemplate> read_assign(Context& ctx, const Where& w);

// JSONata: "{% expression %}".
bool is_jsonata_expression(const Json& value);
// A field that is either a JSONata expression or satisfies check; reports otherwise.
bool check_jsonata_string(Context& ctx, const Where& w, std::string_view name);

bool is_valid_variable_name(std::string_view name);

// A payload-template key whose value is a path or intrinsic: "name.$".
inline bool is_dynamic_key(std::string_view key) { return key.size() >= 2 && key.substr(key.size() - 2) == ".$"; }

// AWS's NO_PATH warning: a string field whose value looks like a path ("$.x", "$$.x") though the
// field takes a literal; path_field is the field the author probably meant ("ErrorPath").
void warn_if_path_like(Context& ctx, const Where& w, std::string_view name, std::string_view path_field);
// AWS accepts a definition whose intrinsic call has the wrong number of arguments (the state fails
// when it runs): a warning, not an error.
void warn_if_wrong_arity(Context& ctx, const IntrinsicCall& call, const std::string& ptr);

}  // namespace stepwise::definitions::parser
