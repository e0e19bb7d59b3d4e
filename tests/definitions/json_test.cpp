#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "definitions/json.h"

using stepwise::Json;

TEST_CASE("Definitions.Json.DeeplyNestedValuesAreDestroyedWithoutRecursion") {
  // Json's destroy is specialized (definitions/json.h): nested containers are emptied through a
  // list, so a value nested a million deep (arrays and objects alternating) is freed without
  // overflowing the stack.
  Json value = "leaf";
  for (int depth = 0; depth < 1000000; ++depth) {
    Json parent = depth % 2 ? Json::array() : Json::object();
    if (parent.is_array()) parent.push_back(std::move(value));
    else parent["k"] = std::move(value);
    value = std::move(parent);
  }
  value = nullptr;  // frees the million levels
  CHECK(value.is_null());
}

TEST_CASE("Definitions.Json.ValuesOwningMemoryAreFreedAndMovedFromValuesAreNull") {
  // Strings, binaries, objects and arrays (nested, with siblings of every kind) are freed; a
  // moved-from value is null and its destruction owns nothing. (Leaks would show under valgrind
  // or a sanitizer build; here the values must stay intact until they are destroyed.)
  Json doc = Json::parse(R"({"a":[1,"two",{"b":[[],{},[3,{"c":"d"}]]}],"e":{"f":null,"g":true,"h":1.5},"i":""})");
  doc["bin"] = Json::binary({1, 2, 3});
  Json copy = doc;
  Json moved = std::move(copy);
  CHECK(copy.is_null());  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  CHECK(moved == doc);
  CHECK(moved["a"][2]["b"][2][1]["c"] == "d");
  for (int i = 0; i < 1000; ++i) {
    Json round = doc;
    round["a"].push_back(std::string(100, 'x'));
    CHECK(round["a"].size() == 4);
  }
  CHECK(doc.dump().find("\"bin\"") != std::string::npos);
}
