// The Atom feed, the podcast feed and its M4A enclosures, through the router.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "gavel/transcode/transcoder.hpp"
#include "router.hpp"
#include "router_test_support.hpp"
#include "xml_check.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;
using Headers = std::vector<std::pair<std::string, std::string>>;

class FeedsTest : public RouterFixture {
 protected:
  http::response<http::string_body> fetch(const std::string& target,
                                          const Headers& headers = {{"Host", "archive.example"}},
                                          http::verb verb = http::verb::get) {
    Request req{verb, target, 11};
    for (const auto& [name, value] : headers) req.set(name, value);
    return render(router_->handle(req));
  }

  // The document's root; fails the test when it is not well-formed.
  test::XmlElement parse(const std::string& body) {
    auto parsed = test::parse_xml(body);
    if (auto* why = std::get_if<std::string>(&parsed)) {
      ADD_FAILURE() << "not well-formed XML: " << *why << "\n" << body;
      return {};
    }
    return std::get<test::XmlElement>(parsed);
  }

  std::int64_t add_meeting(const std::string& body, std::optional<std::string> committee,
                           const std::string& title, const std::string& status = "ready") {
    const auto id = *index_->archive().create_meeting(
        {body, committee, std::nullopt, std::nullopt, 1, "2026-12-01", title});
    index_->archive().set_status(id, status, std::nullopt, 30.0);
    return id;
  }

  // A meeting packaged by the real engine from a short generated clip.
  std::int64_t add_packaged_meeting(const std::string& status = "ready") {
    const auto clip = test::make_clip(dir_ / "clip.mp4", 8);
    const auto id = *index_->archive().create_meeting(
        {"plenary", std::nullopt, 291, "extraordinary", 1, "2026-11-20", "제291회 임시회 제1차 본회의"});
    transcode::Options options;
    options.ladder = {{240, 300}};
    options.x264_preset = "ultrafast";
    auto summary = transcode::transcode({clip}, data_.media(id), options);
    EXPECT_TRUE(summary) << (summary ? "" : summary.error().message);
    index_->archive().set_status(id, status, std::nullopt, summary ? summary->duration : 8.0);
    return id;
  }
};

std::vector<std::string> entry_titles(const test::XmlElement& feed) {
  std::vector<std::string> titles;
  for (const auto* e : feed.all("entry")) titles.push_back(e->child_text("title"));
  return titles;
}

// Top-level MP4 boxes in order: what a player reads before the first sample.
std::vector<std::string> top_level_boxes(const std::string& data) {
  std::vector<std::string> boxes;
  std::size_t pos = 0;
  while (pos + 8 <= data.size()) {
    std::uint64_t size = 0;
    for (int i = 0; i < 4; ++i) size = (size << 8) | static_cast<unsigned char>(data[pos + i]);
    const std::string type = data.substr(pos + 4, 4);
    if (size == 1 && pos + 16 <= data.size()) {
      size = 0;
      for (int i = 8; i < 16; ++i) size = (size << 8) | static_cast<unsigned char>(data[pos + i]);
    } else if (size == 0) {
      size = data.size() - pos;
    }
    boxes.push_back(type);
    if (size < 8) break;
    pos += size;
  }
  return boxes;
}

TEST(XmlCheck, TellsWellFormedFromIllFormed) {
  EXPECT_TRUE(std::holds_alternative<test::XmlElement>(test::parse_xml(
      "<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\"><b>&lt;&#xAC00;</b><!-- c --><c/></a>\n")));
  for (const char* bad :
       {"<a><b></a>", "<a>&</a>", "<a x=1/>", "<a/><b/>", "<a>\x01</a>", "<a>\xff</a>", "<a x=\"<\"/>",
        "<a>&nbsp;</a>", "<a x=\"1\" x=\"2\"/>", "<a>", "text", "<a>]]></a>"})
    EXPECT_TRUE(std::holds_alternative<std::string>(test::parse_xml(bad))) << bad;
}

