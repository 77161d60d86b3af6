#include "api_meetings.hpp"

#include <fmt/format.h>

namespace gavel::server {
namespace {

template <class T>
boost::json::value optional_json(const std::optional<T>& v) {
  if (!v) return nullptr;
  return boost::json::value(*v);
}

// English, or the Korean beside it when there is one and Korean is asked for.
boost::json::value message_json(const std::optional<std::string>& en, const std::optional<std::string>& ko,
                                Language lang) {
  if (lang == Language::ko && ko) return boost::json::value(*ko);
  return optional_json(en);
}

}  // namespace

MediaState media_state(const worker::DataDir& data, std::int64_t id) {
  std::error_code ec;
  const auto dir = data.media(id);
  return {std::filesystem::exists(dir / "master.m3u8", ec), std::filesystem::exists(dir / "poster.jpg", ec),
          std::filesystem::exists(dir / "storyboard.vtt", ec)};
}

boost::json::object meeting_summary_json(const index::Meeting& m, const MediaState& media, Language lang) {
  const auto& f = m.fields;
  boost::json::object o;
  o["id"] = m.id;
  o["body"] = f.body;
  o["committee"] = optional_json(f.committee);
  if (f.session || f.session_kind)
    o["session"] =
        boost::json::object{{"number", optional_json(f.session)}, {"kind", optional_json(f.session_kind)}};
  else
    o["session"] = nullptr;
  o["number"] = optional_json(f.number);
  o["date"] = optional_json(f.date);
  o["title"] = f.title;
  o["status"] = m.status;
  o["error"] = message_json(m.error, m.error_ko, lang);
  o["duration"] = optional_json(m.duration);
  o["created_at"] = m.created_at;
  o["agenda_count"] = m.agenda_count;
  o["url"] = fmt::format("/meetings/{}", m.id);
  if (media.has_master)
    o["playback"] = boost::json::object{{"master", fmt::format("/media/{}/master.m3u8", m.id)}};
  else
    o["playback"] = nullptr;
  o["poster"] = media.has_poster ? boost::json::value(fmt::format("/media/{}/poster.jpg", m.id))
                                 : boost::json::value(nullptr);
  o["storyboard"] = media.has_storyboard ? boost::json::value(fmt::format("/media/{}/storyboard.vtt", m.id))
                                         : boost::json::value(nullptr);
  return o;
}

boost::json::object job_json(const index::Job& job, Language lang) {
  return boost::json::object{{"id", job.id},
                             {"meeting_id", job.meeting_id},
                             {"state", job.state},
                             {"progress", job.progress},
                             {"speed", job.speed},
                             {"eta", job.eta},
                             {"attempts", job.attempts},
                             {"message", message_json(job.message, job.message_ko, lang)}};
}

MeetingTags meeting_tags(const index::Meeting& m, const MeetingDetails& d) {
  MeetingTags t{index::version_tag(m.fields),   index::version_tag(d.agenda), index::version_tag(d.speakers),
                index::version_tag(d.recesses), index::version_tag(m.parts),  {}};
  t.programme = index::programme_tag(t.agenda, t.speakers, t.recesses);
  return t;
}

boost::json::object meeting_json(const index::Meeting& m, const MediaState& media, const MeetingDetails& d,
                                 Language lang) {
  boost::json::object o = meeting_summary_json(m, media, lang);
  boost::json::array parts;
  for (const auto& p : m.parts)
    parts.push_back(boost::json::object{{"seq", p.seq}, {"filename", p.filename}, {"size", p.size}});
  o["parts"] = std::move(parts);
  boost::json::array items;
  // An item's clip runs to its end, else to the next item, else to the meeting's end.
  const auto clip_url = [&](const index::AgendaItem& a) -> boost::json::value {
    const auto i = static_cast<std::size_t>(&a - d.agenda.data());
    auto end = a.end                     ? a.end
               : i + 1 < d.agenda.size() ? std::optional<double>(d.agenda[i + 1].start)
                                         : m.duration;
    if (!end || *end <= a.start) return nullptr;
    return boost::json::string(
        fmt::format("/api/v1/meetings/{}/clip.mp4?start={}&end={}", m.id, a.start, *end));
  };
  for (const auto& a : d.agenda)
    items.push_back(
        boost::json::object{{"no", a.no},
                            {"title", a.title},
                            {"start", a.start},
                            {"end", optional_json(a.end)},
                            {"result", optional_json(a.result)},
                            {"url", fmt::format("/meetings/{}?t={}", m.id, static_cast<long long>(a.start))},
                            {"clip", clip_url(a)}});
  o["agenda"] = std::move(items);
  boost::json::array people;
  for (const auto& s : d.speakers)
    people.push_back(boost::json::object{{"name", s.name},
                                         {"role", optional_json(s.role)},
                                         {"start", s.start},
                                         {"end", optional_json(s.end)}});
  o["speakers"] = std::move(people);
  boost::json::array recesses;
  for (const auto& r : d.recesses)
    recesses.push_back(boost::json::object{{"start", r.start}, {"end", r.end}});
  o["recesses"] = std::move(recesses);
  boost::json::array captions;
  for (const auto& lang : d.caption_languages)
    captions.push_back(
        boost::json::object{{"lang", lang}, {"url", fmt::format("/media/{}/captions/{}.vtt", m.id, lang)}});
  o["captions"] = std::move(captions);
  o["job"] = d.job ? boost::json::value(job_json(*d.job, lang)) : boost::json::value(nullptr);
  const auto tags = meeting_tags(m, d);
  // As the ETag headers carry them: quoted, ready to send as If-Match.
  const auto q = [](const std::string& tag) { return "\"" + tag + "\""; };
  o["etags"] = boost::json::object{{"details", q(tags.details)},   {"agenda", q(tags.agenda)},
                                   {"speakers", q(tags.speakers)}, {"recesses", q(tags.recesses)},
                                   {"parts", q(tags.parts)},       {"programme", q(tags.programme)}};
  return o;
}

}  // namespace gavel::server
