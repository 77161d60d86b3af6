// HLS playlist reader: any bytes parse or fail as a value naming a line of
// the input; what parses keeps the reader's promises (durations finite and
// >= 0, URIs non-empty, map indexes in range), and reads the same with CRLF
// line ends and a BOM.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "playlist_reader.hpp"

namespace hls = gavel::transcode::hls;

namespace {

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "broken promise: %s\n", what);
  std::abort();
}

bool non_negative(double d) { return std::isfinite(d) && d >= 0; }
bool non_negative(const std::optional<double>& d) { return !d || non_negative(*d); }

std::size_t line_count(std::string_view text) { return std::count(text.begin(), text.end(), '\n') + 1; }

// "line N: ..." with N a line of the input.
void check_error(const gavel::Error& e, std::string_view text) {
  check(e.code == gavel::Errc::bad_input, "a parse error is bad_input");
  check(e.message.rfind("line ", 0) == 0, "a parse error names its line");
  const long line = std::strtol(e.message.c_str() + 5, nullptr, 10);
  check(line >= 1 && static_cast<std::size_t>(line) <= line_count(text), "the named line is in the input");
  check(!e.message_ko.empty(), "a parse error is in Korean too");
}

void check_part(const hls::Part& p) {
  check(non_negative(p.duration), "part duration finite and >= 0");
  check(!p.uri.empty(), "part URI non-empty");
}

void check_media(const hls::MediaPlaylist& m) {
  check(m.version >= 1, "version >= 1");
  check(m.target_duration >= 0, "target duration >= 0");
  for (const auto& map : m.maps) check(!map.uri.empty(), "EXT-X-MAP URI non-empty");
  for (const auto& s : m.segments) {
    check(non_negative(s.duration), "segment duration finite and >= 0");
    check(!s.uri.empty(), "segment URI non-empty");
    check(s.uri.front() != '#', "a tag is never a URI");
    check(s.uri.find('\n') == std::string::npos && s.uri.back() != '\r', "no line end in a URI");
    check(!s.map || *s.map < m.maps.size(), "segment map index in range");
    for (const auto& p : s.parts) check_part(p);
  }
  for (const auto& p : m.open_parts) check_part(p);
  for (const auto& h : m.preload_hints) {
    check(!h.uri.empty(), "preload hint URI non-empty");
    check(h.type == "PART" || h.type == "MAP", "preload hint TYPE PART or MAP");
  }
  for (const auto& d : m.date_ranges) {
    check(!d.id.empty(), "date range ID non-empty");
    check(non_negative(d.duration), "date range duration finite and >= 0");
    for (const auto& [name, value] : d.client_attributes)
      check(name.rfind("X-", 0) == 0, "client attributes are X-");
  }
  if (m.server_control) {
    check(non_negative(m.server_control->hold_back), "HOLD-BACK finite and >= 0");
    check(non_negative(m.server_control->part_hold_back), "PART-HOLD-BACK finite and >= 0");
    check(non_negative(m.server_control->can_skip_until), "CAN-SKIP-UNTIL finite and >= 0");
  }
  check(non_negative(m.part_target), "PART-TARGET finite and >= 0");
  if (auto init = hls::joinable_init(m)) {
    check(!init->uri.empty() && !init->byte_range, "a joinable init is a whole, named file");
    for (const auto& s : m.segments)
      check(s.map && m.maps[*s.map] == *init, "every segment uses the joinable init");
  }
}

void check_master(const hls::MasterPlaylist& m) {
  check(m.version >= 1, "version >= 1");
  for (const auto& v : m.variants) {
    check(!v.uri.empty() && v.uri.front() != '#', "variant URI non-empty, not a tag");
    check(non_negative(v.frame_rate), "FRAME-RATE finite and >= 0");
    check(!v.resolution || (v.resolution->width > 0 && v.resolution->height > 0), "RESOLUTION positive");
  }
  for (const auto& r : m.renditions)
    check(!r.group_id.empty() && !r.name.empty(), "GROUP-ID and NAME non-empty");
}

// The same input with CRLF line ends, and with a BOM before it.
std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string_view("\r\n") : std::string_view(&c, 1);
  return out;
}

template <class Parse, class Check>
void fuzz(Parse parse, Check check_value, std::string_view text) {
  const auto first = parse(text);
  if (first)
    check_value(*first);
  else
    check_error(first.error(), text);
  std::vector<std::string> variants{crlf(text)};
  // Only one BOM is skipped: a second is text.
  if (text.substr(0, 3) != "\xEF\xBB\xBF") variants.push_back("\xEF\xBB\xBF" + std::string(text));
  for (const auto& other : variants) {
    const auto again = parse(other);
    check(again.has_value() == first.has_value(), "CRLF and a BOM change nothing");
    if (first)
      check(*again == *first, "CRLF and a BOM read the same");
    else
      check(again.error().message == first.error().message, "CRLF and a BOM fail the same way");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz([](std::string_view t) { return hls::parse_media_playlist(t); }, check_media, text);
  fuzz([](std::string_view t) { return hls::parse_master_playlist(t); }, check_master, text);
  return 0;
}