TEST_F(FeedsTest, AtomFeedIsWellFormedAndListsReadyMeetings) {
  const auto id = add_ready_meeting();
  add_meeting("plenary", std::nullopt, "아직 처리 중인 회의", "processing");
  auto res = fetch("/feeds/meetings.atom");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/atom+xml; charset=utf-8");
  const auto feed = parse(res.body());
  EXPECT_EQ(feed.name, "feed");
  EXPECT_EQ(feed.attr("xmlns"), "http://www.w3.org/2005/Atom");
  EXPECT_FALSE(feed.child_text("id").empty());
  EXPECT_FALSE(feed.child_text("title").empty());
  EXPECT_NE(feed.child("author"), nullptr);  // entries then need none of their own
  const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  EXPECT_TRUE(std::regex_match(feed.child_text("updated"), rfc3339)) << feed.child_text("updated");
  bool self = false;
  for (const auto* link : feed.all("link"))
    self |= link->attr("rel") == "self" && link->attr("href") == "http://archive.example/feeds/meetings.atom";
  EXPECT_TRUE(self);

  ASSERT_EQ(feed.all("entry").size(), 1u);
  const auto& entry = *feed.all("entry")[0];
  EXPECT_EQ(entry.child_text("title"), "기획행정위원회 제2차 회의");
  EXPECT_EQ(entry.child_text("id").substr(0, 9), "urn:uuid:");
  EXPECT_TRUE(std::regex_match(entry.child_text("updated"), rfc3339));
  ASSERT_NE(entry.child("link"), nullptr);
  EXPECT_EQ(entry.child("link")->attr("href"), "http://archive.example/meetings/" + std::to_string(id));
  const auto summary = entry.child_text("summary");
  for (const char* fact : {"2026-11-13", "상임위원회", "기획행정위원회", "제290회 정례회 제2차",
                           "1. 주민참여예산 조례 일부개정조례안"})
    EXPECT_NE(summary.find(fact), std::string::npos) << fact << " missing from: " << summary;
}

TEST_F(FeedsTest, MarkupAndControlCharactersInTextCannotBreakTheFeed) {
  const auto id =
      add_meeting("standing", "R&D <위원회>", "<script>alert(\"x\")</script> & 'quoted'\x01 제1차");
  index_->archive().replace_agenda(id, {{1, "]]> & <![CDATA[", 0, std::nullopt, std::nullopt}});
  for (const char* target : {"/feeds/meetings.atom", "/feeds/podcast.xml"}) {
    auto res = fetch(target);
    ASSERT_EQ(res.result(), http::status::ok) << target;
    parse(res.body());
  }
  const auto feed = parse(fetch("/feeds/meetings.atom").body());
  ASSERT_EQ(feed.all("entry").size(), 1u);
  EXPECT_EQ(feed.all("entry")[0]->child_text("title"), "<script>alert(\"x\")</script> & 'quoted' 제1차");
  EXPECT_NE(feed.all("entry")[0]->child_text("summary").find("]]> & <![CDATA["), std::string::npos);
}

TEST_F(FeedsTest, FeedsFilterByBodyAndCommittee) {
  add_ready_meeting();  // standing, 기획행정위원회
  add_meeting("plenary", std::nullopt, "제1차 본회의");
  add_meeting("standing", "행정자치위원회", "행정자치위원회 제1차");
  auto all = entry_titles(parse(fetch("/feeds/meetings.atom").body()));
  EXPECT_EQ(all.size(), 3u);
  EXPECT_EQ(entry_titles(parse(fetch("/feeds/meetings.atom?body=plenary").body())),
            std::vector<std::string>{"제1차 본회의"});
  // 기획행정위원회, percent-encoded as a browser sends it.
  auto committee = parse(
      fetch("/feeds/meetings.atom?committee=%EA%B8%B0%ED%9A%8D%ED%96%89%EC%A0%95%EC%9C%84%EC%9B%90%ED%9A%8C")
          .body());
  EXPECT_EQ(entry_titles(committee), std::vector<std::string>{"기획행정위원회 제2차 회의"});
  bool self = false;
  for (const auto* link : committee.all("link"))
    self |=
        link->attr("rel") == "self" && link->attr("href").find("committee=%EA%B8%B0") != std::string::npos;
  EXPECT_TRUE(self);
  EXPECT_EQ(fetch("/feeds/meetings.atom?body=council").result(), http::status::bad_request);
  EXPECT_EQ(fetch("/feeds/podcast.xml?body=council").result(), http::status::bad_request);
  EXPECT_EQ(fetch("/feeds/other.xml").result(), http::status::not_found);
  EXPECT_EQ(fetch("/feeds/meetings.atom", {}, http::verb::post).result(), http::status::method_not_allowed);
}

