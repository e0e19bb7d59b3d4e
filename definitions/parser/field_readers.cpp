#include <cmath>

#include "definitions/json_path_parser.h"
#include "definitions/parser/context.h"
#include "definitions/utf8.h"

namespace stepwise::definitions::parser {
namespace {

std::string quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

std::optional<std::int64_t> integral(const Json& v) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return v.get<std::int64_t>();
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::abs(d) < 9.0e18) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

Result<JsonPath> compile_path(std::string_view text, PathKind kind) {
  const bool input_only = kind == PathKind::ResultPath;
  auto path = JsonPath::parse(text, !input_only, !input_only);
  if (!path) return path;
  if (kind != PathKind::Path && !path->is_reference())
    return make_error("InvalidPath", "a reference path must name a single node; '" + std::string(text) +
                                         "' uses a wildcard, '..', a slice, a union, a filter or a function");
  return path;
}

}  // namespace

void require(Context& ctx, const Where& w, std::string_view name) {
  if (!field(w.object, name))
    ctx.schema("The field " + quoted(name) + " is required but was missing", w.at(name));
}

const Json* read_object(Context& ctx, const Where& w, std::string_view name) {
  const Json* v = field(w.object, name);
  if (v && !v->is_object()) {
    ctx.schema("The value for the field " + quoted(name) + " must be a JSON object", w.at(name));
    return nullptr;
  }
  return v;
}

std::optional<std::string> read_string(Context& ctx, const Where& w, std::string_view name, bool required) {
  const Json* v = field(w.object, name);
  if (!v) {
    if (required) require(ctx, w, name);
    return std::nullopt;
  }
  if (!v->is_string()) {
    ctx.schema("The value for the field " + quoted(name) + " must be a string", w.at(name));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::int64_t> read_integer(Context& ctx, const Where& w, std::string_view name, std::int64_t min,
                                         std::int64_t max) {
  const Json* v = field(w.object, name);
  if (!v) return std::nullopt;
  auto value = v->is_number() ? integral(*v) : std::nullopt;
  if (!value || *value < min || *value > max) {
    std::string range = min == 0   ? "a non-negative integer"
                        : min == 1 ? "a positive integer"
                                   : "an integer";
    ctx.schema("The value for the field " + quoted(name) + " must be " + range + " no larger than " +
                   std::to_string(max) + (v->is_number() || v->is_string() ? ", not " + v->dump() : ""),
               w.at(name));
    return std::nullopt;
  }
  return value;
}

std::optional<double> read_number(Context& ctx, const Where& w, std::string_view name, double min, double max) {
  const Json* v = field(w.object, name);
  if (!v) return std::nullopt;
  if (!v->is_number() || !std::isfinite(v->get<double>()) || v->get<double>() < min || v->get<double>() > max) {
    ctx.schema("The value for the field " + quoted(name) + " must be a number " +
                   (max >= 1e9 ? "greater than or equal to " + Json(min).dump()
                               : "from " + Json(min).dump() + " to " + Json(max).dump()),
               w.at(name));
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> read_bool(Context& ctx, const Where& w, std::string_view name) {
  const Json* v = field(w.object, name);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    ctx.schema("The value for the field " + quoted(name) + " must be a boolean", w.at(name));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::optional<JsonPath>> read_path(Context& ctx, const Where& w, std::string_view name, PathKind kind,
                                                 bool nullable) {
  const Json* v = field(w.object, name);
  if (!v) return std::nullopt;
  if (v->is_null() && nullable) return std::optional<JsonPath>{};
  if (!v->is_string()) {
    ctx.schema("The value for the field " + quoted(name) + " must be a " +
                   (kind == PathKind::Path ? "JSONPath" : "reference path") + (nullable ? " or null" : ""),
               w.at(name));
    return std::nullopt;
  }
  auto path = compile_path(v->get_ref<const std::string&>(), kind);
  if (!path) {
    ctx.schema("The value for the field " + quoted(name) + " must be a valid " +
                   (kind == PathKind::Path ? "JSONPath" : "reference path") + ": " + path.error().message,
               w.at(name));
    return std::nullopt;
  }
  return std::optional<JsonPath>(std::move(path.value()));
}

bool is_jsonata_expression(const Json& value) {
  if (!value.is_string()) return false;
  const auto& s = value.get_ref<const std::string&>();
  return s.size() >= 4 && s.compare(0, 2, "{%") == 0 && s.compare(s.size() - 2, 2, "%}") == 0;
}

bool check_jsonata_string(Context& ctx, const Where& w, std::string_view name) {
  const Json* v = field(w.object, name);
  if (!v || is_jsonata_expression(*v)) return true;
  ctx.schema("The value for the field " + quoted(name) + " must be a JSONata expression written {% ... %}",
             w.at(name));
  return false;
}

bool is_valid_variable_name(std::string_view name) {
  if (name.empty() || !is_variable_start(name.front())) return false;
  for (char c : name)
    if (!is_variable_char(c)) return false;
  return utf8_length(name) <= 80;
}

void warn_if_path_like(Context& ctx, const Where& w, std::string_view name, std::string_view path_field) {
  const Json* v = field(w.object, name);
  if (!v || !v->is_string()) return;
  const auto& text = v->get_ref<const std::string&>();
  if (text.rfind("$.", 0) == 0 || text.rfind("$$.", 0) == 0 || text.rfind("$[", 0) == 0)
    ctx.warn(DiagnosticCode::NoPath,
             "The value of '" + std::string(name) + "' looks like a path, but the field takes a literal; use '" +
                 std::string(path_field) + "' to read it from the input",
             w.at(name));
}

const char* to_string(PathKind kind) {
  switch (kind) {
    case PathKind::Path: return "Path";
    case PathKind::ResultPath: return "ResultPath";
    case PathKind::ReferencePath: return "ReferencePath";
  }
  return "Path";
}

}  // namespace stepwise::definitions::parser
