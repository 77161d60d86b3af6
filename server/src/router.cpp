#include "router.hpp"

#include "api_meetings.hpp"
#include "media_files.hpp"
#include "responses.hpp"

#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include <charconv>

namespace gavel::server {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::optional<std::string> param(const boost::urls::params_view& query, std::string_view key) {
  auto it = query.find(key);
  if (it == query.end() || !(*it).has_value || (*it).value.empty()) return std::nullopt;
  return std::string((*it).value);
}

std::optional<int> int_param(const boost::urls::params_view& query, std::string_view key, bool& bad) {
  auto text = param(query, key);
  if (!text) return std::nullopt;
  int v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size()) {
    bad = true;
    return std::nullopt;
  }
  return v;
}

http::message_generator from_error(const Request& req, const Error& e) {
  if (e.code == "not_found") return error_response(req, http::status::not_found, e.code, e.message);
  if (e.code == "bad_path" || e.code == "bad_input")
    return error_response(req, http::status::bad_request, e.code, e.message);
  spdlog::error("{} {}: {}", std::string(req.method_string()), std::string(req.target()), e.message);
  return error_response(req, http::status::internal_server_error, "internal", "the server could not answer");
}

}  // namespace

Router::Router(index::Index& index, worker::DataDir data, std::filesystem::path web_root)
    : index_(index), data_(std::move(data)), web_root_(std::move(web_root)) {}

http::message_generator Router::handle(const Request& req) {
  auto target = boost::urls::parse_origin_form(req.target());
  if (!target) return error_response(req, http::status::bad_request, "bad_request", "malformed request target");
  const std::string_view path = target->encoded_path();
  if (path.find('%') != std::string_view::npos && starts_with(path, "/media/"))
    return error_response(req, http::status::bad_request, "bad_path", "encoded characters are not allowed in media paths");
  if (req.method() != http::verb::get && req.method() != http::verb::head)
    return error_response(req, http::status::method_not_allowed, "method_not_allowed",
                          "this route only answers GET and HEAD");
  try {
    return route(req, path, target->params());
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", std::string(req.method_string()), std::string(req.target()), e.what());
    return error_response(req, http::status::internal_server_error, "internal", "the server could not answer");
  }
}

http::message_generator Router::route(const Request& req, std::string_view path,
                                      const boost::urls::params_view& query) {
  if (path == "/healthz") return json_response(req, http::status::ok, boost::json::object{{"status", "ok"}});
  if (path == "/api/v1/meetings") return list_meetings(req, query);
  if (starts_with(path, "/api/v1/meetings/")) return get_meeting(req, path.substr(17));
  if (starts_with(path, "/media/")) return media(req, path.substr(7));
  if (path == "/") return web_file(req, "index.html");
  if (starts_with(path, "/meetings/") && parse_id(path.substr(10))) return web_file(req, "meeting.html");
  if (starts_with(path, "/assets/")) return web_file(req, path.substr(1));
  if (starts_with(path, "/api/"))
    return error_response(req, http::status::not_found, "not_found", "no such API route");
  return text_response(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
}

http::message_generator Router::list_meetings(const Request& req, const boost::urls::params_view& query) {
  index::MeetingQuery q;
  bool bad = false;
  q.body = param(query, "body");
  q.committee = param(query, "committee");
  q.year = int_param(query, "year", bad);
  q.page = int_param(query, "page", bad).value_or(1);
  q.per_page = int_param(query, "per_page", bad).value_or(20);
  if (bad) return error_response(req, http::status::bad_request, "bad_input", "year, page and per_page are numbers");
  if (q.body && !index::is_valid_body(*q.body))
    return error_response(req, http::status::bad_request, "bad_input", "body is plenary, standing or special");
  auto page = index_.meetings(q);
  if (!page) return from_error(req, page.error());
  boost::json::array items;
  for (const auto& m : page->meetings) {
    std::error_code ec;
    items.push_back(meeting_summary_json(m, std::filesystem::exists(data_.media(m.id) / "master.m3u8", ec)));
  }
  return json_response(req, http::status::ok,
                       boost::json::object{{"meetings", std::move(items)},
                                           {"total", page->total},
                                           {"page", std::max(1, q.page)},
                                           {"per_page", std::clamp(q.per_page, 1, 100)}});
}

http::message_generator Router::get_meeting(const Request& req, std::string_view id_text) {
  auto id = parse_id(id_text);
  if (!id) return error_response(req, http::status::not_found, "not_found", "no such meeting");
  auto meeting = index_.meeting(*id);
  if (!meeting) return from_error(req, meeting.error());
  if (!*meeting) return error_response(req, http::status::not_found, "not_found", "no such meeting");
  auto agenda = index_.agenda(*id);
  if (!agenda) return from_error(req, agenda.error());
  auto speakers = index_.speakers(*id);
  if (!speakers) return from_error(req, speakers.error());
  auto job = index_.latest_job_for(*id);
  if (!job) return from_error(req, job.error());
  std::error_code ec;
  const bool has_master = std::filesystem::exists(data_.media(*id) / "master.m3u8", ec);
  return json_response(req, http::status::ok, meeting_json(**meeting, has_master, *agenda, *speakers, *job));
}

http::message_generator Router::media(const Request& req, std::string_view rest) {
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos)
    return error_response(req, http::status::not_found, "not_found", "no such media file");
  auto file = resolve_media(index_, data_, rest.substr(0, slash), rest.substr(slash + 1));
  if (!file) return from_error(req, file.error());
  const auto ext = file->path.extension();
  std::string_view cache = "public, max-age=31536000, immutable";
  if (ext == ".m3u8") cache = file->still_growing ? "no-cache" : "public, max-age=300";
  return file_response(req, file->path, content_type_for(file->path), cache);
}

http::message_generator Router::web_file(const Request& req, std::string_view name) {
  std::filesystem::path relative;
  std::string_view rest = name;
  while (!rest.empty()) {  // same strict names as media: no "..", no dot files
    const auto slash = rest.find('/');
    const auto part = rest.substr(0, slash);
    if (!is_safe_name(part)) return text_response(req, http::status::not_found, "text/plain", "not found\n");
    relative /= std::string(part);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  const auto file = web_root_ / relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return text_response(req, http::status::not_found, "text/plain", "not found\n");
  const bool html = file.extension() == ".html";
  return file_response(req, file, content_type_for(file), html ? "no-cache" : "public, max-age=3600");
}

}  // namespace gavel::server