TEST_F(FeedsTest, EntryIdsStayTheSameWhenAMeetingIsEdited) {
  const auto a = add_meeting("plenary", std::nullopt, "첫 회의");
  add_meeting("plenary", std::nullopt, "둘째 회의");
  auto ids = [&] {
    std::map<std::string, std::string> by_title;
    const auto feed = parse(fetch("/feeds/meetings.atom").body());
    for (const auto* e : feed.all("entry")) by_title[e->child_text("title")] = e->child_text("id");
    return by_title;
  };
  const auto before = ids();
  ASSERT_EQ(before.size(), 2u);
  EXPECT_NE(before.at("첫 회의"), before.at("둘째 회의"));
  index::MeetingFields change;
  change.title = "첫 회의 (수정)";
  ASSERT_TRUE(index_->archive().update_meeting(a, change));
  const auto after = ids();
  EXPECT_EQ(after.at("첫 회의 (수정)"), before.at("첫 회의"));
  // Another host sees the same ids: they do not come from the Host header.
  auto other = parse(fetch("/feeds/meetings.atom", {{"Host", "mirror.example:8443"}}).body());
  for (const auto* e : other.all("entry")) EXPECT_EQ(e->child_text("id"), after.at(e->child_text("title")));
}

TEST_F(FeedsTest, LinksAreAbsoluteFromHostAndForwardedProto) {
  const auto id = add_meeting("plenary", std::nullopt, "회의");
  const auto page = "/meetings/" + std::to_string(id);
  auto href = [&](const Headers& headers) {
    const auto feed = parse(fetch("/feeds/meetings.atom", headers).body());
    return feed.all("entry").empty() ? std::string() : feed.all("entry")[0]->child("link")->attr("href");
  };
  EXPECT_EQ(href({{"Host", "archive.example"}}), "http://archive.example" + page);
  EXPECT_EQ(href({{"Host", "archive.example:8080"}}), "http://archive.example:8080" + page);
  EXPECT_EQ(href({{"Host", "archive.example"}, {"X-Forwarded-Proto", "https"}}),
            "https://archive.example" + page);
  EXPECT_EQ(href({{"Host", "archive.example"}, {"X-Forwarded-Proto", "https, http"}}),
            "https://archive.example" + page);
  EXPECT_EQ(href({{"Host", "archive.example"}, {"X-Forwarded-Proto", "gopher"}}),
            "http://archive.example" + page);
  EXPECT_EQ(href({{"Host", "evil.example\"><script>"}}), "http://localhost" + page);
  EXPECT_EQ(href({}), "http://localhost" + page);
}

