// GET /embed/{id}?t=SECONDS: the player alone, for other sites to put in an
// iframe. The one page that says any site may frame it.
#include <fstream>
#include <sstream>

#include "media_files.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"

namespace gavel::server {

Reply embed_route(Services& s, const Request& req, std::string_view rest) {
  auto id = parse_id(rest);
  if (!id) return text_response(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
  auto state = s.meeting_states.get(s.archive, *id);
  if (!state) return from_error(req, state.error());
  if (!state->exists)
    return text_response(req, http::status::not_found, "text/plain; charset=utf-8", "no such meeting\n");
  std::ifstream in(s.web_root / "embed.html", std::ios::binary);
  if (!in) return text_response(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
  std::ostringstream page;
  page << in.rdbuf();

  http::response<http::string_body> res{http::status::ok, req.version()};
  res.set(http::field::server, "gavel");
  res.set(http::field::content_type, "text/html; charset=utf-8");
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  // Framing by any site is the point of this page (and of no other).
  res.set("Content-Security-Policy", "frame-ancestors *");
  // The embedding page learns nothing of where its reader goes next.
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.keep_alive(req.keep_alive());
  const auto body = std::move(page).str();
  res.content_length(body.size());
  if (req.method() != http::verb::head) res.body() = body;
  return res;
}

}  // namespace gavel::server
