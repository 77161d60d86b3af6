// GET /api/v1/export/{meetings.json, meetings.csv, agenda.csv,
// speakers.csv, captions.csv, archive.json}: the whole public archive as
// open data. Read page by page from the index and written to a temporary
// file as it goes, so memory stays at about one meeting's rows whatever
// the archive's size. CSV is RFC 4180 (CRLF, quoted where needed) with a
// UTF-8 byte order mark, which is what makes Excel read Korean correctly.
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <ctime>

#include "api_meetings.hpp"
#include "export_file.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"
#include "site_url.hpp"
#include "xml_text.hpp"

namespace gavel::server {
namespace {

namespace json = boost::json;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kCsvType = "text/csv; charset=utf-8; header=present";
constexpr std::string_view kJsonType = "application/json; charset=utf-8";
constexpr int kPage = 200;

// Calls `fn` with every meeting in id order, a page of the index at a time.
template <class Fn>
Result<void> each_meeting(index::Archive& archive, Fn&& fn) {
  std::int64_t after = 0;
  for (;;) {
    auto page = archive.meetings_after(after, kPage);
    if (!page) return page.error();
    if (page->empty()) return {};
    for (const auto& p : *page)
      if (auto r = fn(p); !r) return r;
    after = page->back().meeting.id;
  }
}

std::string number(double v) { return fmt::format("{}", v); }
template <class T>
std::string optional_number(const std::optional<T>& v) {
  return v ? fmt::format("{}", *v) : std::string();
}

std::string csv_row(std::initializer_list<std::string_view> fields) {
  std::string row;
  bool first = true;
  for (auto f : fields) {
    if (!first) row += ',';
    first = false;
    row += csv_field(f);
  }
  row += "\r\n";
  return row;
}

// The API's meeting shape with updated_at, its links made absolute: the
// data is read away from the site.
json::object meeting_record(Services& s, const index::PublishedMeeting& p, const std::string& origin) {
  json::object o = meeting_summary_json(p.meeting, media_state(s.data, p.meeting.id));
  o["updated_at"] = p.updated_at;
  auto absolute = [&](json::value* v) {
    if (v && v->is_string()) *v = origin + std::string(v->as_string());
  };
  absolute(o.if_contains("url"));
  absolute(o.if_contains("poster"));
  absolute(o.if_contains("storyboard"));
  if (auto* playback = o.if_contains("playback"); playback && playback->is_object())
    absolute(playback->as_object().if_contains("master"));
  return o;
}

Result<void> write_meetings_csv(Services& s, ExportFile& out, const std::string& origin) {
  out.write(kBom);
  out.write(csv_row({"id", "body", "committee", "session", "session_kind", "number", "date", "title",
                     "status", "duration", "created_at", "updated_at", "url", "master", "poster"}));
  return each_meeting(s.archive, [&](const index::PublishedMeeting& p) -> Result<void> {
    const auto& m = p.meeting;
    const auto& f = m.fields;
    const auto media = media_state(s.data, m.id);
    out.write(csv_row({std::to_string(m.id), f.body, f.committee.value_or(""), optional_number(f.session),
                       f.session_kind.value_or(""), optional_number(f.number), f.date.value_or(""), f.title,
                       m.status, optional_number(m.duration), m.created_at, p.updated_at,
                       fmt::format("{}/meetings/{}", origin, m.id),
                       media.has_master ? fmt::format("{}/media/{}/master.m3u8", origin, m.id) : "",
                       media.has_poster ? fmt::format("{}/media/{}/poster.jpg", origin, m.id) : ""}));
    return {};
  });
}

Result<void> write_agenda_csv(Services& s, ExportFile& out, const std::string& origin) {
  out.write(kBom);
  out.write(csv_row({"meeting_id", "no", "title", "start", "end", "result", "url"}));
  return each_meeting(s.archive, [&](const index::PublishedMeeting& p) -> Result<void> {
    auto items = s.archive.agenda(p.meeting.id);
    if (!items) return items.error();
    for (const auto& a : *items)
      out.write(csv_row(
          {std::to_string(p.meeting.id), std::to_string(a.no), a.title, number(a.start),
           optional_number(a.end), a.result.value_or(""),
           fmt::format("{}/meetings/{}?t={}", origin, p.meeting.id, static_cast<long long>(a.start))}));
    return {};
  });
}

Result<void> write_speakers_csv(Services& s, ExportFile& out, const std::string& origin) {
  out.write(kBom);
  out.write(csv_row({"meeting_id", "name", "role", "start", "end", "url"}));
  return each_meeting(s.archive, [&](const index::PublishedMeeting& p) -> Result<void> {
    auto segments = s.archive.speakers(p.meeting.id);
    if (!segments) return segments.error();
    for (const auto& seg : *segments)
      out.write(csv_row(
          {std::to_string(p.meeting.id), seg.name, seg.role.value_or(""), number(seg.start),
           optional_number(seg.end),
           fmt::format("{}/meetings/{}?t={}", origin, p.meeting.id, static_cast<long long>(seg.start))}));
    return {};
  });
}

Result<void> write_captions_csv(Services& s, ExportFile& out, const std::string&) {
  out.write(kBom);
  out.write(csv_row({"meeting_id", "lang", "start", "end", "text"}));
  return each_meeting(s.archive, [&](const index::PublishedMeeting& p) -> Result<void> {
    auto langs = s.captions.caption_languages(p.meeting.id);
    if (!langs) return langs.error();
    for (const auto& lang : *langs) {
      auto cues = s.captions.captions(p.meeting.id, lang);
      if (!cues) return cues.error();
      for (const auto& c : *cues)
        out.write(csv_row({std::to_string(p.meeting.id), lang, number(c.start), number(c.end), c.text}));
    }
    return {};
  });
}

Result<void> write_meetings_json(Services& s, ExportFile& out, const std::string& origin) {
  out.write(fmt::format(R"({{"generated_at":"{}","meetings":[)", now_utc()));
  bool first = true;
  auto r = each_meeting(s.archive, [&](const index::PublishedMeeting& p) -> Result<void> {
    out.write(first ? "\n" : ",\n");
    first = false;
    out.write(json::serialize(meeting_record(s, p, origin)));
    return {};
  });
  out.write("\n]}\n");
  return r;
}

template <class T>
json::value optional_json(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

Result<json::object> full_record(Services& s, const index::PublishedMeeting& p, const std::string& origin) {
  const auto id = p.meeting.id;
  json::object o = meeting_record(s, p, origin);
  auto agenda = s.archive.agenda(id);
  auto speakers = s.archive.speakers(id);
  auto recesses = s.archive.recesses(id);
  auto langs = s.captions.caption_languages(id);
  if (!agenda) return agenda.error();
  if (!speakers) return speakers.error();
  if (!recesses) return recesses.error();
  if (!langs) return langs.error();
  json::array items;
  for (const auto& a : *agenda)
    items.push_back(json::object{{"no", a.no},
                                 {"title", a.title},
                                 {"start", a.start},
                                 {"end", optional_json(a.end)},
                                 {"result", optional_json(a.result)}});
  json::array people;
  for (const auto& seg : *speakers)
    people.push_back(json::object{{"name", seg.name},
                                  {"role", optional_json(seg.role)},
                                  {"start", seg.start},
                                  {"end", optional_json(seg.end)}});
  json::array breaks;
  for (const auto& r : *recesses) breaks.push_back(json::object{{"start", r.start}, {"end", r.end}});
  json::object captions;
  for (const auto& lang : *langs) {
    auto cues = s.captions.captions(id, lang);
    if (!cues) return cues.error();
    json::array list;
    for (const auto& c : *cues)
      list.push_back(json::object{{"start", c.start}, {"end", c.end}, {"text", c.text}});
    captions[lang] = std::move(list);
  }
  o["agenda"] = std::move(items);
  o["speakers"] = std::move(people);
  o["recesses"] = std::move(breaks);
  o["captions"] = std::move(captions);
  return o;
}

Result<void> write_archive_json(Services& s, ExportFile& out, const std::string& origin) {
  out.write(fmt::format(R"({{"generated_at":"{}","meetings":[)", now_utc()));
  bool first = true;
  auto r = each_meeting(s.archive, [&](const index::PublishedMeeting& p) -> Result<void> {
    auto record = full_record(s, p, origin);
    if (!record) return record.error();
    out.write(first ? "\n" : ",\n");
    first = false;
    out.write(json::serialize(*record));
    return {};
  });
  out.write("\n]}\n");
  return r;
}

}  // namespace

Reply export_route(Services& s, const Request& req, const RequestContext& ctx, std::string_view name) {
  using Writer = Result<void> (*)(Services&, ExportFile&, const std::string&);
  struct Export {
    std::string_view name;
    Writer write;
    std::string_view type;
  };
  static constexpr Export kExports[] = {
      {"meetings.json", &write_meetings_json, kJsonType}, {"meetings.csv", &write_meetings_csv, kCsvType},
      {"agenda.csv", &write_agenda_csv, kCsvType},        {"speakers.csv", &write_speakers_csv, kCsvType},
      {"captions.csv", &write_captions_csv, kCsvType},    {"archive.json", &write_archive_json, kJsonType},
  };
  const Export* chosen = nullptr;
  for (const auto& e : kExports)
    if (e.name == name) chosen = &e;
  if (!chosen)
    return error_response(req, Errc::not_found, Text("no such export", "그런 내보내기 파일이 없습니다"));
  auto file = ExportFile::create(s.data.root());
  if (!file) return from_error(req, file.error());
  if (auto r = chosen->write(s, *file, site_origin(req, ctx)); !r) return from_error(req, r.error());
  const bool csv = chosen->type == kCsvType;
  auto reply = file->finish(req, chosen->type, csv ? fmt::format("gavel-{}", name) : std::string());
  if (!reply) return from_error(req, reply.error());
  return std::move(*reply);
}

}  // namespace gavel::server
