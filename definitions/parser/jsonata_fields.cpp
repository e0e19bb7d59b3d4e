// JSONata expressions inside a JSONata-mode state's fields.
#include "definitions/jsonata/jsonata_ast.h"
#include "definitions/parser/state_parser.h"

namespace stepwise::definitions::parser {
namespace {

void check_value(Context& ctx, const Json& value, const std::string& ptr) {
  if (is_jsonata_expression(value)) {
    const auto& text = value.get_ref<const std::string&>();
    auto parsed = parse_jsonata(std::string_view(text).substr(2, text.size() - 4));
    if (!parsed) ctx.schema("The JSONata expression " + text + " is invalid: " + parsed.error().message, ptr);
    return;
  }
  if (value.is_object()) {
    for (const auto& item : value.items()) check_value(ctx, item.value(), pointer_append(ptr, item.key()));
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) check_value(ctx, value[i], pointer_append(ptr, i));
  }
}

}  // namespace

void check_jsonata_expressions(Context& ctx, const Where& state) {
  for (const auto& item : state.object.items()) {
    const std::string& key = item.key();
    // Nested state machines are checked state by state, each with its own query language.
    if (key == "Branches" || key == "Iterator") continue;
    if (key == "ItemProcessor") {
      if (const Json* config = field(item.value(), "ProcessorConfig"))
        check_value(ctx, *config, pointer_append(state.at(key), "ProcessorConfig"));
      continue;
    }
    check_value(ctx, item.value(), state.at(key));
  }
}

}  // namespace stepwise::definitions::parser
