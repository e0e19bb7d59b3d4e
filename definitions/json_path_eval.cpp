// Evaluation of compiled JSONPath segments and filter expressions, by pointer into the document.
#include <cmath>
#include <regex>

#include "definitions/json_path_parser.h"

namespace stepwise::definitions {
namespace {

std::int64_t normalize_index(std::int64_t index, std::size_t size) {
  return index < 0 ? index + static_cast<std::int64_t>(size) : index;
}

const Json* index_of(const Json& node, std::int64_t index) {
  if (!node.is_array()) return nullptr;
  auto i = normalize_index(index, node.size());
  if (i < 0 || i >= static_cast<std::int64_t>(node.size())) return nullptr;
  return &node[static_cast<std::size_t>(i)];
}

const Json* field_of(const Json& node, const std::string& name) {
  if (!node.is_object()) return nullptr;
  auto it = node.find(name);
  return it == node.end() ? nullptr : &*it;
}

struct FilterContext {
  const Json& input;
  const PathScope& scope;
};

std::optional<Json> operand_value(const FilterNode& node, const Json& current, const FilterContext& ctx) {
  if (node.kind == FilterNode::Kind::Literal) return node.literal;
  const Json& start = node.relative ? current : ctx.input;
  if (segments_are_definite(node.path)) {
    const Json* n = &start;
    for (const auto& seg : node.path) {
      n = step_definite(seg, *n);
      if (!n) return std::nullopt;
    }
    return *n;
  }
  if (!node.path.empty() && node.path.back().kind == PathSegment::Kind::Function) {
    std::vector<PathSegment> prefix(node.path.begin(), node.path.end() - 1);
    std::vector<const Json*> found;
    select_segments(prefix, start, ctx.input, ctx.scope, found);
    if (found.size() != 1) return std::nullopt;
    auto r = apply_path_function(node.path.back().names.front(), *found.front(), "@");
    if (!r) return std::nullopt;
    return r.value();
  }
  std::vector<const Json*> found;
  select_segments(node.path, start, ctx.input, ctx.scope, found);
  Json arr = Json::array();
  for (const Json* f : found) arr.push_back(*f);
  return arr;
}

bool compare(const std::string& op, const Json& a, const Json& b) {
  if (op == "in" || op == "nin") {
    bool found = false;
    if (b.is_array())
      for (const auto& e : b) found = found || json_equal(e, a);
    return op == "in" ? found : !found;
  }
  if (op == "=~") {
    if (!a.is_string() || !b.is_object()) return false;
    auto flags = std::regex::ECMAScript;
    if (b["flags"].get<std::string>().find('i') != std::string::npos) flags |= std::regex::icase;
    try {
      return std::regex_match(a.get<std::string>(), std::regex(b["regex"].get<std::string>(), flags));
    } catch (const std::regex_error&) {
      return false;
    }
  }
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    if (op == "==") return x == y;
    if (op == "!=") return x != y;
    if (op == "<") return x < y;
    if (op == "<=") return x <= y;
    if (op == ">") return x > y;
    if (op == ">=") return x >= y;
    return false;
  }
  if (op == "==") return json_equal(a, b);
  if (op == "!=") return !json_equal(a, b);
  if (a.is_string() && b.is_string()) {
    const auto& x = a.get_ref<const std::string&>();
    const auto& y = b.get_ref<const std::string&>();
    if (op == "<") return x < y;
    if (op == "<=") return x <= y;
    if (op == ">") return x > y;
    if (op == ">=") return x >= y;
  }
  return false;
}

bool filter_matches(const FilterNode& node, const Json& current, const FilterContext& ctx) {
  switch (node.kind) {
    case FilterNode::Kind::Or:
      for (const auto& c : node.children)
        if (filter_matches(c, current, ctx)) return true;
      return false;
    case FilterNode::Kind::And:
      for (const auto& c : node.children)
        if (!filter_matches(c, current, ctx)) return false;
      return true;
    case FilterNode::Kind::Not:
      return !filter_matches(node.children.front(), current, ctx);
    case FilterNode::Kind::Exists: {
      const auto& operand = node.children.front();
      if (operand.kind == FilterNode::Kind::Literal) return operand.literal == true;
      auto v = operand_value(operand, current, ctx);
      if (!v) return false;
      return !(v->is_array() && !segments_are_definite(operand.path) && v->empty());
    }
    case FilterNode::Kind::Compare: {
      auto a = operand_value(node.children[0], current, ctx);
      auto b = operand_value(node.children[1], current, ctx);
      if (!a || !b) return node.op == "!=" && (a.has_value() != b.has_value());
      return compare(node.op, *a, *b);
    }
    case FilterNode::Kind::Literal:
    case FilterNode::Kind::Path:
      return false;
  }
  return false;
}

void collect_descendants(const Json& node, std::vector<const Json*>& out) {
  out.push_back(&node);
  if (node.is_structured())
    for (const auto& child : node) collect_descendants(child, out);
}

void apply_segment(const PathSegment& seg, const Json& node, const FilterContext& ctx,
                   std::vector<const Json*>& out) {
  using K = PathSegment::Kind;
  switch (seg.kind) {
    case K::Field:
    case K::Index:
      if (const Json* n = step_definite(seg, node)) out.push_back(n);
      break;
    case K::Fields:
      for (const auto& name : seg.names)
        if (const Json* n = field_of(node, name)) out.push_back(n);
      break;
    case K::Indexes:
      for (auto i : seg.indexes)
        if (const Json* n = index_of(node, i)) out.push_back(n);
      break;
    case K::Wildcard:
      if (node.is_structured())
        for (const auto& child : node) out.push_back(&child);
      break;
    case K::Slice: {
      if (!node.is_array()) break;
      const auto size = static_cast<std::int64_t>(node.size());
      auto clamp = [size](std::int64_t v) { return std::max<std::int64_t>(0, std::min(size, v)); };
      std::int64_t from = seg.start ? clamp(normalize_index(*seg.start, node.size())) : 0;
      std::int64_t to = seg.end ? clamp(normalize_index(*seg.end, node.size())) : size;
      std::int64_t step = seg.step.value_or(1);
      for (auto i = from; i < to; i += step) out.push_back(&node[static_cast<std::size_t>(i)]);
      break;
    }
    case K::Filter:
      if (node.is_array()) {
        for (const auto& child : node)
          if (filter_matches(seg.filter.front(), child, ctx)) out.push_back(&child);
      } else if (node.is_object() && filter_matches(seg.filter.front(), node, ctx)) {
        out.push_back(&node);
      }
      break;
    case K::Function:
      break;  // handled by JsonPath::evaluate
  }
}

double number_of(const Json& v) { return v.get<double>(); }

}  // namespace

