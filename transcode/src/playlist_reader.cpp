#include "playlist_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <type_traits>

namespace gavel::transcode::hls {
namespace {

// Why a line was refused, in both languages; the line number is added by
// whoever knows it.
struct Problem {
  std::string en, ko;
};

// Input quoted in a message: at most 40 bytes, cut where a UTF-8 character
// starts.
std::string shorten(std::string_view s) {
  if (s.size() <= 40) return std::string(s);
  std::size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

Error at_line(std::size_t line, const Problem& p) {
  return make_error(Errc::bad_input, fmt::format("line {}: {}", line, p.en),
                    fmt::format("{}번째 줄: {}", line, p.ko));
}

// ---- Values -------------------------------------------------------------

template <class T>
std::optional<T> parse_number(std::string_view s) {
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// decimal-floating-point, and finite: from_chars would take "inf" and "nan".
// Unlike strtod it ignores the locale.
std::optional<double> decimal(std::string_view s) {
  auto v = parse_number<double>(s);
  if (!v || !std::isfinite(*v)) return std::nullopt;
  return v;
}

std::optional<ByteRange> byte_range(std::string_view s) {
  ByteRange r;
  const auto at = s.find('@');
  auto length = parse_number<std::uint64_t>(s.substr(0, at));
  if (!length) return std::nullopt;
  r.length = *length;
  if (at != std::string_view::npos) {
    r.offset = parse_number<std::uint64_t>(s.substr(at + 1));
    if (!r.offset) return std::nullopt;
  }
  return r;
}

// ---- Attribute lists ------------------------------------------------------

bool is_name_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }

// One tag's NAME=value,... list, read by type. The first problem is kept and
// later reads give empty values, so a tag's fields read as a list and the
// caller checks once, at the end.
class Attributes {
 public:
  Attributes(std::string_view tag, std::string_view list) : tag_(tag) { split(list); }

  const std::optional<Problem>& problem() const { return problem_; }

  // Quoted or not: the packager writes quoted strings, and an unquoted one
  // cannot hide a comma, so there is nothing to misread.
  std::string text(std::string_view name, bool required = false) {
    const auto v = find(name);
    if (v && !v->empty()) return std::string(*v);
    if (required) fail(missing(name));
    return {};
  }

  std::optional<std::uint64_t> integer(std::string_view name, bool required = false) {
    const auto v = find(name);
    if (!v) {
      if (required) fail(missing(name));
      return std::nullopt;
    }
    auto n = parse_number<std::uint64_t>(*v);
    if (!n) fail(not_a(name, *v, "a whole number", "정수"));
    return n;
  }

  // Durations, hold-backs, frame rates: a finite number >= 0.
  std::optional<double> non_negative(std::string_view name, bool required = false) {
    const auto v = find(name);
    if (!v) {
      if (required) fail(missing(name));
      return std::nullopt;
    }
    auto d = decimal(*v);
    if (!d || *d < 0) {
      fail(not_a(name, *v, "a number >= 0", "0 이상의 수"));
      return std::nullopt;
    }
    return d;
  }

  bool yes(std::string_view name) {
    const auto v = find(name);
    if (!v || *v == "NO") return false;
    if (*v == "YES") return true;
    fail(not_a(name, *v, "YES or NO", "YES 또는 NO"));
    return false;
  }

  std::optional<ByteRange> range(std::string_view name) {
    const auto v = find(name);
    if (!v) return std::nullopt;
    auto r = byte_range(*v);
    if (!r) fail(not_a(name, *v, "<length>[@<offset>]", "<길이>[@<위치>]"));
    return r;
  }

  std::optional<Resolution> resolution(std::string_view name) {
    const auto v = find(name);
    if (!v) return std::nullopt;
    const auto x = v->find('x');
    const auto w = parse_number<int>(v->substr(0, x));
    const auto h = x == std::string_view::npos ? std::nullopt : parse_number<int>(v->substr(x + 1));
    if (!w || !h || *w <= 0 || *h <= 0) {
      fail(not_a(name, *v, "<width>x<height>", "<너비>x<높이>"));
      return std::nullopt;
    }
    return Resolution{*w, *h};
  }

  // Attributes whose name starts with `prefix`, as written.
  std::vector<std::pair<std::string, std::string>> starting_with(std::string_view prefix) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, value] : items_)
      if (name.substr(0, prefix.size()) == prefix) out.emplace_back(name, value);
    return out;
  }

