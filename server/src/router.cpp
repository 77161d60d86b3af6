#include "router.hpp"

#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <optional>

#include "media_files.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"
#include "routes_uploads.hpp"

namespace gavel::server {
namespace {

const Text kNoSuchApiRoute("no such API route", "그런 API 경로가 없습니다");
const Text kCouldNotAnswer("the server could not answer", "서버가 답하지 못했습니다");

bool is_read(const Request& req) {
  return req.method() == http::verb::get || req.method() == http::verb::head;
}

}  // namespace

Router::Router(index::Store& store, worker::DataDir data, std::filesystem::path web_root, UploadLimits limits)
    : services_(store, std::move(data), std::move(web_root), limits) {
  init_crypto();
}

std::optional<Reply> Router::handle_nonblocking(const Request& req) {
  const auto target = req.target();
  const auto rest = after_prefix(target, "/media/");
  if (!rest || target.find('?') != std::string_view::npos) return std::nullopt;
  try {
    return media_route_nonblocking(services_, req, *rest);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool Router::streams_body(const RequestHeader& header) const { return is_upload_patch(header); }

StreamStart Router::stream_for(const RequestHeader& header, const RequestContext&) {
  try {
    return begin_upload_patch(services_, header);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", std::string(header.method_string()), std::string(header.target()), e.what());
    Request req{RequestHeader(header)};
    req.keep_alive(false);  // the body is left unread
    return Reply(error_message(req, Errc::internal, kCouldNotAnswer));
  }
}

Reply Router::handle(const Request& req, const RequestContext& ctx) {
  auto target = boost::urls::parse_origin_form(req.target());
  if (!target)
    return error_response(req, Errc::bad_request,
                          Text("malformed request target", "요청 주소의 형식이 잘못되었습니다"));
  const std::string_view path = target->encoded_path();
  try {
    return route(req, ctx, path, target->params());
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", std::string(req.method_string()), std::string(req.target()), e.what());
    return error_message(req, Errc::internal, kCouldNotAnswer);
  }
}

Reply Router::route(const Request& req, const RequestContext& ctx, std::string_view path,
                    const boost::urls::params_view& query) {
  if (auto rest = after_prefix(path, "/api/v1/meetings/"); rest && path.ends_with("/clip.mp4"))
    return clip_route(services_, req, *rest, query);
  if (auto rest = after_prefix(path, "/api/v1/meetings"); rest && (rest->empty() || rest->front() == '/'))
    return meetings_routes(services_, req, ctx, *rest, query);
  if (path == "/api/v1/session") return session_routes(services_, req, ctx);
  if (auto rest = after_prefix(path, "/api/v1/uploads"); rest && (rest->empty() || rest->front() == '/'))
    return uploads_routes(services_, req, *rest);
  if (auto rest = after_prefix(path, "/api/v1/jobs/")) return jobs_routes(services_, req, *rest);
  const auto media = after_prefix(path, "/media/");
  if (media && req.method() == http::verb::options) return media_preflight(req);
  if (!is_read(req)) {
    if (path.starts_with("/api/")) return error_response(req, Errc::not_found, kNoSuchApiRoute);
    return method_not_allowed(req, "GET, HEAD");
  }
  if (path == "/healthz") return json_response(req, http::status::ok, boost::json::object{{"status", "ok"}});
  if (path == "/metrics")
    return text_response(req, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                         services_.metrics.render(services_.jobs));
  if (path == "/api/v1/search") return search_route(services_, req, query);
  if (path == "/api/v1/openapi.json") return openapi_route(req);
  if (auto rest = after_prefix(path, "/api/v1/export/")) return export_route(services_, req, ctx, *rest);
  if (auto rest = after_prefix(path, "/feeds/")) return feeds_route(services_, req, ctx, *rest, query);
  if (auto rest = after_prefix(path, "/embed/")) return embed_route(services_, req, *rest);
  if (media && path.ends_with("/podcast.m4a")) return podcast_audio_route(services_, req, *media);
  if (media) {
    if (path.find('%') != std::string_view::npos)
      return error_response(req, Errc::bad_path,
                            Text("encoded characters are not allowed in media paths",
                                 "미디어 경로에는 인코딩된 문자(%)를 쓸 수 없습니다"));
    return media_route(services_, req, *media);
  }
  if (path.starts_with("/api/")) return error_response(req, Errc::not_found, kNoSuchApiRoute);
  if (path == "/") return web_route(services_, req, "index.html");
  if (path == "/search") return web_route(services_, req, "search.html");
  if (path == "/clerk") return web_route(services_, req, "clerk.html");
  if (auto id = after_prefix(path, "/meetings/"); id && parse_id(*id))
    return web_route(services_, req, "meeting.html");
  if (path.starts_with("/assets/")) return web_route(services_, req, path.substr(1));  // "assets/..."
  return text_response(req, http::status::not_found, "text/plain; charset=utf-8",
                       Text("not found\n", "찾을 수 없습니다\n").in(request_language(req)));
}

}  // namespace gavel::server
