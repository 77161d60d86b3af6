// /api/v1/meetings and everything below it.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <variant>

#include "api_meetings.hpp"
#include "gavel/index/captions.hpp"
#include "gavel/index/programme_io.hpp"
#include "gavel/worker/captions.hpp"
#include "media_files.hpp"
#include "recess_suggestions.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const Text kNoSuchMeeting("no such meeting", "그런 회의가 없습니다");
const Text kNoSuchRoute("no such API route", "그런 API 경로가 없습니다");

Reply list(Services& s, const Request& req, const Params& query) {
  index::MeetingQuery q;
  bool bad = false;
  q.body = param(query, "body");
  q.committee = param(query, "committee");
  q.year = int_param(query, "year", bad);
  q.page = int_param(query, "page", bad).value_or(1);
  q.per_page = int_param(query, "per_page", bad).value_or(20);
  if (bad)
    return error_response(req, Errc::bad_input,
                          Text("year, page and per_page are numbers", "year, page, per_page는 숫자입니다"));
  if (q.body && !index::is_valid_body(*q.body)) return error_response(req, Errc::bad_input, kBadBody);
  // status=all (or failed, pending) is the clerks' view: failed and
  // unfinished meetings are theirs to see.
  if (auto status = param(query, "status")) {
    if (*status != "all" && !index::is_valid_status(*status))
      return error_response(req, Errc::bad_input,
                            Text("status is ready, processing, pending, failed or all",
                                 "status는 ready, processing, pending, failed, all 중 하나입니다"));
    if (!index::is_public_status(*status)) {
      if (!is_clerk(s, req)) return error_response(req, Errc::unauthorized, kLogInFirst);
      q.include_unpublished = true;
    }
    if (*status != "all") q.status = *status;
  }
  auto page = s.archive.meetings(q);
  if (!page) return from_error(req, page.error());
  const auto lang = request_language(req);
  json::array items;
  for (const auto& m : page->meetings)
    items.push_back(meeting_summary_json(m, media_state(s.data, m.id), lang));
  return json_response(req, http::status::ok,
                       json::object{{"meetings", std::move(items)},
                                    {"total", page->total},
                                    {"page", std::max(1, q.page)},
                                    {"per_page", std::clamp(q.per_page, 1, 100)}});
}

// A meeting as its readers may see it: anyone a public one, clerks any.
// Citizens asking for a failed or unfinished one learn only that it is
// not available yet.
Result<index::Meeting> visible_meeting(Services& s, const Request& req, std::int64_t id) {
  auto meeting = s.archive.meeting(id);
  if (!meeting) return meeting.error();
  if (!*meeting) return make_error(Errc::not_found, kNoSuchMeeting.en, kNoSuchMeeting.ko);
  if (!index::is_public_status((*meeting)->status) && !is_clerk(s, req))
    return make_error(Errc::not_available, "this meeting is not available yet",
                      "이 회의 영상은 아직 공개되지 않았습니다");
  return std::move(**meeting);
}

Result<MeetingDetails> details_of(Services& s, std::int64_t id) {
  MeetingDetails d;
  auto agenda = s.archive.agenda(id);
  auto speakers = s.archive.speakers(id);
  auto recesses = s.archive.recesses(id);
  auto langs = s.captions.caption_languages(id);
  auto job = s.jobs.latest_job_for(id);
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
  return d;
}

Result<json::object> full_meeting(Services& s, const index::Meeting& meeting, Language lang) {
  const auto id = meeting.id;
  auto d = details_of(s, id);
  if (!d) return d.error();
  auto o = meeting_json(meeting, media_state(s.data, id), *d, lang);
  auto suggestions = suggested_recesses(s.data, id);
  // Captions are read only for a meeting with suggestions to place.
  if (!suggestions.empty() && !d->caption_languages.empty()) {
    const auto& langs = d->caption_languages;
    const auto caption_lang =
        std::find(langs.begin(), langs.end(), "ko") != langs.end() ? std::string("ko") : langs.front();
    if (auto cues = s.captions.captions(id, caption_lang)) align_to_declarations(suggestions, *cues);
  }
  o["suggested_recesses"] = std::move(suggestions);
  return o;
}

