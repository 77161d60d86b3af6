#include "router.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "fixtures.hpp"
#include "router_test_support.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

using RouterTest = RouterFixture;

TEST_F(RouterTest, HealthzAnswers) {
  auto res = get("/healthz");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(boost::json::parse(res.body()).at("status"), "ok");
}

TEST_F(RouterTest, MeetingApiReturnsWhatWasStored) {
  const auto id = add_ready_meeting();
  auto res = get("/api/v1/meetings/" + std::to_string(id));
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json; charset=utf-8");
  auto m = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(m.at("id").as_int64(), id);
  EXPECT_EQ(m.at("title"), "기획행정위원회 제2차 회의");
  EXPECT_EQ(m.at("committee"), "기획행정위원회");
  EXPECT_EQ(m.at("status"), "ready");
  EXPECT_DOUBLE_EQ(m.at("duration").as_double(), 60.0);
  EXPECT_EQ(m.at("session").at("number").as_int64(), 290);
  EXPECT_EQ(text(m.at("playback").at("master")), "/media/" + std::to_string(id) + "/master.m3u8");
  auto agenda = m.at("agenda").as_array();
  ASSERT_EQ(agenda.size(), 1u);
  EXPECT_EQ(agenda[0].at("result"), "가결");
  EXPECT_EQ(text(agenda[0].at("url")), "/meetings/" + std::to_string(id) + "?t=7");
  EXPECT_EQ(m.at("speakers").as_array()[0].at("name"), "이실장");
}

TEST_F(RouterTest, MeetingListIsNewestFirstAndFilters) {
  add_ready_meeting();
  index_->archive().set_status(*index_->archive().create_meeting({"plenary", std::nullopt, std::nullopt,
                                                                  std::nullopt, 1, "2027-01-05", "newer"}),
                               "ready");
  auto res = get("/api/v1/meetings");
  ASSERT_EQ(res.result(), http::status::ok);
  auto list = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(list.at("total").as_int64(), 2);
  EXPECT_EQ(list.at("meetings").as_array()[0].at("title"), "newer");
  auto filtered = boost::json::parse(get("/api/v1/meetings?body=standing").body()).as_object();
  EXPECT_EQ(filtered.at("total").as_int64(), 1);
  EXPECT_EQ(get("/api/v1/meetings?body=nonsense").result(), http::status::bad_request);
  EXPECT_EQ(get("/api/v1/meetings?page=abc").result(), http::status::bad_request);
}

TEST_F(RouterTest, FacetsListCommitteesYearsAndBodies) {
  add_ready_meeting();
  index_->archive().set_status(*index_->archive().create_meeting({"plenary", std::nullopt, std::nullopt,
                                                                  std::nullopt, 1, "2024-03-02", "old"}),
                               "ready");
  auto f = boost::json::parse(get("/api/v1/meetings/facets").body()).as_object();
  EXPECT_EQ(f.at("committees").as_array().size(), 1u);
  EXPECT_EQ(f.at("committees").as_array()[0], "기획행정위원회");
  ASSERT_EQ(f.at("years").as_array().size(), 2u);
  EXPECT_EQ(f.at("years").as_array()[0].as_int64(), 2026);
  EXPECT_EQ(f.at("bodies").at("plenary").as_int64(), 1);
  auto list = boost::json::parse(get("/api/v1/meetings?body=standing").body()).as_object();
  EXPECT_EQ(list.at("meetings").as_array()[0].at("agenda_count").as_int64(), 1);
}

TEST_F(RouterTest, UnknownMeetingIsA404InTheErrorShape) {
  for (const char* target :
       {"/api/v1/meetings/999", "/api/v1/meetings/abc", "/api/v1/meetings/-1", "/api/v1/meetings/0"}) {
    auto res = get(target);
    EXPECT_EQ(res.result(), http::status::not_found) << target;
    auto body = boost::json::parse(res.body());
    EXPECT_EQ(body.at("error").at("code"), "not_found") << target;
    EXPECT_FALSE(body.at("error").at("message").as_string().empty());
  }
}

