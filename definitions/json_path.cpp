#include "definitions/json_path.h"

#include "definitions/json_path_parser.h"

namespace stepwise::definitions {

const char* to_string(PathRoot root) {
  switch (root) {
    case PathRoot::Input: return "Input";
    case PathRoot::Context: return "Context";
    case PathRoot::Variable: return "Variable";
  }
  return "Input";
}

Result<JsonPath> JsonPath::parse(std::string_view text, bool allow_context, bool allow_variables) {
  JsonPath path;
  path.text_ = std::string(text);
  auto parsed = parse_path_text(text, allow_context, allow_variables);
  if (!parsed) return parsed.error();
  path.root_ = parsed->root;
  path.variable_ = std::move(parsed->variable);
  path.segments_ = std::move(parsed->segments);
  path.definite_ = segments_are_definite(path.segments_);
  return path;
}

const Json* JsonPath::root_value(const Json& input, const PathScope& scope) const {
  switch (root_) {
    case PathRoot::Input: return &input;
    case PathRoot::Context: return scope.context;
    case PathRoot::Variable:
      return scope.lookup_variable ? scope.lookup_variable(scope.variables, variable_) : nullptr;
  }
  return nullptr;
}

void JsonPath::select(const Json& input, const PathScope& scope, std::vector<const Json*>& out) const {
  const Json* root = root_value(input, scope);
  if (!root) return;
  select_segments(segments_, *root, input, scope, out);
}

const Json* JsonPath::find(const Json& input, const PathScope& scope) const {
  const Json* node = root_value(input, scope);
  for (const auto& seg : segments_) {
    if (!node) return nullptr;
    node = step_definite(seg, *node);
  }
  return node;
}

bool JsonPath::misses_past_array_end(const Json& input, const PathScope& scope) const {
  if (!definite_ || segments_.empty() || segments_.back().kind != PathSegment::Kind::Index) return false;
  const Json* node = root_value(input, scope);
  for (std::size_t i = 0; node && i + 1 < segments_.size(); ++i) node = step_definite(segments_[i], *node);
  if (!node || !node->is_array()) return false;
  const std::int64_t index = segments_.back().indexes.front();
  return index >= static_cast<std::int64_t>(node->size());
}

Result<Json> JsonPath::evaluate(const Json& input, const PathScope& scope) const {
  const bool has_function = !segments_.empty() && segments_.back().kind == PathSegment::Kind::Function;
  if (!has_function) {
    if (definite_) {
      if (const Json* node = find(input, scope)) return *node;
      return make_error("PathNotFound", "The JSONPath '" + text_ + "' could not be found in the input");
    }
    std::vector<const Json*> nodes;
    select(input, scope, nodes);
    Json array = Json::array();
    for (const Json* n : nodes) array.push_back(*n);
    return array;
  }
  // Everything before the function, then the function applied to that value.
  std::vector<PathSegment> prefix(segments_.begin(), segments_.end() - 1);
  const Json* root = root_value(input, scope);
  Json value;
  if (!root) return make_error("PathNotFound", "The JSONPath '" + text_ + "' could not be found in the input");
  if (segments_are_definite(prefix)) {
    const Json* node = root;
    for (const auto& seg : prefix) node = node ? step_definite(seg, *node) : nullptr;
    if (!node) return make_error("PathNotFound", "The JSONPath '" + text_ + "' could not be found in the input");
    value = *node;
  } else {
    std::vector<const Json*> nodes;
    select_segments(prefix, *root, input, scope, nodes);
    value = Json::array();
    for (const Json* n : nodes) value.push_back(*n);
  }
  return apply_path_function(segments_.back().names.front(), value, text_);
}

bool JsonPath::can_assign(const Json& target) const {
  if (root_ != PathRoot::Input || !definite_) return false;
  const Json* node = &target;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const auto& seg = segments_[i];
    if (seg.kind == PathSegment::Kind::Field) {
      if (node->is_null() && i > 0) {
        // Created from here on: only object members can be.
        for (std::size_t j = i + 1; j < segments_.size(); ++j)
          if (segments_[j].kind != PathSegment::Kind::Field) return false;
        return true;
      }
      if (!node->is_object()) return false;
      auto it = node->find(seg.names.front());
      if (it == node->end()) {
        for (std::size_t j = i + 1; j < segments_.size(); ++j)
          if (segments_[j].kind != PathSegment::Kind::Field) return false;
        return true;
      }
      node = &*it;
    } else {  // Index
      if (!node->is_array()) return false;
      auto idx = seg.indexes.front();
      if (idx < 0) idx += static_cast<std::int64_t>(node->size());
      if (idx < 0 || idx >= static_cast<std::int64_t>(node->size())) return false;
      node = &(*node)[static_cast<std::size_t>(idx)];
    }
  }
  return true;
}

Result<bool> JsonPath::assign(Json& target, Json value) const {
  if (root_ != PathRoot::Input || !definite_)
    return make_error("ResultPathMatchFailure", "'" + text_ + "' is not a reference path into the input");
  if (!can_assign(target))
    return make_error("ResultPathMatchFailure", "Unable to apply ResultPath \"" + text_ + "\" to input " + target.dump());
  if (segments_.empty()) {
    target = std::move(value);
    return true;
  }
  Json* node = &target;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const auto& seg = segments_[i];
    if (seg.kind == PathSegment::Kind::Field) {
      if (node->is_null() && i > 0) *node = Json::object();
      if (!node->is_object())
        return make_error("ResultPathMatchFailure",
                          "Unable to apply ResultPath \"" + text_ + "\" to input " + target.dump());
      node = &(*node)[seg.names.front()];
    } else {  // Index
      if (!node->is_array())
        return make_error("ResultPathMatchFailure",
                          "Unable to apply ResultPath \"" + text_ + "\" to input " + target.dump());
      auto idx = seg.indexes.front();
      if (idx < 0) idx += static_cast<std::int64_t>(node->size());
      if (idx < 0 || idx >= static_cast<std::int64_t>(node->size()))
        return make_error("ResultPathMatchFailure",
                          "Unable to apply ResultPath \"" + text_ + "\" to input " + target.dump());
      node = &(*node)[static_cast<std::size_t>(idx)];
    }
  }
  *node = std::move(value);
  return true;
}

const char* to_string(PathSegment::Kind kind) {
  using K = PathSegment::Kind;
  switch (kind) {
    case K::Field: return "Field";
    case K::Index: return "Index";
    case K::Wildcard: return "Wildcard";
    case K::Slice: return "Slice";
    case K::Fields: return "Fields";
    case K::Indexes: return "Indexes";
    case K::Filter: return "Filter";
    case K::Function: return "Function";
  }
  return "Field";
}

const char* to_string(FilterNode::Kind kind) {
  using K = FilterNode::Kind;
  switch (kind) {
    case K::Or: return "Or";
    case K::And: return "And";
    case K::Not: return "Not";
    case K::Compare: return "Compare";
    case K::Exists: return "Exists";
    case K::Literal: return "Literal";
    case K::Path: return "Path";
  }
  return "Literal";
}

}  // namespace stepwise::definitions
