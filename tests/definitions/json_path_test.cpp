#include <doctest/doctest.h>

#include "definitions/json_path.h"

using namespace stepwise;
using namespace stepwise::definitions;

namespace {

// The document of the JSONPath examples (Goessner's store, used in the AWS and Jayway docs).
const Json& store() {
  static const Json doc = Json::parse(R"({
    "store": {
      "book": [
        {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
        {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
        {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
        {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
      ],
      "bicycle": {"color": "red", "price": 19.95}
    },
    "expensive": 10
  })");
  return doc;
}

Json eval(const std::string& path, const Json& doc = store(), const PathScope& scope = {}) {
  auto p = JsonPath::parse(path);
  REQUIRE_MESSAGE(p.ok(), path << ": " << (p.ok() ? "" : p.error().message));
  auto v = p->evaluate(doc, scope);
  REQUIRE_MESSAGE(v.ok(), path << ": " << (v.ok() ? "" : v.error().message));
  return v.value();
}

}  // namespace

TEST_CASE("Definitions.JsonPath.GoessnerExamples") {
  CHECK(eval("$.store.book[*].author") ==
        Json::parse(R"(["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"])"));
  CHECK(eval("$..author").size() == 4);
  CHECK(eval("$.store.*").size() == 2);
  CHECK(eval("$.store..price") == Json::parse("[8.95,12.99,8.99,22.99,19.95]"));
  CHECK(eval("$..book[2].title") == Json::parse(R"(["Moby Dick"])"));
  CHECK(eval("$.store.book[2].title") == "Moby Dick");
  CHECK(eval("$..book[-1:].title") == Json::parse(R"(["The Lord of the Rings"])"));
  CHECK(eval("$.store.book[-1].title") == "The Lord of the Rings");
  CHECK(eval("$..book[0,1].title") == Json::parse(R"(["Sayings of the Century","Sword of Honour"])"));
  CHECK(eval("$..book[:2].price") == Json::parse("[8.95,12.99]"));
  CHECK(eval("$..book[1:2].price") == Json::parse("[12.99]"));
  CHECK(eval("$..book[?(@.isbn)].title") == Json::parse(R"(["Moby Dick","The Lord of the Rings"])"));
  CHECK(eval("$.store.book[?(@.price < 10)].price") == Json::parse("[8.95,8.99]"));
  CHECK(eval("$..book[?(@.price <= $['expensive'])].price") == Json::parse("[8.95,8.99]"));
  CHECK(eval("$..book[?(@.author =~ /.*REES/i)].price") == Json::parse("[8.95]"));
  CHECK(eval("$..book[?(@.category == 'fiction' && @.price > 20)].title") ==
        Json::parse(R"(["The Lord of the Rings"])"));
  CHECK(eval("$..book[?(@.category == 'reference' || @.price > 20)].price") == Json::parse("[8.95,22.99]"));
  CHECK(eval("$..book[?(!(@.price > 9))].price") == Json::parse("[8.95,8.99]"));
  CHECK(eval("$..book[?(@.category in ['reference'])].price") == Json::parse("[8.95]"));
  CHECK(eval("$.store.book.length()") == 4);
  CHECK(eval("$..book.length()") == 1);  // one match of "..book", an array of four
  CHECK(eval("$.store.book[*].price.sum()").get<double>() == doctest::Approx(53.92));
  CHECK(eval("$.store.book[*].price.max()").get<double>() == doctest::Approx(22.99));
  CHECK(eval("$.store.bicycle.keys()") == Json::parse(R"(["color","price"])"));
  CHECK(eval("$['store']['bicycle']['color']") == "red");
  CHECK(eval("$.store.book[0:4:2].price") == Json::parse("[8.95,8.99]"));
}

TEST_CASE("Definitions.JsonPath.AslExamples") {
  // From the ASL spec's "Paths" section.
  const Json input = Json::parse(R"({"foo": 123, "bar": ["a", "b", "c"], "car": {"cdr": true}})");
  CHECK(eval("$.foo", input) == 123);
  CHECK(eval("$.bar", input) == Json::parse(R"(["a","b","c"])"));
  CHECK(eval("$.car.cdr", input) == true);
  CHECK(eval("$", input) == input);
  CHECK(eval("$.bar[1]", input) == "b");
  CHECK(eval("$.bar[1:]", input) == Json::parse(R"(["b","c"])"));
}

TEST_CASE("Definitions.JsonPath.ReferencePaths") {
  CHECK(JsonPath::parse("$.a.b[0]")->is_reference());
  CHECK(JsonPath::parse("$['a b']")->is_reference());
  CHECK(JsonPath::parse("$")->is_reference());
  for (auto text : {"$.a[*]", "$..a", "$.a[0:1]", "$.a[0,1]", "$['a','b']", "$.a[?(@.x)]", "$.*", "$.a.length()"})
    CHECK_MESSAGE(!JsonPath::parse(text)->is_reference(), text);
}

TEST_CASE("Definitions.JsonPath.RootsContextAndVariables") {
  const Json context = Json::parse(R"({"Execution": {"Id": "arn:x", "Input": {"n": 1}}})");
  const Json vars = Json::parse(R"({"myVar": {"k": [10, 20]}})");
  PathScope scope;
  scope.context = &context;
  scope.variables = &vars;
  scope.lookup_variable = [](const void* self, std::string_view name) -> const Json* {
    const auto& v = *static_cast<const Json*>(self);
    auto it = v.find(std::string(name));
    return it == v.end() ? nullptr : &*it;
  };
  CHECK(eval("$$.Execution.Id", Json::object(), scope) == "arn:x");
  CHECK(eval("$$.Execution.Input.n", Json::object(), scope) == 1);
  CHECK(eval("$myVar.k[1]", Json::object(), scope) == 20);
  CHECK(JsonPath::parse("$myVar")->root() == PathRoot::Variable);
  CHECK(JsonPath::parse("$myVar")->variable() == "myVar");
  CHECK_FALSE(JsonPath::parse("$$.a", false, true).ok());
  CHECK_FALSE(JsonPath::parse("$v.a", true, false).ok());
  CHECK_FALSE(JsonPath::parse("$nope")->evaluate(Json::object(), scope).ok());
}

TEST_CASE("Definitions.JsonPath.MissingAndIndefinite") {
  const Json input = Json::parse(R"({"a": {"b": 1}, "list": []})");
  CHECK_FALSE(JsonPath::parse("$.missing")->evaluate(input).ok());
  CHECK_FALSE(JsonPath::parse("$.a.b.c")->evaluate(input).ok());
  CHECK(eval("$.list[*]", input) == Json::array());
  CHECK(eval("$.nothing[*]", input) == Json::array());
  CHECK(JsonPath::parse("$.a.b")->find(input) == &input["a"]["b"]);  // by pointer, no copy
}

TEST_CASE("Definitions.JsonPath.KeepsKeyOrder") {
  const Json input = Json::parse(R"({"z": 1, "a": 2, "m": 3})");
  CHECK(eval("$.*", input) == Json::parse("[1,2,3]"));
}

TEST_CASE("Definitions.JsonPath.SyntaxErrors") {
  for (auto text : {"", "a", "$.", "$..", "$.a[", "$.a[]", "$.a]", "$['a", "$.a[?(@.b ==)]", "$.a[?@.b]", "$.a.b(",
                    "$.a.nope()", "$.a.length().b", "$ .a", "$.a[1:2:0]", "$.a[x]"})
    CHECK_MESSAGE(!JsonPath::parse(text).ok(), "'" << text << "' should not parse");
}

TEST_CASE("Definitions.JsonPath.AssignResultPath") {
  Json target = Json::parse(R"({"a": {"x": 1}, "s": "str", "arr": [1, 2]})");
  CHECK(JsonPath::parse("$.a.y")->assign(target, 2).ok());
  CHECK(target["a"] == Json::parse(R"({"x":1,"y":2})"));
  CHECK(JsonPath::parse("$.new.deep.key")->assign(target, true).ok());
  CHECK(target["new"]["deep"]["key"] == true);
  CHECK(JsonPath::parse("$.arr[1]")->assign(target, 5).ok());
  CHECK(target["arr"] == Json::parse("[1,5]"));
  auto fail = JsonPath::parse("$.s.inner")->assign(target, 1);
  REQUIRE_FALSE(fail.ok());
  CHECK(fail.error().code == "ResultPathMatchFailure");
  CHECK_FALSE(JsonPath::parse("$.arr[9]")->assign(target, 1).ok());
  Json whole = 1;
  CHECK(JsonPath::parse("$")->assign(whole, Json::parse(R"({"r": 1})")).ok());
  CHECK(whole == Json::parse(R"({"r":1})"));
  Json scalar = 5;
  CHECK_FALSE(JsonPath::parse("$.x")->assign(scalar, 1).ok());
}

TEST_CASE("Definitions.JsonPath.AssignLeavesTheTargetAsItWasWhenItFails") {
  // A retry after States.ResultPathMatchFailure runs the state again on its raw input, so a failed
  // assignment must not have changed it (here: the null under "a" would have become {}).
  const Json original = Json::parse(R"({"a": null, "b": {"c": "text"}, "arr": [{"k": 1}]})");
  for (const char* path : {"$.a[0]", "$.a.x[1]", "$.b.c.d", "$.missing[0]", "$.arr[3].k", "$.arr.k"}) {
    Json target = original;
    CHECK_FALSE(JsonPath::parse(path)->can_assign(target));
    CHECK_FALSE(JsonPath::parse(path)->assign(target, 1).ok());
    CHECK_MESSAGE(target == original, path);
  }
  for (const char* path : {"$.a.x", "$.a.x.y", "$.missing.x", "$.arr[0].k", "$.arr[-1].z", "$.b.c2"}) {
    Json target = original;
    CHECK_MESSAGE(JsonPath::parse(path)->can_assign(target), path);
    CHECK_MESSAGE(JsonPath::parse(path)->assign(target, 1).ok(), path);
  }
}
