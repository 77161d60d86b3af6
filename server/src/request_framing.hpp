#pragma once
// Request framing that Beast's parser accepts but gavel refuses: what
// another HTTP parser in front of gavel (a proxy, a CDN) could read
// differently, so that a second request hides inside the first (request
// smuggling). Refused with 400, and the connection closed.

#include <string_view>

#include "beast.hpp"

namespace gavel::server {

// obs-fold, a field value continued on the next line (RFC 9112 5.2). Beast
// joins the lines; a proxy may instead take the continuation for a field
// of its own. `header` is the raw header, blank line included.
inline bool has_obs_fold(std::string_view header) {
  for (auto at = header.find("\r\n"); at != std::string_view::npos; at = header.find("\r\n", at + 2))
    if (at + 2 < header.size() && (header[at + 2] == ' ' || header[at + 2] == '\t')) return true;
  return false;
}

// A Transfer-Encoding whose last coding is not chunked leaves the body's
// length unknown (RFC 9112 6.3). Beast reads such a body as empty, and the
// bytes after the header as the next request.
inline bool has_unframed_body(const http::request_parser<http::empty_body>& parser) {
  return parser.get().count(http::field::transfer_encoding) > 0 && !parser.chunked();
}

// A request line naming an HTTP version other than 1.0 and 1.1 ("GET /
// HTTP/2.0"): an unsupported version (505), not a malformed request (400).
inline bool names_another_http_version(std::string_view header) {
  const auto line = header.substr(0, header.find("\r\n"));
  if (line.size() < 9) return false;
  const auto v = line.substr(line.size() - 9);  // " HTTP/d.d"
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return v.substr(0, 6) == " HTTP/" && digit(v[6]) && v[7] == '.' && digit(v[8]) && v.substr(6) != "1.0" &&
         v.substr(6) != "1.1";
}

}  // namespace gavel::server