const Json* step_definite(const PathSegment& segment, const Json& node) {
  if (segment.kind == PathSegment::Kind::Field) return field_of(node, segment.names.front());
  if (segment.kind == PathSegment::Kind::Index) return index_of(node, segment.indexes.front());
  return nullptr;
}

void select_segments(const std::vector<PathSegment>& segments, const Json& start, const Json& input,
                     const PathScope& scope, std::vector<const Json*>& out) {
  FilterContext ctx{input, scope};
  std::vector<const Json*> current{&start}, next;
  for (const auto& seg : segments) {
    next.clear();
    for (const Json* node : current) {
      if (seg.deep) {
        std::vector<const Json*> all;
        collect_descendants(*node, all);
        for (const Json* d : all) apply_segment(seg, *d, ctx, next);
      } else {
        apply_segment(seg, *node, ctx, next);
      }
    }
    current.swap(next);
  }
  out.insert(out.end(), current.begin(), current.end());
}

Result<Json> apply_path_function(const std::string& name, const Json& value, const std::string& path_text) {
  auto fail = [&](const std::string& why) {
    return make_error("PathFunctionFailure", "The JSONPath '" + path_text + "': " + name + "() " + why);
  };
  if (name == "length" || name == "size") {
    if (value.is_array() || value.is_object()) return Json(value.size());
    if (value.is_string()) return Json(value.get_ref<const std::string&>().size());
    return fail("needs an array, object or string");
  }
  if (name == "keys") {
    if (!value.is_object()) return fail("needs an object");
    Json keys = Json::array();
    for (const auto& item : value.items()) keys.push_back(item.key());
    return keys;
  }
  if (!value.is_array()) return fail("needs an array");
  if (name == "first" || name == "last") {
    if (value.empty()) return fail("needs a non-empty array");
    return name == "first" ? value.front() : value.back();
  }
  std::vector<double> numbers;
  for (const auto& v : value) {
    if (!v.is_number()) return fail("needs an array of numbers");
    numbers.push_back(number_of(v));
  }
  if (numbers.empty()) return fail("needs a non-empty array");
  double sum = 0, lo = numbers.front(), hi = numbers.front();
  for (double d : numbers) {
    sum += d;
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  const double avg = sum / static_cast<double>(numbers.size());
  if (name == "sum") return Json(sum);
  if (name == "min") return Json(lo);
  if (name == "max") return Json(hi);
  if (name == "avg") return Json(avg);
  double var = 0;
  for (double d : numbers) var += (d - avg) * (d - avg);
  return Json(std::sqrt(var / static_cast<double>(numbers.size())));  // stddev
}

}  // namespace stepwise::definitions