TEST_F(FeedsTest, PodcastFeedOffersEachMeetingsAudioAsAPlainM4a) {
  const auto id = add_packaged_meeting();
  add_ready_meeting();  // ready, but fake media with no audio rendition: no episode
  const std::string audio_url = "http://archive.example/media/" + std::to_string(id) + "/podcast.m4a";

  auto res = fetch("/feeds/podcast.xml");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/rss+xml; charset=utf-8");
  auto rss = parse(res.body());
  EXPECT_EQ(rss.name, "rss");
  EXPECT_EQ(rss.attr("version"), "2.0");
  EXPECT_EQ(rss.attr("xmlns:itunes"), "http://www.itunes.com/dtds/podcast-1.0.dtd");
  const auto* channel = rss.child("channel");
  ASSERT_NE(channel, nullptr);
  for (const char* required :
       {"title", "link", "description", "language", "itunes:author", "itunes:explicit"})
    EXPECT_FALSE(channel->child_text(required).empty()) << required;
  ASSERT_NE(channel->child("itunes:category"), nullptr);
  EXPECT_EQ(channel->child("itunes:category")->attr("text"), "Government");
  ASSERT_EQ(channel->all("item").size(), 1u);
  const auto& item = *channel->all("item")[0];
  EXPECT_EQ(item.child_text("title"), "제291회 임시회 제1차 본회의");
  EXPECT_EQ(item.child_text("link"), "http://archive.example/meetings/" + std::to_string(id));
  EXPECT_EQ(item.child_text("guid").substr(0, 9), "urn:uuid:");
  EXPECT_TRUE(std::regex_match(
      item.child_text("pubDate"),
      std::regex(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000)")))
      << item.child_text("pubDate");
  EXPECT_EQ(item.child_text("itunes:duration"), "8");
  EXPECT_EQ(item.child_text("itunes:explicit"), "false");
  ASSERT_NE(item.child("itunes:image"), nullptr);
  EXPECT_EQ(item.child("itunes:image")->attr("href"),
            "http://archive.example/media/" + std::to_string(id) + "/poster.jpg");
  const auto* enclosure = item.child("enclosure");
  ASSERT_NE(enclosure, nullptr);
  EXPECT_EQ(enclosure->attr("url"), audio_url);
  EXPECT_EQ(enclosure->attr("type"), "audio/mp4");
  EXPECT_EQ(enclosure->attr("length"), "0");  // not made yet

  // First request: made from the audio rendition, then served as a file.
  auto audio = fetch("/media/" + std::to_string(id) + "/podcast.m4a");
  ASSERT_EQ(audio.result(), http::status::ok) << audio.body();
  EXPECT_EQ(audio[http::field::content_type], "audio/mp4");
  EXPECT_EQ(audio[http::field::accept_ranges], "bytes");
  const auto& bytes = audio.body();
  ASSERT_GT(bytes.size(), 1000u);
  const auto boxes = top_level_boxes(bytes);
  ASSERT_FALSE(boxes.empty());
  EXPECT_EQ(boxes.front(), "ftyp");
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_LT(moov - boxes.begin(), mdat - boxes.begin()) << "moov must come before mdat (faststart)";
  EXPECT_EQ(std::find(boxes.begin(), boxes.end(), "moof"), boxes.end()) << "not fragmented";
  EXPECT_EQ(bytes.substr(8, 4), "M4A ");  // major brand

  // The whole file decodes, and lasts as long as the meeting.
  const auto copy = dir_ / "podcast.m4a";
  test::write_text(copy, bytes);
  std::string out;
  ASSERT_EQ(test::run_command(std::string(GAVEL_FFMPEG) + " -v error -i " + copy.string() + " -f null - 2>&1",
                              &out),
            0)
      << out;
  const auto ffprobe = fs::path(GAVEL_FFMPEG).parent_path() / "ffprobe";
  if (fs::exists(ffprobe)) {
    ASSERT_EQ(
        test::run_command(
            ffprobe.string() + " -v error -show_entries format=duration -of csv=p=0 " + copy.string(), &out),
        0);
    EXPECT_NEAR(std::stod(out), 8.0, 0.2) << out;
  }

  // Ranges and HEAD work on it like on any media file; the feed now knows its size.
  Request range{http::verb::get, "/media/" + std::to_string(id) + "/podcast.m4a", 11};
  range.set(http::field::range, "bytes=0-99");
  auto part = render(router_->handle(range));
  EXPECT_EQ(part.result(), http::status::partial_content);
  EXPECT_EQ(part.body(), bytes.substr(0, 100));
  auto head = fetch("/media/" + std::to_string(id) + "/podcast.m4a", {}, http::verb::head);
  EXPECT_EQ(head.result(), http::status::ok);
  EXPECT_EQ(head[http::field::content_length], std::to_string(bytes.size()));
  rss = parse(fetch("/feeds/podcast.xml").body());
  EXPECT_EQ(rss.child("channel")->all("item")[0]->child("enclosure")->attr("length"),
            std::to_string(bytes.size()));

  // Made once: a second download is the same file, not a new export.
  const auto made = fs::last_write_time(data_.media(id) / "podcast.m4a");
  EXPECT_EQ(fetch("/media/" + std::to_string(id) + "/podcast.m4a").body(), bytes);
  EXPECT_EQ(fs::last_write_time(data_.media(id) / "podcast.m4a"), made);
  // Nothing half-written is left beside it.
  for (const auto& entry : fs::directory_iterator(data_.media(id)))
    EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();
}

TEST_F(FeedsTest, PodcastAudioWaitsUntilTheMeetingIsReady) {
  const auto id = add_packaged_meeting("processing");
  EXPECT_TRUE(parse(fetch("/feeds/podcast.xml").body()).child("channel")->all("item").empty());
  EXPECT_EQ(fetch("/media/" + std::to_string(id) + "/podcast.m4a").result(), http::status::not_found);
  EXPECT_FALSE(fs::exists(data_.media(id) / "podcast.m4a"));
  EXPECT_EQ(fetch("/media/999/podcast.m4a").result(), http::status::not_found);
  const auto fake = add_ready_meeting();  // no audio rendition
  EXPECT_EQ(fetch("/media/" + std::to_string(fake) + "/podcast.m4a").result(), http::status::not_found);
}

TEST_F(FeedsTest, ConcurrentFirstDownloadsShareOneExport) {
  const auto id = add_packaged_meeting();
  const std::string target = "/media/" + std::to_string(id) + "/podcast.m4a";
  std::vector<std::string> bodies(4);
  std::vector<std::thread> threads;
  for (auto& body : bodies)
    threads.emplace_back([&] {
      Request req{http::verb::get, target, 11};
      auto res = render(router_->handle(req));
      EXPECT_EQ(res.result(), http::status::ok);
      body = res.body();
    });
  for (auto& t : threads) t.join();
  for (const auto& body : bodies) {
    EXPECT_EQ(body.size(), bodies[0].size());
    EXPECT_EQ(body.substr(4, 4), "ftyp");
  }
}

}  // namespace
}  // namespace gavel::server
