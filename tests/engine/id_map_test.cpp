#include <doctest/doctest.h>

#include <random>
#include <unordered_map>

#include "engine/id_map.h"

using stepwise::engine::IdMap;

TEST_CASE("Engine.IdMap.BehavesAsAHashMap") {
  // Random adds and removes (ids clustered, as task and timer ids are), checked against
  // std::unordered_map after every operation's result and at the end.
  IdMap<std::int64_t> map;
  std::unordered_map<std::uint64_t, std::int64_t> reference;
  std::mt19937_64 random(7);
  for (int step = 0; step < 200000; ++step) {
    const std::uint64_t id = 1 + random() % 3000;
    if (random() % 3 == 0) {
      CHECK(map.erase(id) == (reference.erase(id) == 1));
    } else {
      map[id] = static_cast<std::int64_t>(step);
      reference[id] = step;
    }
    if (step % 997 == 0) {
      REQUIRE(map.size() == reference.size());
    }
  }
  REQUIRE(map.size() == reference.size());
  for (const auto& [id, value] : reference) {
    const std::int64_t* found = map.find(id);
    REQUIRE(found);
    CHECK(*found == value);
  }
  std::size_t seen = 0;
  map.for_each([&](std::uint64_t id, std::int64_t value) {
    ++seen;
    CHECK(reference.at(id) == value);
  });
  CHECK(seen == reference.size());
  CHECK_FALSE(map.contains(999999));
  map.clear();
  CHECK(map.empty());
  CHECK_FALSE(map.erase(1));
  CHECK(map.find(1) == nullptr);
}
