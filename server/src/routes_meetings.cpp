// /api/v1/meetings and everything below it.
#include "api_meetings.hpp"
#include "gavel/index/captions.hpp"
#include "gavel/index/programme_io.hpp"
#include "gavel/worker/captions.hpp"
#include "media_files.hpp"
#include "recess_suggestions.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"

#include <boost/json/value_from.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <variant>

namespace gavel::server {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;


http::message_generator list(Services& s, const Request& req, const Params& query) {
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
  auto page = s.index.meetings(q);
  if (!page) return from_error(req, page.error());
  json::array items;
  for (const auto& m : page->meetings) items.push_back(meeting_summary_json(m, media_state(s.data, m.id)));
  return json_response(req, http::status::ok,
                       json::object{{"meetings", std::move(items)},
                                    {"total", page->total},
                                    {"page", std::max(1, q.page)},
                                    {"per_page", std::clamp(q.per_page, 1, 100)}});
}

Result<json::object> full_meeting(Services& s, std::int64_t id) {
  auto meeting = s.index.meeting(id);
  if (!meeting) return meeting.error();
  if (!*meeting) return make_error("not_found", "no such meeting");
  MeetingDetails d;
  auto agenda = s.index.agenda(id);
  auto speakers = s.index.speakers(id);
  auto recesses = s.index.recesses(id);
  auto langs = s.index.caption_languages(id);
  auto job = s.index.latest_job_for(id);
  if (!agenda) return agenda.error();
  if (!speakers) return speakers.error();
  if (!recesses) return recesses.error();
  if (!langs) return langs.error();
  if (!job) return job.error();
  d.agenda = std::move(*agenda);
  d.speakers = std::move(*speakers);
  d.recesses = std::move(*recesses);
  d.caption_languages = std::move(*langs);
  d.job = std::move(*job);
  auto o = meeting_json(**meeting, media_state(s.data, id), d);
  auto suggestions = suggested_recesses(s.data, id);
  // Captions are read only for a meeting with suggestions to place.
  if (!suggestions.empty() && !d.caption_languages.empty()) {
    const auto& langs = d.caption_languages;
    const auto lang = std::find(langs.begin(), langs.end(), "ko") != langs.end() ? std::string("ko") : langs.front();
    if (auto cues = s.index.captions(id, lang)) align_to_declarations(suggestions, *cues);
  }
  o["suggested_recesses"] = std::move(suggestions);
  return o;
}

// Reads meeting fields from JSON; `partial` leaves absent fields empty.
Result<index::MeetingFields> read_fields(const json::object& o, bool partial) {
  index::MeetingFields f;
  auto text = [&](const char* key) -> Result<std::optional<std::string>> {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) return make_error("bad_input", fmt::format("{} must be text", key));
    return std::optional<std::string>(std::string(v->as_string()));
  };
  auto number = [&](const char* key) -> Result<std::optional<int>> {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<int>();
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 1000000)
      return make_error("bad_input", fmt::format("{} must be a whole number", key));
    return std::optional<int>(static_cast<int>(v->as_int64()));
  };
  auto body = text("body");
  auto committee = text("committee");
  auto session_kind = text("session_kind");
  auto date = text("date");
  auto title = text("title");
  auto session = number("session");
  auto meeting_number = number("number");
  for (auto* r : {&body, &committee, &session_kind, &date, &title})
    if (!*r) return r->error();
  if (!session) return session.error();
  if (!meeting_number) return meeting_number.error();
  f.body = body->value_or("");
  f.committee = *committee;
  f.session_kind = *session_kind;
  f.date = *date;
  f.title = title->value_or("");
  f.session = *session;
  f.number = *meeting_number;
  if ((!partial || !f.body.empty()) && !index::is_valid_body(f.body))
    return make_error("bad_input", "body is plenary, standing or special");
  if (f.session_kind && !index::is_valid_session_kind(*f.session_kind))
    return make_error("bad_input", "session_kind is regular or extraordinary");
  if (f.date && !index::is_valid_date(*f.date)) return make_error("bad_input", "date is YYYY-MM-DD");
  if (!partial && f.title.empty()) return make_error("bad_input", "a meeting needs a title");
  if (f.title.size() > 500) return make_error("bad_input", "the title is longer than 500 characters");
  return f;
}

