// Intrinsics for data encoding and decoding, and for hash calculation.

#include <array>

#include "definitions/digest.h"
#include "definitions/intrinsics/intrinsic_families.h"
#include "definitions/utf8.h"

namespace stepwise::definitions::intrinsics {
namespace {

constexpr std::size_t kMaxInputChars = 10000;  // AWS: "input string ... up to 10,000 characters"
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int decode_char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  if (c == '-') return 62;  // the URL-safe alphabet decodes too
  if (c == '_') return 63;
  return -1;
}

}  // namespace

Result<Json> base64_encode(const Args& args) {
  constexpr auto fn = IntrinsicFunction::Base64Encode;
  if (!args[0].is_string()) return failure(fn, "the argument must be a string, not " + describe(args[0]));
  const auto& in = args[0].get_ref<const std::string&>();
  if (utf8_length(in) > kMaxInputChars) return failure(fn, "the input is longer than 10000 characters");
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t chunk = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) chunk |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) chunk |= static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[chunk & 63] : '=';
  }
  return Json(std::move(out));
}

// Decoded as AWS does (observed: '!!!invalid!!!', 'abc', 'ab==cd' and ' YWJjZA== ' all decode):
// characters outside the alphabet are skipped, the first '=' ends the data, a last group of two or
// three characters gives one or two bytes, and the bytes become text as Java reads UTF-8 (an
// ill-formed sequence is U+FFFD).
Result<Json> base64_decode(const Args& args) {
  constexpr auto fn = IntrinsicFunction::Base64Decode;
  if (!args[0].is_string()) return failure(fn, "the argument must be a string, not " + describe(args[0]));
  const auto& in = args[0].get_ref<const std::string&>();
  if (in.size() > kMaxInputChars) return failure(fn, "the input is longer than 10000 characters");
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = decode_char(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return Json(utf8_replace_invalid(bytes));
}

Result<Json> hash(const Args& args) {
  constexpr auto fn = IntrinsicFunction::Hash;
  if (!args[1].is_string()) return failure(fn, "the algorithm must be a string, not " + describe(args[1]));
  const auto& algorithm = args[1].get_ref<const std::string&>();
  const std::optional<DigestAlgorithm> digest = digest_algorithm_named(algorithm);
  if (!digest)
    return failure(fn, "the algorithm '" + algorithm + "' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
  if (args[0].is_null()) return failure(fn, "the data to hash must not be null");
  const std::string dumped = args[0].is_string() ? std::string() : args[0].dump();
  const std::string& data = args[0].is_string() ? args[0].get_ref<const std::string&>() : dumped;
  if (utf8_length(data) > kMaxInputChars) return failure(fn, "the data is longer than 10000 characters");
  return Json(digest_hex(*digest, data));
}

}  // namespace stepwise::definitions::intrinsics