// The meeting as it now stands, after a write: 200 (or `status`) with the
// whole meeting and, when given, the ETag of what was written.
Reply written(Services& s, const Request& req, std::int64_t id, const char* tag_of = nullptr,
              http::status status = http::status::ok) {
  auto meeting = s.archive.meeting(id);
  if (!meeting) return from_error(req, meeting.error());
  if (!*meeting) return error_response(req, Errc::not_found, kNoSuchMeeting);
  auto o = full_meeting(s, **meeting, request_language(req));
  if (!o) return from_error(req, o.error());
  auto res = text_message(req, status, "application/json; charset=utf-8", json::serialize(*o));
  if (tag_of) res.set(http::field::etag, std::string(o->at("etags").at(tag_of).as_string()));
  return res;
}

// Reads meeting fields from JSON; `partial` leaves absent fields empty.
Result<index::MeetingFields> read_fields(const json::object& o, bool partial) {
  index::MeetingFields f;
  auto text = [&](const char* key) -> Result<std::optional<std::string>> {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<std::string>();
    if (!v->is_string())
      return make_error(Errc::bad_input, fmt::format("{} must be text", key),
                        fmt::format("{}은(는) 글자여야 합니다", key));
    return std::optional<std::string>(std::string(v->as_string()));
  };
  auto number = [&](const char* key) -> Result<std::optional<int>> {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return std::optional<int>();
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 1000000)
      return make_error(Errc::bad_input, fmt::format("{} must be a whole number", key),
                        fmt::format("{}은(는) 0 이상의 정수여야 합니다", key));
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
  if ((!partial || !f.body.empty()) && !index::is_valid_body(f.body)) return Error(Errc::bad_input, kBadBody);
  if (f.session_kind && !index::is_valid_session_kind(*f.session_kind))
    return make_error(Errc::bad_input, "session_kind is regular or extraordinary",
                      "회기 종류(session_kind)는 regular(정례회) 또는 extraordinary(임시회)입니다");
  if (f.date && !index::is_valid_date(*f.date))
    return make_error(Errc::bad_input, "date is YYYY-MM-DD", "날짜는 YYYY-MM-DD 형식입니다");
  if (!partial && f.title.empty())
    return make_error(Errc::bad_input, "a meeting needs a title", "회의 제목을 입력하세요");
  if (f.title.size() > 500)
    return make_error(Errc::bad_input, "the title is longer than 500 characters", "제목이 500자보다 깁니다");
  return f;
}

index::IfMatch if_match(const Request& req) { return index::IfMatch::parse(req[http::field::if_match]); }

Reply create(Services& s, const Request& req) {
  auto body = json_body(req);
  if (auto* error = std::get_if<Reply>(&body)) return std::move(*error);
  auto fields = read_fields(std::get<json::object>(body), false);
  if (!fields) return from_error(req, fields.error());
  auto id = s.archive.create_meeting(*fields);
  if (!id) return from_error(req, id.error());
  return written(s, req, *id, "details", http::status::created);
}

Reply update(Services& s, const Request& req, std::int64_t id) {
  auto body = json_body(req);
  if (auto* error = std::get_if<Reply>(&body)) return std::move(*error);
  auto fields = read_fields(std::get<json::object>(body), true);
  if (!fields) return from_error(req, fields.error());
  if (auto r = s.archive.update_meeting(id, *fields, if_match(req)); !r) return from_error(req, r.error());
  return written(s, req, id, "details");
}

Reply remove(Services& s, const Request& req, std::int64_t id) {
  auto deleted = s.archive.delete_meeting(id);
  if (!deleted) return from_error(req, deleted.error());
  if (!*deleted) return error_response(req, Errc::not_found, kNoSuchMeeting);
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
  auto meeting = s.archive.meeting(id);
  return meeting && *meeting ? (*meeting)->duration : std::nullopt;
}

