#pragma once
// HTTP's date format (RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"),
// as Last-Modified, If-Modified-Since and tus's Upload-Expires use it.

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace gavel::server {

std::string format_http_date(std::time_t t);
// Nothing for text that is not an IMF-fixdate.
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace gavel::server