TEST_F(RouterTest, ServesMediaWithTheRightTypesAndCaching) {
  const auto id = add_ready_meeting();
  const std::string base = "/media/" + std::to_string(id);
  auto master = get(base + "/master.m3u8");
  ASSERT_EQ(master.result(), http::status::ok);
  EXPECT_EQ(master[http::field::content_type], "application/vnd.apple.mpegurl");
  auto segment = get(base + "/720p/seg00000.m4s");
  ASSERT_EQ(segment.result(), http::status::ok);
  EXPECT_EQ(segment[http::field::content_type], "video/mp4");
  EXPECT_EQ(segment.body().size(), 1000u);
  EXPECT_NE(segment[http::field::cache_control].find("immutable"), std::string::npos);
  auto head = get(base + "/720p/seg00000.m4s", http::verb::head);
  EXPECT_EQ(head.result(), http::status::ok);
  EXPECT_EQ(head[http::field::content_length], "1000");
}

TEST_F(RouterTest, PathsOutsideTheMediaTreeAreRefused) {
  const auto id = add_ready_meeting();
  test::write_text(dir_ / "data" / "gavel-secret.txt", "secret");
  fs::create_symlink(dir_ / "data" / "gavel-secret.txt", data_.media(id) / "link.m3u8");
  const std::string base = "/media/" + std::to_string(id);
  for (const std::string& target :
       std::vector<std::string>{base + "/../../gavel-secret.txt", base + "/%2e%2e/%2e%2e/gavel-secret.txt",
                                base + "/..%2fgavel.db", base + "/720p/%00.m4s", "/media/../gavel.db",
                                "/media/1abc/master.m3u8", base + "//etc/passwd", base + "/.hidden",
                                base + "/link.m3u8", "/media/999/master.m3u8", base + "/"}) {
    auto res = get(target);
    EXPECT_TRUE(res.result() == http::status::bad_request || res.result() == http::status::not_found)
        << target << " gave " << res.result_int();
    EXPECT_EQ(res.body().find("secret"), std::string::npos) << target;
  }
}

TEST_F(RouterTest, WritesToReadOnlyRoutesAreRefused) {
  EXPECT_EQ(get("/healthz", http::verb::post).result(), http::status::method_not_allowed);
  EXPECT_EQ(get("/api/v1/meetings", http::verb::put).result(), http::status::method_not_allowed);
  EXPECT_EQ(get("/api/v1/nothing").result(), http::status::not_found);
}

TEST_F(RouterTest, MeetingPageIsServed) {
  auto res = get("/meetings/12");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(get("/meetings/..").result(), http::status::not_found);
  EXPECT_EQ(get("/assets/../../etc/passwd").result(), http::status::not_found);
}

}  // namespace
}  // namespace gavel::server

