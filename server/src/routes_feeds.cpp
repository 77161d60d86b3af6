// GET /feeds/meetings.atom (Atom 1.0, RFC 4287), GET /feeds/podcast.xml
// (RSS 2.0 with Apple's podcast tags) and the podcast's enclosures,
// GET /media/{id}/podcast.m4a.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/sha.h>

#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>
#include <cmath>
#include <ctime>

#include "gavel/index/records.hpp"
#include "media_files.hpp"
#include "podcast_audio.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"
#include "site_url.hpp"
#include "xml_text.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

constexpr int kEntries = 50;
constexpr std::string_view kSiteName = "gavel";

std::string body_label(const std::string& body) {
  if (body == "plenary") return "본회의";
  if (body == "standing") return "상임위원회";
  if (body == "special") return "특별위원회";
  return body;
}

// 제290회 정례회 제2차
std::string session_label(const index::MeetingFields& f) {
  std::vector<std::string> parts;
  if (f.session) parts.push_back(fmt::format("제{}회", *f.session));
  if (f.session_kind) parts.push_back(*f.session_kind == "regular" ? "정례회" : "임시회");
  if (f.number) parts.push_back(fmt::format("제{}차", *f.number));
  return fmt::format("{}", fmt::join(parts, " "));
}

// A name-based (version 5) UUID per meeting: stable across hosts and
// renames, and a reused id (SQLite may hand out a deleted meeting's id
// again) gets a new one because its creation time differs.
std::string meeting_urn(const index::Meeting& m) {
  static constexpr unsigned char kNamespace[16] = {0x6f, 0x1c, 0x2a, 0x53, 0x8e, 0x0b, 0x4d, 0x2f,
                                                   0x9a, 0x61, 0x3b, 0x7e, 0xc4, 0x15, 0xd0, 0x88};
  const std::string name = fmt::format("gavel/meeting/{}/{}", m.id, m.created_at);
  std::string input(reinterpret_cast<const char*>(kNamespace), sizeof kNamespace);
  input += name;
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
  std::string hex;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", digest[i]);
  }
  return "urn:uuid:" + hex;
}

struct Filters {
  std::optional<std::string> body;
  std::optional<std::string> committee;
};

// What a reader sees of a meeting: date, body, committee, session, agenda.
std::string summary(const index::Meeting& m, const std::vector<index::AgendaItem>& agenda) {
  std::vector<std::string> facts;
  if (m.fields.date) facts.push_back(*m.fields.date);
  facts.push_back(body_label(m.fields.body));
  if (m.fields.committee) facts.push_back(*m.fields.committee);
  std::string text = fmt::format("{}", fmt::join(facts, " · "));
  if (auto session = session_label(m.fields); !session.empty()) text += "\n" + session;
  if (!agenda.empty()) {
    text += "\n안건:";
    for (const auto& a : agenda) {
      text += fmt::format("\n{}. {}", a.no, a.title);
      if (a.result) text += fmt::format(" ({})", *a.result);
    }
  }
  return text;
}

std::string feed_title(std::string_view what, const Filters& f) {
  std::string title = fmt::format("{} — {}", what, kSiteName);
  if (f.committee)
    title += " · " + *f.committee;
  else if (f.body)
    title += " · " + body_label(*f.body);
  return title;
}

std::string self_url(const std::string& origin, std::string_view path, const Filters& f) {
  boost::urls::url url(origin);
  url.set_path(path);
  if (f.body) url.params().append({"body", *f.body});
  if (f.committee) url.params().append({"committee", *f.committee});
  return std::string(url.buffer());
}

Reply xml_response(const Request& req, std::string_view content_type, std::string body) {
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.set(http::field::server, "gavel");
  res.set(http::field::content_type, content_type);
  // Feed readers poll; a few minutes' staleness is what feeds expect.
  res.set(http::field::cache_control, "public, max-age=300");
  res.set(http::field::access_control_allow_origin, "*");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  const auto size = body.size();
  if (req.method() != http::verb::head) res.body() = std::move(body);
  res.content_length(size);
  return res;
}