// PUT agenda, speakers, recesses or programme: each list alone, or the
// three at once; honours If-Match (412 when someone changed it meanwhile).
Reply replace_list(Services& s, const Request& req, std::int64_t id, std::string_view what) {
  const auto duration = duration_of(s, id);
  const auto condition = if_match(req);
  Result<void> stored;
  if (what == "agenda") {
    auto items = index::parse_agenda_items(req.body(), duration);
    if (!items) return from_error(req, items.error());
    stored = s.archive.replace_agenda(id, *items, condition);
  } else if (what == "speakers") {
    auto segments = index::parse_speaker_segments(req.body(), duration);
    if (!segments) return from_error(req, segments.error());
    stored = s.archive.replace_speakers(id, *segments, condition);
  } else if (what == "recesses") {
    auto recesses = index::parse_recesses(req.body(), duration);
    if (!recesses) return from_error(req, recesses.error());
    stored = s.archive.replace_recesses(id, *recesses, condition);
  } else {  // programme: agenda.json or CSV, all three lists at once
    auto programme = index::parse_programme(req.body(), duration);
    if (!programme) return from_error(req, programme.error());
    stored = s.archive.replace_programme(id, programme->agenda, programme->speakers, programme->recesses,
                                         condition);
  }
  if (!stored) return from_error(req, stored.error());
  return written(s, req, id, std::string(what).c_str());
}

// GET agenda, speakers, recesses or parts: the list alone, with its ETag.
Reply read_list(Services& s, const Request& req, const index::Meeting& m, std::string_view what) {
  auto d = details_of(s, m.id);
  if (!d) return from_error(req, d.error());
  const auto full = meeting_json(m, MediaState{}, *d, request_language(req));
  const std::string key = what == "recesses" ? "recesses" : std::string(what);
  auto res =
      text_message(req, http::status::ok, "application/json; charset=utf-8", json::serialize(full.at(key)));
  res.set(http::field::etag, std::string(full.at("etags").at(key).as_string()));
  return res;
}

Reply export_programme(Services& s, const Request& req, const index::Meeting& m, const Params& query) {
  auto d = details_of(s, m.id);
  if (!d) return from_error(req, d.error());
  index::Programme p;
  p.meeting = m.fields;
  p.agenda = d->agenda;
  p.speakers = d->speakers;
  p.recesses = d->recesses;
  const bool csv = param(query, "format") == "csv";
  auto res =
      text_message(req, http::status::ok, csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
                   csv ? index::programme_to_csv(p) : index::programme_to_json(p));
  res.set(http::field::etag, "\"" + meeting_tags(m, *d).programme + "\"");
  return res;
}

Reply upload_captions(Services& s, const Request& req, std::int64_t id, const Params& query) {
  const std::string lang = param(query, "lang").value_or("ko");
  if (!index::is_valid_language(lang))
    return error_response(
        req, Errc::bad_input,
        Text("lang is a two- or three-letter code, e.g. ko", "lang은 ko처럼 두세 글자 언어 코드입니다"));
  auto cues = index::parse_captions(req.body());
  if (!cues) return from_error(req, cues.error());
  if (auto r = s.captions.replace_captions(id, lang, *cues); !r) return from_error(req, r.error());
  if (auto r = worker::publish_captions(s.archive, s.captions, s.data, id); !r)
    return from_error(req, r.error());
  return json_response(req, http::status::ok,
                       json::object{{"lang", lang},
                                    {"cues", cues->size()},
                                    {"url", fmt::format("/media/{}/captions/{}.vtt", id, lang)}});
}