namespace gavel::server {
namespace {

class MediaHeadersTest : public RouterFixture {
 protected:
  http::response<http::string_body> get_with(const std::string& target,
                                             std::vector<std::pair<http::field, std::string>> headers,
                                             http::verb verb = http::verb::get) {
    Request req{verb, target, 11};
    for (const auto& [f, v] : headers) req.set(f, v);
    return render(router_->handle(req));
  }
};

TEST_F(MediaHeadersTest, ByteRangesAnswer206And416) {
  const auto id = add_ready_meeting();
  const std::string seg = "/media/" + std::to_string(id) + "/720p/seg00000.m4s";
  test::write_text(data_.media(id) / "720p" / "seg00000.m4s", "0123456789");
  auto part = get_with(seg, {{http::field::range, "bytes=2-5"}});
  EXPECT_EQ(part.result(), http::status::partial_content);
  EXPECT_EQ(part.body(), "2345");
  EXPECT_EQ(part[http::field::content_range], "bytes 2-5/10");
  EXPECT_EQ(get_with(seg, {{http::field::range, "bytes=7-"}}).body(), "789");
  EXPECT_EQ(get_with(seg, {{http::field::range, "bytes=-3"}}).body(), "789");
  EXPECT_EQ(get_with(seg, {{http::field::range, "bytes=8-100"}}).body(), "89");
  auto beyond = get_with(seg, {{http::field::range, "bytes=10-"}});
  EXPECT_EQ(beyond.result(), http::status::range_not_satisfiable);
  EXPECT_EQ(beyond[http::field::content_range], "bytes */10");
  // Several ranges are answered with the whole file.
  EXPECT_EQ(get_with(seg, {{http::field::range, "bytes=0-1,4-5"}}).result(), http::status::ok);
}

TEST_F(MediaHeadersTest, ConditionalRequestsGet304) {
  const auto id = add_ready_meeting();
  const std::string seg = "/media/" + std::to_string(id) + "/720p/seg00000.m4s";
  auto first = get(seg);
  const std::string etag(first[http::field::etag]);
  const std::string modified(first[http::field::last_modified]);
  ASSERT_FALSE(etag.empty());
  ASSERT_FALSE(modified.empty());
  auto again = get_with(seg, {{http::field::if_none_match, etag}});
  EXPECT_EQ(again.result(), http::status::not_modified);
  EXPECT_TRUE(again.body().empty());
  EXPECT_EQ(get_with(seg, {{http::field::if_modified_since, modified}}).result(), http::status::not_modified);
  EXPECT_EQ(get_with(seg, {{http::field::if_none_match, "\"other\""}}).result(), http::status::ok);
  EXPECT_EQ(get_with(seg, {{http::field::if_modified_since, "Thu, 01 Jan 1970 00:00:00 GMT"}}).result(),
            http::status::ok);
}

TEST_F(MediaHeadersTest, PlayersOnOtherOriginsMayFetch) {
  const auto id = add_ready_meeting();
  const std::string master = "/media/" + std::to_string(id) + "/master.m3u8";
  auto res = get_with(master, {{http::field::origin, "https://news.example"}});
  EXPECT_EQ(res[http::field::access_control_allow_origin], "*");
  EXPECT_NE(res[http::field::access_control_expose_headers].find("Content-Range"), std::string::npos);
  auto preflight = get_with(master,
                            {{http::field::origin, "https://news.example"},
                             {http::field::access_control_request_method, "GET"},
                             {http::field::access_control_request_headers, "range"}},
                            http::verb::options);
  EXPECT_EQ(preflight.result(), http::status::no_content);
  EXPECT_NE(preflight[http::field::access_control_allow_headers].find("Range"), std::string::npos);
}

TEST_F(MediaHeadersTest, PlaylistsAreGzippedWhenAsked) {
  const auto id = add_ready_meeting();
  std::string playlist = "#EXTM3U\n";
  for (int i = 0; i < 500; ++i) playlist += "#EXTINF:6.000000,\nseg" + std::to_string(i) + ".m4s\n";
  test::write_text(data_.media(id) / "720p" / "index.m3u8", playlist);
  const std::string url = "/media/" + std::to_string(id) + "/720p/index.m3u8";
  auto zipped = get_with(url, {{http::field::accept_encoding, "gzip, deflate"}});
  EXPECT_EQ(zipped[http::field::content_encoding], "gzip");
  EXPECT_LT(zipped.body().size(), playlist.size() / 4);
  EXPECT_EQ(zipped.body().substr(0, 2), "\x1f\x8b");
  auto plain = get(url);
  EXPECT_TRUE(plain[http::field::content_encoding].empty());
  EXPECT_EQ(plain.body(), playlist);
  // Segments are never compressed.
  auto seg = get_with("/media/" + std::to_string(id) + "/720p/seg00000.m4s",
                      {{http::field::accept_encoding, "gzip"}});
  EXPECT_TRUE(seg[http::field::content_encoding].empty());
}

}  // namespace
}  // namespace gavel::server
