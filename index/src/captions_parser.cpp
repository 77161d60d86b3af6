#include <fmt/format.h>

#include <cmath>

#include "gavel/index/captions.hpp"
#include "gavel/index/programme_io.hpp"

namespace gavel::index {
namespace {

constexpr std::size_t kMaxCues = 200000;  // a ten-hour meeting at one cue every 0.2 s
// Far beyond any recording, and small enough that milliseconds fit an int64.
constexpr double kMaxCueSeconds = 1000.0 * 3600;

struct LineReader {
  std::string_view text;
  std::size_t pos = 0;
  int number = 0;

  bool next(std::string_view& line) {
    if (pos >= text.size()) return false;
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    ++number;
    return true;
  }
};

// "01:02:03.456", "02:03.456", "01:02:03,456" (SRT).
std::optional<double> parse_timestamp(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  std::string s(t);
  for (char& c : s)
    if (c == ',') c = '.';
  if (s.find(':') == std::string::npos) return std::nullopt;
  return parse_time(s);
}

bool parse_timing(std::string_view line, double& start, double& end) {
  const auto arrow = line.find("-->");
  if (arrow == std::string_view::npos) return false;
  auto rest = line.substr(arrow + 3);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  const auto space = rest.find_first_of(" \t");  // cue settings follow the end time
  auto s = parse_timestamp(line.substr(0, arrow));
  auto e = parse_timestamp(rest.substr(0, space));
  if (!s || !e || *s > kMaxCueSeconds || *e > kMaxCueSeconds) return false;
  start = *s;
  end = *e;
  return true;
}

// Removes <b>, <i>, <v Speaker>, <c.class>, <00:00:01.000> and resolves the
// entities WebVTT allows.
std::string plain_text(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '<') {
      const auto close = in.find('>', i);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (in[i] == '&') {
      static const std::pair<std::string_view, std::string_view> entities[] = {
          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},    {"&nbsp;", " "},
          {"&lrm;", ""},  {"&rlm;", ""}, {"&quot;", "\""}, {"&apos;", "'"}};
      bool matched = false;
      for (const auto& [name, value] : entities) {
        if (in.substr(i, name.size()) == name) {
          out += value;
          i += name.size() - 1;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += in[i];
  }
  return out;
}

std::string vtt_time(double seconds) {
  const long long ms = std::llround(std::max(0.0, seconds) * 1000);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

std::string vtt_escape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '&')
      out += "&amp;";
    else if (text[i] == '<')
      out += "&lt;";
    else if (text.compare(i, 3, "-->") == 0) {
      out += "--&gt;";
      i += 2;
    } else
      out += text[i];
  }
  return out;
}

}  // namespace

Result<std::vector<CaptionCue>> parse_captions(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  LineReader reader{text};
  std::vector<CaptionCue> cues;
  std::string_view line;
  bool in_note = false;
  while (reader.next(line)) {
    if (line.empty()) {
      in_note = false;
      continue;
    }
    if (in_note) continue;
    if (line.rfind("WEBVTT", 0) == 0 && reader.number == 1) continue;
    if (line.rfind("NOTE", 0) == 0 || line.rfind("STYLE", 0) == 0 || line.rfind("REGION", 0) == 0) {
      in_note = true;
      continue;
    }
    // An SRT number or a WebVTT cue id precedes the timing line.
    if (line.find("-->") == std::string_view::npos) continue;
    CaptionCue cue;
    if (!parse_timing(line, cue.start, cue.end) || cue.end < cue.start) {
      const std::string shown(line.substr(0, 80));
      return make_error(
          Errc::bad_input,
          fmt::format("line {}: '{}' is not a cue timing (00:00:01.000 --> 00:00:04.000)", reader.number,
                      shown),
          fmt::format("{}번째 줄: 자막 시간 형식(00:00:01.000 --> 00:00:04.000)이 아닙니다: '{}'",
                      reader.number, shown));
    }
    std::string body;
    while (reader.next(line) && !line.empty()) {
      if (!body.empty()) body += '\n';
      body += plain_text(line);
    }
    if (!body.empty()) {
      cue.text = std::move(body);
      cues.push_back(std::move(cue));
    }
    if (cues.size() > kMaxCues)
      return make_error(Errc::bad_input, "more than 200000 cues: is this one meeting?",
                        "자막이 200000개를 넘습니다. 한 회의의 자막 파일이 맞는지 확인해 주세요");
  }
  if (cues.empty())
    return make_error(Errc::bad_input, "no caption cues found (expected WebVTT or SRT)",
                      "자막을 찾지 못했습니다 (WebVTT 또는 SRT 파일이어야 합니다)");
  return cues;
}

std::string to_webvtt(const std::vector<CaptionCue>& cues) {
  std::string out = "WEBVTT\n\n";
  for (const auto& c : cues)
    out += vtt_time(c.start) + " --> " + vtt_time(c.end) + "\n" + vtt_escape(c.text) + "\n\n";
  return out;
}

bool is_valid_language(std::string_view lang) {
  if (lang.size() < 2 || lang.size() > 3) return false;
  for (char c : lang)
    if (c < 'a' || c > 'z') return false;
  return true;
}

}  // namespace gavel::index
