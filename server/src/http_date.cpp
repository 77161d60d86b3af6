#include "http_date.hpp"

namespace gavel::server {
namespace {

constexpr const char* kFormat = "%a, %d %b %Y %H:%M:%S GMT";

}  // namespace

std::string format_http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, kFormat, &tm);
  return buf;
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  if (!strptime(s.c_str(), kFormat, &tm)) return std::nullopt;
  return timegm(&tm);
}

}  // namespace gavel::server