// /parts: PUT {"order": [2, 1, 3]} plays the parts in that order;
// /parts/{n}: DELETE removes part n (`part` is the text after "parts/").
// Both queue the transcode again.
Reply parts_write(Services& s, const Request& req, std::int64_t id, std::optional<std::string_view> part) {
  if (!part) {
    if (req.method() != http::verb::put) return method_not_allowed(req, "GET, PUT");
    auto body = json_body(req);
    if (auto* error = std::get_if<Reply>(&body)) return std::move(*error);
    const auto* order = std::get<json::object>(body).if_contains("order");
    std::vector<int> seqs;
    if (order && order->is_array())
      for (const auto& v : order->as_array())
        seqs.push_back(
            v.is_int64() && v.as_int64() > 0 && v.as_int64() < 10000 ? static_cast<int>(v.as_int64()) : 0);
    if (!order || !order->is_array())
      return error_response(req, Errc::bad_input,
                            Text("send {\"order\": [part numbers in the new order]}",
                                 "{\"order\": [새 순서대로 파트 번호]} 형식으로 보내 주세요"));
    if (auto r = s.recordings.reorder(id, seqs, if_match(req)); !r) return from_error(req, r.error());
    return written(s, req, id, "parts");
  }
  const auto seq = parse_id(*part);
  if (!seq || *seq > 10000)
    return error_response(req, Errc::not_found, Text("no such part", "그런 파트가 없습니다"));
  if (req.method() != http::verb::delete_) return method_not_allowed(req, "DELETE");
  if (auto r = s.recordings.remove(id, static_cast<int>(*seq), if_match(req)); !r)
    return from_error(req, r.error());
  return written(s, req, id, "parts");
}

bool is_list(std::string_view sub) {
  return sub == "agenda" || sub == "speakers" || sub == "recesses" || sub == "programme";
}

}  // namespace

Reply meetings_routes(Services& s, const Request& req, const RequestContext&, std::string_view rest,
                      const Params& query) {
  const bool read = req.method() == http::verb::get || req.method() == http::verb::head;
  if (rest == "/facets" && read) {
    auto f = s.archive.facets();
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
    if (auto* denied = std::get_if<Reply>(&caller)) return std::move(*denied);
    return create(s, req);
  }
  rest.remove_prefix(1);  // the "/" before the id
  const auto slash = rest.find('/');
  auto id = parse_id(rest.substr(0, slash));
  if (!id) return error_response(req, Errc::not_found, kNoSuchMeeting);
  const std::string_view sub = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);

  if (read) {
    auto meeting = visible_meeting(s, req, *id);
    if (!meeting) return from_error(req, meeting.error());
    if (sub.empty()) {
      auto o = full_meeting(s, *meeting, request_language(req));
      if (!o) return from_error(req, o.error());
      return json_response(req, http::status::ok, *o);
    }
    if (sub == "programme") return export_programme(s, req, *meeting, query);
    if (sub == "agenda" || sub == "speakers" || sub == "recesses" || sub == "parts")
      return read_list(s, req, *meeting, sub);
    return error_response(req, Errc::not_found, kNoSuchRoute);
  }
  auto caller = require_clerk(s, req);
  if (auto* denied = std::get_if<Reply>(&caller)) return std::move(*denied);
  auto exists = s.archive.meeting(*id);
  if (!exists) return from_error(req, exists.error());
  if (!*exists) return error_response(req, Errc::not_found, kNoSuchMeeting);

  if (sub.empty()) {
    if (req.method() == http::verb::patch) return update(s, req, *id);
    if (req.method() == http::verb::delete_) return remove(s, req, *id);
    return method_not_allowed(req, "GET, PATCH, DELETE");
  }
  if (is_list(sub)) {
    if (req.method() != http::verb::put) return method_not_allowed(req, "GET, PUT");
    return replace_list(s, req, *id, sub);
  }
  if (sub == "parts") return parts_write(s, req, *id, std::nullopt);
  if (auto part = after_prefix(sub, "parts/")) return parts_write(s, req, *id, part);
  if (sub == "captions") {
    if (req.method() != http::verb::post) return method_not_allowed(req, "POST");
    return upload_captions(s, req, *id, query);
  }
  return error_response(req, Errc::not_found, kNoSuchRoute);
}

}  // namespace gavel::server
