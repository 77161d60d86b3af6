#pragma once
// The route handlers, one group per file. `rest` is the path after the
// group's prefix.

#include "beast.hpp"
#include "file_reply.hpp"
#include "services.hpp"

namespace gavel::server {

using Params = boost::urls::params_view;

Reply meetings_routes(Services& s, const Request& req, const RequestContext& ctx, std::string_view rest,
                      const Params& query);
Reply search_route(Services& s, const Request& req, const Params& query);
Reply session_routes(Services& s, const Request& req, const RequestContext& ctx);
Reply jobs_routes(Services& s, const Request& req, std::string_view rest);
Reply media_route(Services& s, const Request& req, std::string_view rest);
// The same from the io thread, for a meeting the cache knows and a file
// the page cache holds; nothing when that cannot be had without blocking.
std::optional<Reply> media_route_nonblocking(Services& s, const Request& req, std::string_view rest);
Reply web_route(Services& s, const Request& req, std::string_view name);
// Feeds, podcast audio, open data, the API's description and the embeddable
// player (routes_feeds.cpp, routes_open_data.cpp, openapi.cpp, routes_embed.cpp).
Reply feeds_route(Services& s, const Request& req, const RequestContext& ctx, std::string_view rest,
                  const Params& query);
Reply podcast_audio_route(Services& s, const Request& req, std::string_view rest);
// GET /api/v1/meetings/{id}/clip.mp4 (routes_clip.cpp); `rest` is "{id}/clip.mp4".
Reply clip_route(Services& s, const Request& req, std::string_view rest, const Params& query);
Reply export_route(Services& s, const Request& req, const RequestContext& ctx, std::string_view name);
Reply openapi_route(const Request& req);
Reply embed_route(Services& s, const Request& req, std::string_view rest);

}  // namespace gavel::server
