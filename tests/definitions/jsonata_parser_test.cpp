#include <doctest/doctest.h>

#include "definitions/jsonata/jsonata_ast.h"

using namespace stepwise::definitions;
using Kind = JsonataNode::Kind;

TEST_CASE("Definitions.Jsonata.ParsesValidExpressions") {
  // From the JSONata documentation and the AWS Step Functions JSONata guide.
  for (std::string text : {
           "$states.input",
           "$states.input.customer.name",
           "$states.result.Payload",
           "$states.context.Execution.Id",
           "$states.input.items[price > 10].name",
           "Account.Order[0].Product[ProductID = 858383].Price",
           "Account.Order.Product.(Price * Quantity)",
           "$sum(Account.Order.Product.(Price * Quantity))",
           "Phone[type='mobile'].number",
           "Address.(Street & ', ' & City)",
           "$count($states.input.items) > 0 ? 'some' : 'none'",
           "( $a := 1; $b := 2; $a + $b )",
           "[1..10]",
           "[1, 2, 3][$ > 1]",
           "{ 'a': 1, 'b': [true, false, null] }",
           "Account.Order.Product{ `Product Name`: Price }",
           "Account.Order.Product^(>Price, <Quantity)",
           "$map([1,2,3], function($v, $i) { $v * $i })",
           "function($x)<n:n>{ $x + 1 }(2)",
           "$contains(name, /^J.*n$/i)",
           "$split('a,b', ',') ~> $join('-')",
           "$states.input.a ?: 'default'",
           "$states.input.a ?? 'default'",
           "Account.Order@$o.Product#$i.{ 'order': $o.OrderID, 'index': $i }",
           "$ ~> | Account.Order.Product | {'Price': Price * 1.2}, ['Description'] |",
           "**.Postcode",
           "Phone.%.FirstName",
           "$substring('hello', 1, ?)",
           "-(5 + 3) * 2 / 4 % 3",
           "a and b or not_c in [1, 2]",
           "\"double \\\" quoted\\u00e9\"",
           "/* comment */ $now()",
           "$parse('{\"a\": 1}')",
           "Account.Order[]",
           "1.5e3 >= 1000 and 2 != 3 and 'a' <= 'b'",
           "$states.input.`weird key`",
       }) {
    auto r = parse_jsonata(text);
    CHECK_MESSAGE(r.ok(), text << ": " << (r.ok() ? "" : r.error().message));
  }
}

TEST_CASE("Definitions.Jsonata.RejectsInvalidExpressions") {
  for (std::string text : {"", "   ", "$states.input.", "1 +", "(1 + 2", "[1, 2", "{ 'a' 1 }", "{ 'a': }", "'unterminated",
                           "a ? : b", "5 := 3", "$f(1,", "function(x){1}", "function($x){1", "a[", "a[1", "$x :=",
                           "'\\q'", "1e999", "/* open comment", "a @ b", "a # 1", "] a", ") a", "a ^ b", "| a | b",
                           "a..b", "1 2", "$x := 5; $x * 2"}) {
    auto r = parse_jsonata(text);
    CHECK_MESSAGE(!r.ok(), "'" << text << "' should not parse");
    if (!r.ok()) CHECK_MESSAGE(r.error().message.find("position") != std::string::npos, text);
  }
}

TEST_CASE("Definitions.Jsonata.BuildsTheTree") {
  auto r = parse_jsonata("$x := 1 + 2 * 3");
  REQUIRE(r.ok());
  const auto& bind = r->root;
  CHECK(bind.kind == Kind::Bind);
  CHECK(bind.children[0].kind == Kind::Variable);
  CHECK(bind.children[0].text == "x");
  const auto& sum = bind.children[1];
  REQUIRE(sum.kind == Kind::Binary);
  CHECK(sum.text == "+");
  CHECK(sum.children[1].text == "*");  // '*' binds tighter than '+'

  auto path = parse_jsonata("$states.input.items[0]");
  REQUIRE(path.ok());
  CHECK(path->root.kind == Kind::Path);  // the filter binds to its step, as in JSONata
  CHECK(path->root.children[1].kind == Kind::Filter);

  auto regex = parse_jsonata("$match(s, /a\\/b/i)");
  REQUIRE(regex.ok());
  CHECK(regex->root.kind == Kind::Call);
  CHECK(regex->root.children[2].kind == Kind::Regex);
  CHECK(regex->root.children[2].name == "i");

  auto division = parse_jsonata("a / b / c");
  REQUIRE(division.ok());
  CHECK(division->root.kind == Kind::Binary);
  CHECK(division->root.text == "/");
}

TEST_CASE("Definitions.Jsonata.SurvivesDeepNesting") {
  std::string deep(5000, '(');
  deep += "1" + std::string(5000, ')');
  CHECK_FALSE(parse_jsonata(deep).ok());
  std::string ok(100, '(');
  ok += "1" + std::string(100, ')');
  CHECK(parse_jsonata(ok).ok());
}
