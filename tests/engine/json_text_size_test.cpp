#include <doctest/doctest.h>

#include <string>

#include "engine/interpreter/data_flow.h"

using stepwise::Json;
using stepwise::engine::interpreter::json_text_size;

TEST_CASE("Engine.JsonTextSize.IsTheLengthOfTheCompactText") {
  // The 256 KiB checks measure values without serializing them: every kind of value, every
  // escape dump() writes, and UTF-8 passed through as it is.
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  const Json cases[] = {
      Json(),
      Json(true),
      Json(false),
      Json(0),
      Json(-1),
      Json(9223372036854775807LL),
      Json(-9223372036854775807LL - 1),
      Json(18446744073709551615ULL),
      Json(1.5),
      Json(1e300),
      Json(-0.0),
      Json(""),
      Json("quote \" backslash \\ tab \t newline \n cr \r bell \b ff \f nul-ish \x01 \x1f end"),
      Json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
      Json::array(),
      Json::object(),
      Json::parse(R"({"a":[1,2,{"b":null,"c":[true,false]}],"d":{},"e":[],"f":"x\"y","g":-12.25})"),
  };
  for (const Json& value : cases) CHECK_MESSAGE(json_text_size(value) == value.dump().size(), value.dump());
  // Bytes 0x80-0xFF alone are not valid UTF-8 (dump() would throw); the ASCII range covers every escape.
  const Json ascii(every_byte.substr(0, 127));
  CHECK(json_text_size(ascii) == ascii.dump().size());
}
