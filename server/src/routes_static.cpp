// Media files and web assets: both resolved under a fixed root through
// strict names, never by joining URL text onto a path.
#include "media_files.hpp"
#include "page_cache.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"

namespace gavel::server {
namespace {

// Segments never change; playlists, captions and pictures may while a
// meeting is packaged, and after it if it is packaged again.
std::string_view cache_control_for(const MediaFile& file) {
  const auto ext = file.name.extension();
  if (ext == ".m3u8" || ext == ".vtt" || ext == ".jpg")
    return file.still_growing ? "no-cache" : "public, max-age=60";
  return "public, max-age=31536000, immutable";
}

// web/dist is shallow: pages at the top, modules and fonts a level or two down.
constexpr int kWebDepth = 4;

Reply not_found_text(const Request& req) {
  return text_message(req, http::status::not_found, "text/plain; charset=utf-8",
                      Text("not found\n", "찾을 수 없습니다\n").in(request_language(req)));
}

}  // namespace

Reply media_route(Services& s, const Request& req, std::string_view rest) {
  if (req.method() == http::verb::options) return media_preflight(req);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos)
    return error_response(req, Errc::not_found, Text("no such media file", "그런 미디어 파일이 없습니다"));
  auto file =
      open_media(s.archive, s.meeting_states, s.media_tree, rest.substr(0, slash), rest.substr(slash + 1));
  if (!file) return from_error(req, file.error());
  return serve_fd(req, std::move(file->fd),
                  {content_type_for(file->name), cache_control_for(*file), /*cors=*/true});
}

std::optional<Reply> media_route_nonblocking(Services& s, const Request& req, std::string_view rest) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) return std::nullopt;
  if (rest.find('%') != std::string_view::npos || !req[http::field::range].empty()) return std::nullopt;
  // `rest` is only ever a key that passed open_media below.
  if (auto hot = s.hot_files.get(rest)) return serve_memory(req, *hot, /*cors=*/true);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto file = open_media(s.archive, s.meeting_states, s.media_tree, rest.substr(0, slash),
                         rest.substr(slash + 1), true);
  if (!file) return std::nullopt;
  const auto type = content_type_for(file->name);
  const auto cache = cache_control_for(*file);
  if (auto small = read_hot_file(file->fd.get(), type, cache)) {
    s.hot_files.put(rest, small);
    return serve_memory(req, *small, /*cors=*/true);
  }
  // Only when the start of the file is in the page cache (freshly written
  // or recently served): a read that would wait for the disk goes to the
  // handler pool instead. (The body's later bytes are checked as they are
  // sent: see HttpSession.)
  if (!in_page_cache(file->fd.get(), 0, 4096)) return std::nullopt;
  return serve_fd(req, std::move(file->fd), {type, cache, /*cors=*/true});
}

Reply web_route(Services& s, const Request& req, std::string_view name) {
  const auto relative = safe_relative_path(name, kWebDepth);
  if (!relative) return not_found_text(req);
  const auto file = s.web_root / *relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return not_found_text(req);
  const bool html = file.extension() == ".html";
  return serve_file(req, file, {content_type_for(file), html ? "no-cache" : "public, max-age=300", false});
}

}  // namespace gavel::server