http::message_generator create(Services& s, const Request& req) {
  auto body = json_body(req);
  if (auto* error = std::get_if<http::message_generator>(&body)) return std::move(*error);
  auto fields = read_fields(std::get<json::object>(body), false);
  if (!fields) return from_error(req, fields.error());
  auto id = s.index.create_meeting(*fields);
  if (!id) return from_error(req, id.error());
  auto meeting = full_meeting(s, *id);
  if (!meeting) return from_error(req, meeting.error());
  return json_response(req, http::status::created, *meeting);
}

http::message_generator update(Services& s, const Request& req, std::int64_t id) {
  auto body = json_body(req);
  if (auto* error = std::get_if<http::message_generator>(&body)) return std::move(*error);
  auto fields = read_fields(std::get<json::object>(body), true);
  if (!fields) return from_error(req, fields.error());
  if (auto r = s.index.update_meeting(id, *fields); !r) return from_error(req, r.error());
  auto meeting = full_meeting(s, id);
  if (!meeting) return from_error(req, meeting.error());
  return json_response(req, http::status::ok, *meeting);
}

http::message_generator remove(Services& s, const Request& req, std::int64_t id) {
  auto deleted = s.index.delete_meeting(id);
  if (!deleted) return from_error(req, deleted.error());
  if (!*deleted) return error_response(req, http::status::not_found, "not_found", "no such meeting");
  // Rows first: once the meeting is gone from the index nothing serves
  // these folders, and a running job notices its lost lease and stops.
  std::error_code ec;
  fs::remove_all(s.data.media(id), ec);
  fs::remove_all(s.data.originals(id), ec);
  spdlog::info("meeting {} deleted", id);
  http::response<http::empty_body> res{http::status::no_content, req.version()};
  res.keep_alive(req.keep_alive());
  return res;
}

std::optional<double> duration_of(Services& s, std::int64_t id) {
  auto meeting = s.index.meeting(id);
  return meeting && *meeting ? (*meeting)->duration : std::nullopt;
}

http::message_generator replace_part(Services& s, const Request& req, std::int64_t id, std::string_view what) {
  const auto duration = duration_of(s, id);
  if (what == "agenda") {
    auto items = index::parse_agenda_items(req.body(), duration);
    if (!items) return from_error(req, items.error());
    if (auto r = s.index.replace_agenda(id, *items); !r) return from_error(req, r.error());
  } else if (what == "speakers") {
    auto segments = index::parse_speaker_segments(req.body(), duration);
    if (!segments) return from_error(req, segments.error());
    if (auto r = s.index.replace_speakers(id, *segments); !r) return from_error(req, r.error());
  } else {  // programme: agenda.json or CSV, all three lists at once
    auto programme = index::parse_programme(req.body(), duration);
    if (!programme) return from_error(req, programme.error());
    if (auto r = s.index.replace_programme(id, programme->agenda, programme->speakers, programme->recesses); !r)
      return from_error(req, r.error());
  }
  auto meeting = full_meeting(s, id);
  if (!meeting) return from_error(req, meeting.error());
  return json_response(req, http::status::ok, *meeting);
}