  void fail(Problem p) {
    if (!problem_) problem_ = std::move(p);
  }

 private:
  void split(std::string_view list) {
    std::size_t pos = 0;
    while (pos < list.size()) {
      while (pos < list.size() && (list[pos] == ' ' || list[pos] == '\t')) ++pos;
      const auto eq = list.find('=', pos);
      const auto name = list.substr(pos, eq == std::string_view::npos ? eq : eq - pos);
      if (eq == std::string_view::npos || name.empty() ||
          std::find_if_not(name.begin(), name.end(), is_name_char) != name.end())
        return fail({fmt::format("{}: '{}' is not NAME=value", tag_, shorten(list.substr(pos))),
                     fmt::format("{}: '{}'는 이름=값 꼴이 아닙니다", tag_, shorten(list.substr(pos)))});
      pos = eq + 1;
      std::string_view value;
      if (pos < list.size() && list[pos] == '"') {
        const auto close = list.find('"', pos + 1);
        if (close == std::string_view::npos)
          return fail({fmt::format("{}: the quoted value of {} is not closed", tag_, name),
                       fmt::format("{}: {}의 따옴표가 닫히지 않았습니다", tag_, name)});
        value = list.substr(pos + 1, close - pos - 1);
        pos = close + 1;
        if (pos < list.size() && list[pos] != ',')
          return fail({fmt::format("{}: text after the quoted value of {}", tag_, name),
                       fmt::format("{}: {}의 따옴표 뒤에 글자가 있습니다", tag_, name)});
      } else {
        const auto comma = list.find(',', pos);
        value = list.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
        pos = comma == std::string_view::npos ? list.size() : comma;
        if (value.empty())
          return fail({fmt::format("{}: {} has no value", tag_, name),
                       fmt::format("{}: {}에 값이 없습니다", tag_, name)});
      }
      // RFC 8216 4.2: clients should refuse a list naming an attribute twice.
      if (find(name))
        return fail({fmt::format("{}: {} is given twice", tag_, name),
                     fmt::format("{}: {}가 두 번 있습니다", tag_, name)});
      items_.emplace_back(std::string(name), std::string(value));
      if (pos < list.size()) ++pos;  // the comma
    }
  }

  std::optional<std::string_view> find(std::string_view name) const {
    if (problem_) return std::nullopt;
    for (const auto& [n, v] : items_)
      if (n == name) return std::string_view(v);
    return std::nullopt;
  }

  Problem missing(std::string_view name) const {
    return {fmt::format("{} has no {}", tag_, name), fmt::format("{}에 {}가 없습니다", tag_, name)};
  }
  Problem not_a(std::string_view name, std::string_view value, std::string_view en,
                std::string_view ko) const {
    return {fmt::format("{}: {}={} is not {}", tag_, name, shorten(value), en),
            fmt::format("{}: {}={}는 {}이(가) 아닙니다", tag_, name, shorten(value), ko)};
  }

  std::string_view tag_;
  std::vector<std::pair<std::string, std::string>> items_;
  std::optional<Problem> problem_;
};

// ---- Lines --------------------------------------------------------------

// The playlist's lines with their numbers (from 1); a BOM, CR line ends and
// trailing blanks removed.
class Lines {
 public:
  explicit Lines(std::string_view text) : rest_(text) {
    if (rest_.substr(0, 3) == "\xEF\xBB\xBF") rest_.remove_prefix(3);
  }

