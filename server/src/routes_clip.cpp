// GET /api/v1/meetings/{id}/clip.mp4?start=S&end=E[&quality=720p]: a span
// of the meeting as one plain MP4 (moov first), cut from the packaged
// renditions without re-encoding. The clip is planned first (its moov and
// exact size), then sent while it is cut (ClipCache): a one-hour clip
// starts downloading at once, with a Content-Length and byte ranges. A
// second request for the same span is served from DATA/clips/.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "gavel/transcode/clip.hpp"
#include "media_files.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

constexpr double kMaxClipSeconds = 3 * 3600;

std::optional<double> seconds_param(const Params& query, std::string_view key) {
  auto text = param(query, key);
  if (!text || text->empty()) return std::nullopt;
  double value = 0;
  const auto* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// "720p" or "720": a picture height.
std::optional<int> quality_param(const Params& query) {
  auto text = param(query, "quality");
  if (!text) return 720;
  std::string_view q = *text;
  if (q.ends_with('p')) q.remove_suffix(1);
  int height = 0;
  auto [ptr, ec] = std::from_chars(q.data(), q.data() + q.size(), height);
  if (ec != std::errc() || ptr != q.data() + q.size() || height < 100 || height > 4320) return std::nullopt;
  return height;
}

}  // namespace

Reply clip_route(Services& s, const Request& req, std::string_view rest, const Params& query) {
  const auto slash = rest.find('/');
  auto id = parse_id(rest.substr(0, slash));
  if (!id || slash == std::string_view::npos || rest.substr(slash + 1) != "clip.mp4")
    return error_response(req, Errc::not_found, Text("no such API route", "그런 API 경로가 없습니다"));
  if (req.method() != http::verb::get && req.method() != http::verb::head)
    return method_not_allowed(req, "GET, HEAD");
  const auto start = seconds_param(query, "start");
  const auto end = seconds_param(query, "end");
  const auto quality = quality_param(query);
  if (!start || !end)
    return error_response(req, Errc::bad_input,
                          Text("start and end are seconds, e.g. start=90&end=300.5",
                               "start와 end는 초 단위 숫자입니다 (예: start=90&end=300.5)"));
  if (*start < 0 || *end <= *start)
    return error_response(req, Errc::bad_input,
                          Text("a clip needs 0 <= start < end", "구간은 0 <= start < end여야 합니다"));
  if (*end - *start > kMaxClipSeconds)
    return error_response(req, Errc::bad_input,
                          Text("a clip is at most 3 hours long", "구간은 3시간까지만 자를 수 있습니다"));
  if (!quality)
    return error_response(
        req, Errc::bad_input,
        Text("quality is a picture height such as 720p", "quality는 720p처럼 화면 높이로 씁니다"));

  auto meeting = s.archive.meeting(*id);
  if (!meeting) return from_error(req, meeting.error());
  if (!*meeting) return error_response(req, Errc::not_found, Text("no such meeting", "그런 회의가 없습니다"));
  if ((*meeting)->status != "ready")
    return error_response(req, Errc::not_found,
                          Text("this meeting is not ready yet", "이 회의 영상은 아직 준비되지 않았습니다"));
  if (const auto d = (*meeting)->duration; d && *start >= *d)
    return error_response(req, Errc::bad_input,
                          Text(fmt::format("start is past the end of the meeting ({:.1f} s)", *d),
                               fmt::format("start가 회의가 끝난 뒤입니다 (회의 길이 {:.1f}초)", *d)));

  const transcode::ClipSpan span{*start, *end, *quality};
  // Milliseconds name the span; the same span asked twice is one file.
  const auto name = fmt::format("{}-{}-{}-{}.mp4", *id, std::llround(span.start * 1000),
                                std::llround(span.end * 1000), span.max_height);
  auto clip = s.clips.open(s.data.media(*id), name, span);
  if (!clip) return from_error(req, clip.error());
  const FilePolicy policy{"video/mp4", "public, max-age=3600", /*cors=*/true};
  auto reply = clip->growth ? serve_growing_fd(req, std::move(clip->fd), policy, clip->size, clip->growth)
                            : serve_fd(req, std::move(clip->fd), policy);
  if (auto* f = reply.file())
    f->header().set(http::field::content_disposition,
                    fmt::format("inline; filename=\"meeting-{}-{}-{}.mp4\"", *id, std::llround(*start),
                                std::llround(*end)));
  return reply;
}

}  // namespace gavel::server
