#include "xml_text.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <ctime>
#include <optional>

#include "gavel/utf8.hpp"

namespace gavel::server {
namespace {

// Length of the well-formed UTF-8 sequence at the start of `s`, or 0;
// the noncharacters U+FFFE and U+FFFF are not allowed in XML either.
std::size_t utf8_length(std::string_view s) {
  const auto c = decode_utf8(s, 0);
  return !c.valid || c.codepoint == 0xFFFE || c.codepoint == 0xFFFF ? 0 : c.length;
}

std::optional<std::tm> parse(std::string_view timestamp) {
  std::tm tm{};
  const std::string s(timestamp);
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end && *end == '\0') return tm;
  tm = {};
  end = strptime(s.c_str(), "%Y-%m-%d", &tm);
  if (end && *end == '\0') return tm;
  return std::nullopt;
}

// The timestamp as UTC calendar fields; the epoch for text that is not one.
std::tm broken_down(std::string_view timestamp) {
  auto tm = parse(timestamp);
  std::tm t = tm ? *tm : std::tm{};
  if (!tm) t.tm_year = 70, t.tm_mday = 1;
  const std::time_t seconds = timegm(&t);  // also fills in the weekday
  gmtime_r(&seconds, &t);
  return t;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  while (!text.empty()) {
    const char c = text.front();
    const std::size_t n = utf8_length(text);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      text.remove_prefix(1);
      continue;
    }
    if (n > 1) {
      out.append(text.substr(0, n));
    } else {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        default:
          if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
      }
    }
    text.remove_prefix(n);
  }
  return out;
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string rfc3339(std::string_view timestamp) {
  const std::tm t = broken_down(timestamp);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                     t.tm_hour, t.tm_min, t.tm_sec);
}

std::string rfc822(std::string_view timestamp) {
  // English names whatever the process locale: RFC 822 fixes them.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::tm t = broken_down(timestamp);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[t.tm_wday], t.tm_mday,
                     kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
}

}  // namespace gavel::server