  bool next(std::string_view& line) {
    if (done_) return false;
    const auto nl = rest_.find('\n');
    line = rest_.substr(0, nl);
    if (nl == std::string_view::npos) {
      done_ = true;
      rest_ = {};
    } else {
      rest_.remove_prefix(nl + 1);
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view rest_;
  std::size_t number_ = 0;
  bool done_ = false;
};

// "#EXT-X-MAP:URI=..." -> {"EXT-X-MAP", "URI=..."}; only lines starting with
// "#EXT" are tags, other '#' lines are comments.
struct Tag {
  std::string_view name, value;
};
std::optional<Tag> tag_of(std::string_view line) {
  if (line.substr(0, 4) != "#EXT") return std::nullopt;
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return Tag{line.substr(1), {}};
  return Tag{line.substr(1, colon - 1), line.substr(colon + 1)};
}

Result<void> header(Lines& lines) {
  std::string_view line;
  lines.next(line);
  if (line != "#EXTM3U")
    return at_line(1, {"not an HLS playlist: the first line is not #EXTM3U",
                       "HLS 재생 목록이 아닙니다: 첫 줄이 #EXTM3U가 아닙니다"});
  return {};
}

Problem belongs_in(std::string_view tag, const char* kind_en, const char* kind_ko) {
  return {fmt::format("{} belongs in a {} playlist", tag, kind_en),
          fmt::format("{}는 {} 재생 목록에 쓰는 태그입니다", tag, kind_ko)};
}

std::optional<Problem> read_version(std::string_view tag, std::string_view value, int& version) {
  auto v = parse_number<int>(value);
  if (!v || *v < 1)
    return Problem{fmt::format("{}:{} is not a version number", tag, shorten(value)),
                   fmt::format("{}:{}는 버전 번호가 아닙니다", tag, shorten(value))};
  version = *v;
  return std::nullopt;
}

// ---- Master playlists ---------------------------------------------------

std::optional<MediaType> media_type(std::string_view s) {
  if (s == "AUDIO") return MediaType::audio;
  if (s == "VIDEO") return MediaType::video;
  if (s == "SUBTITLES") return MediaType::subtitles;
  if (s == "CLOSED-CAPTIONS") return MediaType::closed_captions;
  return std::nullopt;
}

std::optional<Problem> read_media(std::string_view tag, std::string_view list, MasterPlaylist& out) {
  Attributes a(tag, list);
  Rendition r;
  const auto type = a.text("TYPE", true);
  r.group_id = a.text("GROUP-ID", true);
  r.name = a.text("NAME", true);
  r.language = a.text("LANGUAGE");
  r.uri = a.text("URI");
  r.is_default = a.yes("DEFAULT");
  r.autoselect = a.yes("AUTOSELECT");
  if (a.problem()) return a.problem();
  const auto t = media_type(type);
  if (!t)
    return Problem{
        fmt::format("{}: TYPE={} is not AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS", tag, shorten(type)),
        fmt::format("{}: TYPE={}는 AUDIO, VIDEO, SUBTITLES, CLOSED-CAPTIONS 가운데 하나가 아닙니다", tag,
                    shorten(type))};
  r.type = *t;
  out.renditions.push_back(std::move(r));
  return std::nullopt;
}

std::optional<Problem> read_stream_inf(std::string_view tag, std::string_view list, Variant& v) {
  Attributes a(tag, list);
  v.bandwidth = a.integer("BANDWIDTH", true).value_or(0);
  v.average_bandwidth = a.integer("AVERAGE-BANDWIDTH");
  v.codecs = a.text("CODECS");
  v.resolution = a.resolution("RESOLUTION");
  v.frame_rate = a.non_negative("FRAME-RATE");
  v.audio = a.text("AUDIO");
  v.subtitles = a.text("SUBTITLES");
  return a.problem();
}

// ---- Media playlists ----------------------------------------------------

// What the tags since the last segment say about the next one.
struct NextSegment {
  std::size_t extinf_line = 0;  // 0: no EXTINF yet
  Segment segment;
};

std::optional<Problem> read_extinf(std::string_view tag, std::string_view value, Segment& s) {
  const auto comma = value.find(',');
  const auto number = value.substr(0, comma);
  const auto d = decimal(number);
  if (!d)
    return Problem{fmt::format("{} has no duration ('{}' is not a number)", tag, shorten(number)),
                   fmt::format("{}에 길이가 없습니다 ('{}'는 숫자가 아닙니다)", tag, shorten(number))};
  if (*d < 0)
    return Problem{fmt::format("{} has a negative duration", tag),
                   fmt::format("{}의 길이가 음수입니다", tag)};
  s.duration = *d;
  if (comma != std::string_view::npos) s.title = std::string(value.substr(comma + 1));
  return std::nullopt;
}

std::optional<Problem> read_part(std::string_view tag, std::string_view list, Part& p) {
  Attributes a(tag, list);
  p.duration = a.non_negative("DURATION", true).value_or(0);
  p.uri = a.text("URI", true);
  p.independent = a.yes("INDEPENDENT");
  p.byte_range = a.range("BYTERANGE");
  return a.problem();
}

std::optional<Problem> read_server_control(std::string_view tag, std::string_view list, ServerControl& c) {
  Attributes a(tag, list);
  c.can_block_reload = a.yes("CAN-BLOCK-RELOAD");
  c.hold_back = a.non_negative("HOLD-BACK");
  c.part_hold_back = a.non_negative("PART-HOLD-BACK");
  c.can_skip_until = a.non_negative("CAN-SKIP-UNTIL");
  return a.problem();
}

std::optional<Problem> read_preload_hint(std::string_view tag, std::string_view list, PreloadHint& h) {
  Attributes a(tag, list);
  h.type = a.text("TYPE", true);
  h.uri = a.text("URI", true);
  if (a.problem()) return a.problem();
  if (h.type != "PART" && h.type != "MAP")
    return Problem{fmt::format("{}: TYPE={} is not PART or MAP", tag, shorten(h.type)),
                   fmt::format("{}: TYPE={}는 PART나 MAP이 아닙니다", tag, shorten(h.type))};
  return std::nullopt;
}

std::optional<Problem> read_date_range(std::string_view tag, std::string_view list, DateRange& d) {
  Attributes a(tag, list);
  d.id = a.text("ID", true);
  d.class_name = a.text("CLASS");
  d.start_date = a.text("START-DATE");
  d.duration = a.non_negative("DURATION");
  if (a.problem()) return a.problem();
  d.client_attributes = a.starting_with("X-");
  return std::nullopt;
}

std::optional<Problem> read_map(std::string_view tag, std::string_view list, InitSection& m) {
  Attributes a(tag, list);
  m.uri = a.text("URI", true);
  m.byte_range = a.range("BYTERANGE");
  return a.problem();
}

template <class T>
std::optional<Problem> read_number(std::string_view tag, std::string_view value, T& out) {
  auto n = parse_number<T>(value);
  bool negative = false;
  if constexpr (std::is_signed_v<T>) negative = n && *n < 0;
  if (!n || negative)
    return Problem{fmt::format("{}:{} is not a whole number", tag, shorten(value)),
                   fmt::format("{}:{}는 정수가 아닙니다", tag, shorten(value))};
  out = *n;
  return std::nullopt;
}

std::optional<Problem> read_media_tag(const Tag& t, MediaPlaylist& out, NextSegment& next, std::size_t line) {
  const auto tag = t.name;
  if (tag == "EXTINF") {
    // A second EXTINF before a URI would silently drop a segment.
    if (next.extinf_line)
      return Problem{fmt::format("EXTINF on line {} has no URI after it", next.extinf_line),
                     fmt::format("{}번째 줄의 EXTINF 뒤에 URI가 없습니다", next.extinf_line)};
    next.extinf_line = line;
    return read_extinf(tag, t.value, next.segment);
  }
  if (tag == "EXT-X-MAP") {
    InitSection m;
    if (auto p = read_map(tag, t.value, m)) return p;
    out.maps.push_back(std::move(m));
    return std::nullopt;
  }
  if (tag == "EXT-X-BYTERANGE") {
    next.segment.byte_range = byte_range(t.value);
    if (!next.segment.byte_range)
      return Problem{fmt::format("{}:{} is not <length>[@<offset>]", tag, shorten(t.value)),
                     fmt::format("{}:{}는 <길이>[@<위치>]가 아닙니다", tag, shorten(t.value))};
    return std::nullopt;
  }
  if (tag == "EXT-X-DISCONTINUITY") {
    next.segment.discontinuity = true;
    return std::nullopt;
  }
  if (tag == "EXT-X-PROGRAM-DATE-TIME") {
    if (t.value.empty())
      return Problem{fmt::format("{} has no date", tag), fmt::format("{}에 날짜가 없습니다", tag)};
    next.segment.program_date_time = std::string(t.value);
    return std::nullopt;
  }
  if (tag == "EXT-X-PART") {
    Part p;
    if (auto problem = read_part(tag, t.value, p)) return problem;
    out.open_parts.push_back(std::move(p));
    return std::nullopt;
  }
  if (tag == "EXT-X-VERSION") return read_version(tag, t.value, out.version);
  if (tag == "EXT-X-TARGETDURATION") return read_number(tag, t.value, out.target_duration);
  if (tag == "EXT-X-MEDIA-SEQUENCE") return read_number(tag, t.value, out.media_sequence);
  if (tag == "EXT-X-PLAYLIST-TYPE") {
    if (t.value == "EVENT")
      out.type = PlaylistType::event;
    else if (t.value == "VOD")
      out.type = PlaylistType::vod;
    else
      return Problem{fmt::format("{}:{} is not EVENT or VOD", tag, shorten(t.value)),
                     fmt::format("{}:{}는 EVENT나 VOD가 아닙니다", tag, shorten(t.value))};
    return std::nullopt;
  }
  if (tag == "EXT-X-ENDLIST") {
    out.ended = true;
    return std::nullopt;
  }
  if (tag == "EXT-X-INDEPENDENT-SEGMENTS") {
    out.independent_segments = true;
    return std::nullopt;
  }
  if (tag == "EXT-X-SERVER-CONTROL") {
    ServerControl c;
    if (auto p = read_server_control(tag, t.value, c)) return p;
    out.server_control = c;
    return std::nullopt;
  }
  if (tag == "EXT-X-PART-INF") {
    Attributes a(tag, t.value);
    out.part_target = a.non_negative("PART-TARGET", true);
    return a.problem();
  }
  if (tag == "EXT-X-PRELOAD-HINT") {
    PreloadHint h;
    if (auto p = read_preload_hint(tag, t.value, h)) return p;
    out.preload_hints.push_back(std::move(h));
    return std::nullopt;
  }
  if (tag == "EXT-X-DATERANGE") {
    DateRange d;
    if (auto p = read_date_range(tag, t.value, d)) return p;
    out.date_ranges.push_back(std::move(d));
    return std::nullopt;
  }
  // Their URI lines would read as segments.
  if (tag == "EXT-X-STREAM-INF" || tag == "EXT-X-MEDIA") return belongs_in(tag, "master", "마스터");
  return std::nullopt;  // unknown: ignored (RFC 8216 6.3.1)
}

Result<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return make_error(Errc::not_found, fmt::format("cannot read {}", file.string()),
                      fmt::format("{}을(를) 읽을 수 없습니다", file.string()));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Error in_file(const std::filesystem::path& file, const Error& e) {
  return make_error(e.code, fmt::format("{}: {}", file.string(), e.message),
                    fmt::format("{}: {}", file.string(), e.message_ko));
}

}  // namespace

Result<MasterPlaylist> parse_master_playlist(std::string_view text) {
  Lines lines(text);
  if (auto r = header(lines); !r) return r.error();
  MasterPlaylist out;
  std::optional<Variant> variant;  // an EXT-X-STREAM-INF waiting for its URI
  std::size_t variant_line = 0;
  auto no_uri = [&] {
    return at_line(variant_line,
                   {"EXT-X-STREAM-INF has no URI after it", "EXT-X-STREAM-INF 뒤에 URI가 없습니다"});
  };
  std::string_view line;
  while (lines.next(line)) {
    if (line.empty()) continue;
    if (line.front() != '#') {
      if (!variant)
        return at_line(lines.number(), {"a URI with no EXT-X-STREAM-INF before it",
                                        "앞에 EXT-X-STREAM-INF가 없는 URI입니다"});
      variant->uri = std::string(line);
      out.variants.push_back(std::move(*variant));
      variant.reset();
      continue;
    }
    const auto tag = tag_of(line);
    if (!tag) continue;
    std::optional<Problem> problem;
    if (tag->name == "EXT-X-STREAM-INF") {
      if (variant) return no_uri();
      variant.emplace();
      variant_line = lines.number();
      problem = read_stream_inf(tag->name, tag->value, *variant);
    } else if (tag->name == "EXT-X-MEDIA") {
      problem = read_media(tag->name, tag->value, out);
    } else if (tag->name == "EXT-X-VERSION") {
      problem = read_version(tag->name, tag->value, out.version);
    } else if (tag->name == "EXT-X-INDEPENDENT-SEGMENTS") {
      out.independent_segments = true;
    } else if (tag->name == "EXTINF" || tag->name == "EXT-X-MAP") {
      problem = belongs_in(tag->name, "media", "미디어");
    }
    if (problem) return at_line(lines.number(), *problem);
  }
  if (variant) return no_uri();
  return out;
}

Result<MediaPlaylist> parse_media_playlist(std::string_view text) {
  Lines lines(text);
  if (auto r = header(lines); !r) return r.error();
  MediaPlaylist out;
  NextSegment next;
  std::string_view line;
  while (lines.next(line)) {
    if (line.empty()) continue;
    if (line.front() == '#') {
      const auto tag = tag_of(line);
      if (!tag) continue;
      if (auto problem = read_media_tag(*tag, out, next, lines.number()))
        return at_line(lines.number(), *problem);
      continue;
    }
    if (!next.extinf_line)
      return at_line(lines.number(), {"a URI with no EXTINF before it", "앞에 EXTINF가 없는 URI입니다"});
    Segment& s = next.segment;
    s.uri = std::string(line);
    if (!out.maps.empty()) s.map = out.maps.size() - 1;
    s.parts = std::move(out.open_parts);
    out.open_parts.clear();
    out.segments.push_back(std::move(s));
    next = {};
  }
  if (next.extinf_line)
    return at_line(next.extinf_line, {"EXTINF has no URI after it", "EXTINF 뒤에 URI가 없습니다"});
  return out;
}

Result<MasterPlaylist> load_master_playlist(const std::filesystem::path& file) {
  auto text = read_file(file);
  if (!text) return text.error();
  auto parsed = parse_master_playlist(*text);
  if (!parsed) return in_file(file, parsed.error());
  return parsed;
}

Result<MediaPlaylist> load_media_playlist(const std::filesystem::path& file) {
  auto text = read_file(file);
  if (!text) return text.error();
  auto parsed = parse_media_playlist(*text);
  if (!parsed) return in_file(file, parsed.error());
  return parsed;
}

Result<InitSection> joinable_init(const MediaPlaylist& playlist) {
  if (playlist.maps.empty())
    return make_error(Errc::bad_input, "the playlist names no init segment (not fragmented MP4)",
                      "재생 목록에 init 세그먼트가 없습니다 (조각난 MP4가 아닙니다)");
  // Joined, the segments follow one init section: the first segment's must
  // be every segment's.
  const std::optional<std::size_t> first =
      playlist.segments.empty() ? std::optional<std::size_t>(0) : playlist.segments.front().map;
  const InitSection& init = playlist.maps[first.value_or(0)];
  if (init.byte_range)
    return make_error(Errc::bad_input, "byte-range init segments are not supported",
                      "바이트 범위로 나뉜 init 세그먼트는 지원하지 않습니다");
  for (const auto& s : playlist.segments) {
    if (!s.map)
      return make_error(Errc::bad_input, fmt::format("{} comes before the playlist's EXT-X-MAP", s.uri),
                        fmt::format("{}가 재생 목록의 EXT-X-MAP보다 앞에 있습니다", s.uri));
    if (playlist.maps[*s.map] != init)
      return make_error(Errc::bad_input, "the segments do not share one init segment",
                        "세그먼트들이 한 init 세그먼트를 함께 쓰지 않습니다");
    if (s.byte_range)
      return make_error(Errc::bad_input, "byte-range segments are not supported",
                        "바이트 범위로 나뉜 세그먼트는 지원하지 않습니다");
  }
  return init;
}

}  // namespace gavel::transcode::hls