bool has_poster(const worker::DataDir& data, std::int64_t id) {
  std::error_code ec;
  return fs::is_regular_file(data.media(id) / "poster.jpg", ec);
}

Reply atom(Services& s, const Request& req, const std::string& origin, const Filters& f,
           const std::vector<index::PublishedMeeting>& meetings) {
  const auto e = xml_escape;
  std::string out = R"(<?xml version="1.0" encoding="utf-8"?>)"
                    "\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ko\">\n";
  out += fmt::format("  <id>{}</id>\n", e(self_url(origin, "/feeds/meetings.atom", f)));
  out += fmt::format("  <title>{}</title>\n", e(feed_title("새 회의 영상", f)));
  out += fmt::format("  <updated>{}</updated>\n",
                     rfc3339(meetings.empty() ? now_utc() : meetings.front().updated_at));
  out += fmt::format("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                     e(self_url(origin, "/feeds/meetings.atom", f)));
  out += fmt::format("  <link rel=\"alternate\" type=\"text/html\" href=\"{}/\"/>\n", e(origin));
  out += fmt::format("  <author><name>{}</name></author>\n", e(kSiteName));
  out += "  <generator>gavel</generator>\n";
  for (const auto& p : meetings) {
    const auto& m = p.meeting;
    auto agenda = s.archive.agenda(m.id);
    if (!agenda) return from_error(req, agenda.error());
    const std::string page = fmt::format("{}/meetings/{}", origin, m.id);
    out += "  <entry>\n";
    out += fmt::format("    <id>{}</id>\n", meeting_urn(m));
    out += fmt::format("    <title>{}</title>\n", e(m.fields.title));
    out += fmt::format("    <updated>{}</updated>\n", rfc3339(p.updated_at));
    out += fmt::format("    <published>{}</published>\n", rfc3339(m.created_at));
    out += fmt::format("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", e(page));
    out += fmt::format("    <category term=\"{}\" label=\"{}\"/>\n", e(m.fields.body),
                       e(body_label(m.fields.body)));
    if (m.fields.committee)
      out += fmt::format("    <category term=\"{0}\" label=\"{0}\"/>\n", e(*m.fields.committee));
    out += fmt::format("    <summary type=\"text\">{}</summary>\n", e(summary(m, *agenda)));
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return xml_response(req, "application/atom+xml; charset=utf-8", std::move(out));
}

Reply podcast(Services& s, const Request& req, const std::string& origin, const Filters& f,
              const std::vector<index::PublishedMeeting>& meetings) {
  const auto e = xml_escape;
  std::string items;
  std::optional<std::string> channel_image;
  for (const auto& p : meetings) {
    const auto& m = p.meeting;
    if (!has_podcast_source(s.data, m.id)) continue;  // a recording without sound
    auto agenda = s.archive.agenda(m.id);
    if (!agenda) return from_error(req, agenda.error());
    // RSS requires a length; 0 is the RSS Board's advice while unknown
    // (the file is made on its first download).
    const auto length = podcast_audio_size(s.data, m.id).value_or(0);
    items += "    <item>\n";
    items += fmt::format("      <title>{}</title>\n", e(m.fields.title));
    items += fmt::format("      <link>{}</link>\n", e(fmt::format("{}/meetings/{}", origin, m.id)));
    items += fmt::format("      <guid isPermaLink=\"false\">{}</guid>\n", meeting_urn(m));
    items += fmt::format("      <pubDate>{}</pubDate>\n", rfc822(m.created_at));
    items += fmt::format("      <description>{}</description>\n", e(summary(m, *agenda)));
    items += fmt::format("      <enclosure url=\"{}\" length=\"{}\" type=\"audio/mp4\"/>\n",
                         e(fmt::format("{}/media/{}/podcast.m4a", origin, m.id)), length);
    if (m.duration)
      items += fmt::format("      <itunes:duration>{}</itunes:duration>\n", std::llround(*m.duration));
    if (has_poster(s.data, m.id)) {
      const auto poster = fmt::format("{}/media/{}/poster.jpg", origin, m.id);
      items += fmt::format("      <itunes:image href=\"{}\"/>\n", e(poster));
      if (!channel_image) channel_image = poster;
    }
    items += "      <itunes:explicit>false</itunes:explicit>\n";
    items += "      <itunes:episodeType>full</itunes:episodeType>\n";
    items += "    </item>\n";
  }
  const std::string title = feed_title("회의 음성", f);
  std::string out = R"(<?xml version="1.0" encoding="utf-8"?>)"
                    "\n<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\""
                    " xmlns:atom=\"http://www.w3.org/2005/Atom\">\n  <channel>\n";
  out += fmt::format("    <title>{}</title>\n", e(title));
  out += fmt::format("    <link>{}/</link>\n", e(origin));
  out += fmt::format("    <description>{}</description>\n",
                     e("의회 회의의 음성 기록: 본회의, 상임위원회, 특별위원회 회의를 오디오로 듣습니다."));
  out += "    <language>ko</language>\n    <generator>gavel</generator>\n";
  out += fmt::format("    <lastBuildDate>{}</lastBuildDate>\n", rfc822(now_utc()));
  out += fmt::format("    <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
                     e(self_url(origin, "/feeds/podcast.xml", f)));
  out += fmt::format("    <itunes:author>{}</itunes:author>\n", e(kSiteName));
  out += "    <itunes:category text=\"Government\"/>\n";
  out += "    <itunes:explicit>false</itunes:explicit>\n    <itunes:type>episodic</itunes:type>\n";
  if (channel_image) out += fmt::format("    <itunes:image href=\"{}\"/>\n", e(*channel_image));
  out += items;
  out += "  </channel>\n</rss>\n";
  return xml_response(req, "application/rss+xml; charset=utf-8", std::move(out));
}

}  // namespace

Reply feeds_route(Services& s, const Request& req, const RequestContext& ctx, std::string_view rest,
                  const Params& query) {
  const bool is_atom = rest == "meetings.atom";
  if (!is_atom && rest != "podcast.xml")
    return text_response(req, http::status::not_found, "text/plain; charset=utf-8",
                         Text("not found\n", "찾을 수 없습니다\n").in(request_language(req)));
  Filters f{param(query, "body"), param(query, "committee")};
  if (f.body && !index::is_valid_body(*f.body))
    return error_response(
        req, Errc::bad_input,
        Text("body is plenary, standing or special",
             "body는 plenary(본회의), standing(상임위원회), special(특별위원회) 중 하나입니다"));
  if (f.committee && f.committee->size() > 200)
    return error_response(
        req, Errc::bad_input,
        Text("committee is longer than 200 bytes", "위원회 이름(committee)이 200바이트보다 깁니다"));
  auto meetings = s.archive.latest_ready_meetings({f.body, f.committee, kEntries});
  if (!meetings) return from_error(req, meetings.error());
  const auto origin = site_origin(req, ctx);
  return is_atom ? atom(s, req, origin, f, *meetings) : podcast(s, req, origin, f, *meetings);
}

Reply podcast_audio_route(Services& s, const Request& req, std::string_view rest) {
  const auto slash = rest.find('/');
  auto id = parse_id(rest.substr(0, slash));
  if (!id || rest.substr(slash + 1) != "podcast.m4a")
    return error_response(req, Errc::not_found, Text("no such media file", "그런 미디어 파일이 없습니다"));
  auto made = podcast_audio(s.archive, s.data, *id);
  if (!made) return from_error(req, made.error());  // busy: 503 with Retry-After
  // The path comes from the id, and the file is one this server wrote.
  return serve_file(req, *made, {"audio/mp4", "public, max-age=3600", /*cors=*/true});
}

}  // namespace gavel::server