http::message_generator export_programme(Services& s, const Request& req, std::int64_t id, const Params& query) {
  auto meeting = s.index.meeting(id);
  if (!meeting) return from_error(req, meeting.error());
  if (!*meeting) return error_response(req, http::status::not_found, "not_found", "no such meeting");
  index::Programme p;
  p.meeting = (*meeting)->fields;
  p.agenda = s.index.agenda(id).value();
  p.speakers = s.index.speakers(id).value();
  p.recesses = s.index.recesses(id).value();
  if (param(query, "format") == "csv")
    return text_response(req, http::status::ok, "text/csv; charset=utf-8", index::programme_to_csv(p));
  return text_response(req, http::status::ok, "application/json; charset=utf-8", index::programme_to_json(p));
}

http::message_generator upload_captions(Services& s, const Request& req, std::int64_t id, const Params& query) {
  const std::string lang = param(query, "lang").value_or("ko");
  if (!index::is_valid_language(lang))
    return error_response(req, http::status::bad_request, "bad_input", "lang is a two- or three-letter code, e.g. ko");
  auto cues = index::parse_captions(req.body());
  if (!cues) return from_error(req, cues.error());
  if (auto r = s.index.replace_captions(id, lang, *cues); !r) return from_error(req, r.error());
  if (auto r = worker::publish_captions(s.index, s.data, id); !r) return from_error(req, r.error());
  return json_response(req, http::status::ok,
                       json::object{{"lang", lang},
                                    {"cues", cues->size()},
                                    {"url", fmt::format("/media/{}/captions/{}.vtt", id, lang)}});
}

}  // namespace

http::message_generator meetings_routes(Services& s, const Request& req, const RequestContext&,
                                        std::string_view rest, const Params& query) {
  const bool read = req.method() == http::verb::get || req.method() == http::verb::head;
  if (rest == "/facets" && read) {
    auto f = s.index.facets();
    if (!f) return from_error(req, f.error());
    json::object bodies;
    for (const auto& [body, count] : f->bodies) bodies[body] = count;
    return json_response(req, http::status::ok,
                         json::object{{"committees", json::value_from(f->committees)},
                                      {"years", json::value_from(f->years)},
                                      {"bodies", std::move(bodies)}});
  }
  if (rest.empty() || rest == "/") {
    if (read) return list(s, req, query);
    if (req.method() != http::verb::post) return method_not_allowed(req, "GET, POST");
    auto caller = require_clerk(s, req);
    if (auto* denied = std::get_if<http::message_generator>(&caller)) return std::move(*denied);
    return create(s, req);
  }
  rest.remove_prefix(1);
  const auto slash = rest.find('/');
  auto id = parse_id(rest.substr(0, slash));
  if (!id) return error_response(req, http::status::not_found, "not_found", "no such meeting");
  const std::string_view sub = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);

  if (read) {
    if (sub.empty()) {
      auto meeting = full_meeting(s, *id);
      if (!meeting) return from_error(req, meeting.error());
      return json_response(req, http::status::ok, *meeting);
    }
    if (sub == "programme") return export_programme(s, req, *id, query);
    return error_response(req, http::status::not_found, "not_found", "no such API route");
  }
  auto caller = require_clerk(s, req);
  if (auto* denied = std::get_if<http::message_generator>(&caller)) return std::move(*denied);
  auto exists = s.index.meeting(*id);
  if (!exists) return from_error(req, exists.error());
  if (!*exists) return error_response(req, http::status::not_found, "not_found", "no such meeting");

  if (sub.empty()) {
    if (req.method() == http::verb::patch) return update(s, req, *id);
    if (req.method() == http::verb::delete_) return remove(s, req, *id);
    return method_not_allowed(req, "GET, PATCH, DELETE");
  }
  if (sub == "agenda" || sub == "speakers" || sub == "programme") {
    if (req.method() != http::verb::put) return method_not_allowed(req, "PUT");
    return replace_part(s, req, *id, sub);
  }
  if (sub == "captions") {
    if (req.method() != http::verb::post) return method_not_allowed(req, "POST");
    return upload_captions(s, req, *id, query);
  }
  return error_response(req, http::status::not_found, "not_found", "no such API route");
}

}  // namespace gavel::server
