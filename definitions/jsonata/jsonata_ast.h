#pragma once
// JSONata expressions ("{% ... %}" in JSONata-mode states), parsed into an AST at definition time.
// The grammar and binding powers follow the JSONata 2.x reference parser.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "definitions/json.h"
#include "definitions/result.h"

namespace stepwise::definitions {

struct JsonataNode {
  enum class Kind {
    Literal,     // value: string, number, boolean, null
    Regex,       // text: pattern, flags in `name`
    Name,        // a field name (text)
    Variable,    // $name (text, may be empty: "$" is the context; "$$" the root)
    Wildcard,    // *
    Descendant,  // **
    Parent,      // %
    Unary,       // text: "-"; children[0]
    Binary,      // text: operator; children[0], children[1]
    Path,        // "." ; children[0] . children[1]
    Filter,      // a[b] ; children[0], children[1] (children[1] absent for a[])
    GroupBy,     // a{k: v, ...} ; children[0] then key, value pairs
    Apply,       // ~> ; children[0], children[1]
    Bind,        // $x := value ; children[0] (Variable), children[1]
    Condition,   // a ? b : c ; 2 or 3 children
    Block,       // ( e1; e2; ... )
    Array,       // [ ... ] (a Range "a..b" is a Binary "..")
    Object,      // { k: v, ... } ; key, value pairs
    Call,        // f(args) ; children[0] the function, the rest arguments
    Placeholder, // ? in a partial application
    Lambda,      // function($a, $b)<sig>{ body } ; text: signature, children: params..., body last
    Transform,   // | pattern | update [, delete] |
    OrderBy,     // a^(<k, >k) ; children[0] then terms (Unary "<" or ">")
    Focus,       // a@$v ; children[0], children[1]
    Index,       // a#$i ; children[0], children[1]
  };
  Kind kind = Kind::Literal;
  std::string text;
  std::string name;
  Json value;
  std::vector<JsonataNode> children;
};

const char* to_string(JsonataNode::Kind kind);

struct JsonataExpression {
  std::string source;  // without the {% %} delimiters
  JsonataNode root;
};

// Parses the inside of a "{% ... %}" string.
Result<JsonataExpression> parse_jsonata(std::string_view expression);

}  // namespace stepwise::definitions
