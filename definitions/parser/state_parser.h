#pragma once
// Internal to the parser: one function per ASL construct.
#include <memory>
#include <string>
#include <vector>

#include "definitions/parser/context.h"
#include "definitions/state_machine.h"

namespace stepwise::definitions::parser {

enum class MachineKind { Root, Branch, ItemProcessor, Iterator };
const char* to_string(MachineKind kind);

// Every state starts from the machine's top-level QueryLanguage (ctx.top_level_language, set by the
// root): branches and item processors inherit it, not their enclosing state's, as AWS does.
std::shared_ptr<const StateMachine> parse_machine(Context& ctx, const Json& doc, const std::string& ptr,
                                                  MachineKind kind);
State parse_state(Context& ctx, const std::string& name, const Json& object, const std::string& ptr);

// Reports fields the state type does not have, or that belong to the other query language.
void check_state_fields(Context& ctx, StateType type, QueryLanguage language, const Where& w);
// Reports fields of an object (retrier, catcher, branch...) outside the allowed list.
void check_allowed_fields(Context& ctx, const Where& w, std::initializer_list<std::string_view> allowed,
                          std::string_view what);

// Fields shared by states.
void read_common(Context& ctx, const Where& w, StateCommon& common, QueryLanguage language, bool has_transition);
void read_result_fields(Context& ctx, const Where& w, ResultFields& io, QueryLanguage language, bool result_selector);

ChoiceState parse_choice(Context& ctx, const Where& w, StateCommon common);
ParallelState parse_parallel(Context& ctx, const Where& w, StateCommon common);
MapState parse_map(Context& ctx, const Where& w, StateCommon common);
// In a JSONata state, every "{% ... %}" string in its fields must be a valid JSONata expression.
void check_jsonata_expressions(Context& ctx, const Where& state);
// AWS's checks on optimized service integrations (known services, patterns, parameters).
void check_integration(Context& ctx, const Where& w, const Resource& resource, QueryLanguage language);
std::vector<Retrier> read_retry(Context& ctx, const Where& w);
std::vector<Catcher> read_catch(Context& ctx, const Where& w, QueryLanguage language);

}  // namespace stepwise::definitions::parser
