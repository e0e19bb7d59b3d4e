#include "engine/interpreter/data_flow.h"

#include <array>

namespace stepwise::engine::interpreter {

using definitions::JsonPath;
using definitions::PathSegment;

std::string normalized_path(const JsonPath& path) {
  std::string out = path.root() == definitions::PathRoot::Context ? "$$" : "$";
  for (const auto& seg : path.segments()) {
    if (seg.kind == PathSegment::Kind::Field) {
      out += "['" + seg.names.front() + "']";
    } else if (seg.kind == PathSegment::Kind::Index) {
      out += "[" + std::to_string(seg.indexes.front()) + "]";
    } else {
      return path.text();
    }
  }
  return out;
}

std::optional<Error> filter_path(const std::optional<JsonPath>& path, Json& value,
                                 const definitions::PathScope& scope) {
  if (!path) {
    value = Json::object();
    return std::nullopt;
  }
  if (path->is_root() && path->root() == definitions::PathRoot::Input) return std::nullopt;
  auto selected = path->evaluate(value, scope);
  if (!selected) return invalid_path_error(*path);
  value = std::move(selected.value());
  return std::nullopt;
}

std::optional<Error> merge_result(const std::optional<JsonPath>& path, Json& raw_input, Json& value,
                                  const std::string* raw_text) {
  if (!path) {
    value = std::move(raw_input);
    return std::nullopt;
  }
  if (path->is_root()) return std::nullopt;
  if (!path->can_assign(raw_input))
    return make_error("States.ResultPathMatchFailure",
                      "Unable to apply ReplacementPath '" + path->text() + "' to input '" +
                          (raw_text ? *raw_text : raw_input.dump()) + "'");
  auto assigned = path->assign(raw_input, std::move(value));
  if (!assigned) return assigned.error();
  value = std::move(raw_input);
  return std::nullopt;
}

Error invalid_path_error(const JsonPath& path) {
  return make_error("States.Runtime",
                    "Invalid path '" + path.text() + "' : No results for path: " + normalized_path(path));
}

namespace {
// The characters dump() writes beyond the byte itself: \" \\ \b \f \n \r \t take one more, other
// control characters six (\u00XX) in all.
constexpr auto kEscapeExtra = [] {
  std::array<std::uint8_t, 256> extra{};
  for (int c = 0; c < 0x20; ++c) extra[c] = 5;
  for (unsigned char c : {'"', '\\', '\b', '\f', '\n', '\r', '\t'}) extra[c] = 1;
  return extra;
}();

std::size_t string_text_size(const std::string& s) {
  std::size_t n = 2 + s.size();
  for (unsigned char c : s) n += kEscapeExtra[c];
  return n;
}

std::size_t decimal_digits(std::uint64_t n) {
  std::size_t digits = 1;
  for (; n >= 10; n /= 10) ++digits;
  return digits;
}
}  // namespace

std::size_t json_text_size(const Json& value) {
  // get_ptr: a type test and the address (get<T>() converts through a switch on every type).
  switch (value.type()) {
    case Json::value_t::object: {
      // The object's own members: items() would build an iteration proxy (with a string) per member.
      const auto& members = *value.get_ptr<const Json::object_t*>();
      std::size_t n = 2 + (members.empty() ? 0 : members.size() - 1);
      for (const auto& [key, item] : members) n += string_text_size(key) + 1 + json_text_size(item);
      return n;
    }
    case Json::value_t::array: {
      const auto& items = *value.get_ptr<const Json::array_t*>();
      std::size_t n = 2 + (items.empty() ? 0 : items.size() - 1);
      for (const auto& item : items) n += json_text_size(item);
      return n;
    }
    case Json::value_t::string: return string_text_size(*value.get_ptr<const Json::string_t*>());
    case Json::value_t::boolean: return *value.get_ptr<const Json::boolean_t*>() ? 4 : 5;
    case Json::value_t::null: return 4;
    case Json::value_t::number_integer: {
      const std::int64_t n = *value.get_ptr<const Json::number_integer_t*>();
      return (n < 0 ? 1 : 0) + decimal_digits(n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n));
    }
    case Json::value_t::number_unsigned: return decimal_digits(*value.get_ptr<const Json::number_unsigned_t*>());
    default: return value.dump().size();
  }
}

Error data_limit_error(const std::string& state_name) {
  return make_error("States.DataLimitExceeded", "The state/task '" + state_name +
                                                    "' returned a result with a size exceeding the maximum number "
                                                    "of bytes service limit.");
}

Json error_output(const std::string& error, const std::optional<std::string>& cause) {
  Json out = Json::object();
  out["Error"] = error;
  out["Cause"] = cause ? *cause : std::string();
  return out;
}

}  // namespace stepwise::engine::interpreter
