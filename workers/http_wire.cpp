#include "workers/http_wire.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace stepwise::workers {

std::string_view http_trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool header_lists(std::string_view value, std::string_view token) {
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    const std::string_view item = http_trim(value.substr(start, comma - start));
    if (item.size() == token.size() &&
        std::equal(item.begin(), item.end(), token.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return true;
    start = comma + 1;
  }
  return false;
}

ChunkedBody decode_chunked(std::string_view data, std::size_t from, std::size_t max_body) {
  ChunkedBody out;
  std::size_t pos = from;
  auto malformed = [&](const char* problem) {
    out.status = ChunkedBody::Status::Malformed;
    out.problem = problem;
    return std::move(out);
  };
  for (;;) {
    const std::size_t eol = data.find('\n', pos);
    if (eol == std::string_view::npos) return out;
    std::string_view size_line = http_trim(data.substr(pos, eol - pos));
    size_line = size_line.substr(0, size_line.find(';'));  // chunk extensions are ignored
    std::size_t size = 0;
    auto [end, ec] = std::from_chars(size_line.data(), size_line.data() + size_line.size(), size, 16);
    if (ec != std::errc() || end != size_line.data() + size_line.size()) return malformed("a chunk size is malformed");
    pos = eol + 1;
    if (size == 0) {
      for (;;) {  // trailer fields, up to an empty line
        const std::size_t t = data.find('\n', pos);
        if (t == std::string_view::npos) return out;
        const bool empty = http_trim(data.substr(pos, t - pos)).empty();
        pos = t + 1;
        if (empty) break;
      }
      out.status = ChunkedBody::Status::Complete;
      out.end = pos;
      return out;
    }
    if (out.body.size() + size > max_body) {
      out.status = ChunkedBody::Status::TooLarge;
      return out;
    }
    if (data.size() < pos + size + 1) return out;
    out.body.append(data.substr(pos, size));
    pos += size;
    if (data[pos] == '\r') ++pos;
    if (pos >= data.size()) return out;
    if (data[pos] != '\n') return malformed("a chunk is not followed by a line end");
    ++pos;
  }
}

}  // namespace stepwise::workers
