// GET /api/v1/meetings/{id}/clip.mp4 and the agenda's clip links.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "gavel/transcode/transcoder.hpp"
#include "recess_suggestions.hpp"
#include "router.hpp"
#include "router_test_support.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

class ClipRouteTest : public RouterFixture {
 protected:
  std::int64_t add_packaged_meeting() {
    const auto clip = test::make_clip(dir_ / "clip.mp4", 12);
    const auto id = *index_->archive().create_meeting(
        {"plenary", std::nullopt, 291, "extraordinary", 1, "2026-11-20", "제291회 임시회 제1차 본회의"});
    transcode::Options options;
    options.ladder = {{240, 300}};
    options.x264_preset = "ultrafast";
    options.pictures = false;
    auto summary = transcode::transcode({clip}, data_.media(id), options);
    EXPECT_TRUE(summary) << (summary ? "" : summary.error().message);
    index_->archive().set_status(id, "ready", std::nullopt, summary ? summary->duration : 12.0);
    return id;
  }
  std::string clip_path(std::int64_t id, const std::string& query) {
    return "/api/v1/meetings/" + std::to_string(id) + "/clip.mp4?" + query;
  }
};

TEST_F(ClipRouteTest, SpanIsServedAsAFaststartMp4AndKept) {
  const auto id = add_packaged_meeting();
  auto res = get(clip_path(id, "start=3.5&end=9"));
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res[http::field::content_type], "video/mp4");
  EXPECT_EQ(res[http::field::accept_ranges], "bytes");
  const auto& bytes = res.body();
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(4, 4), "ftyp");
  EXPECT_LT(bytes.find("moov"), bytes.find("mdat"));
  EXPECT_EQ(bytes.find("moof"), std::string::npos) << "not fragmented";

  std::size_t kept = 0;
  for (const auto& e : fs::directory_iterator(data_.root() / "clips")) {
    EXPECT_NE(e.path().filename().string().front(), '.') << "no partial file is left behind";
    ++kept;
  }
  EXPECT_EQ(kept, 1u);
  auto again = get(clip_path(id, "start=3.5&end=9&quality=720p"));
  ASSERT_EQ(again.result(), http::status::ok);
  EXPECT_EQ(again.body(), bytes) << "the same span is the same file";

  Request ranged{http::verb::get, clip_path(id, "start=3.5&end=9"), 11};
  ranged.set(http::field::range, "bytes=0-99");
  auto part = render(router_->handle(ranged));
  EXPECT_EQ(part.result(), http::status::partial_content);
  EXPECT_EQ(part.body(), bytes.substr(0, 100));
}

TEST_F(ClipRouteTest, BadSpansAreRefusedWithAMessage) {
  const auto id = add_packaged_meeting();
  for (const char* query : {"end=5", "start=abc&end=5", "start=5&end=5", "start=-1&end=5",
                            "start=0&end=10801", "start=0&end=5&quality=huge", "start=50&end=60"}) {
    auto res = get(clip_path(id, query));
    EXPECT_EQ(res.result(), http::status::bad_request) << query;
    const auto body = boost::json::parse(res.body());
    EXPECT_FALSE(body.at("error").at("message").as_string().empty()) << query;
  }
  EXPECT_EQ(get(clip_path(id + 100, "start=0&end=5")).result(), http::status::not_found);
  EXPECT_EQ(get("/api/v1/meetings/x/clip.mp4?start=0&end=5").result(), http::status::not_found);
}

TEST_F(ClipRouteTest, AgendaItemsLinkTheirClip) {
  const auto id = add_ready_meeting();
  auto res = get("/api/v1/meetings/" + std::to_string(id));
  ASSERT_EQ(res.result(), http::status::ok);
  const auto body = boost::json::parse(res.body());
  EXPECT_EQ(text(body.at("agenda").at(0).at("clip")),
            "/api/v1/meetings/" + std::to_string(id) + "/clip.mp4?start=7&end=21");
}

}  // namespace
}  // namespace gavel::server

namespace gavel::server {
namespace {

TEST_F(ClipRouteTest, MeetingJsonCarriesTheSuggestedRecesses) {
  const auto id = add_ready_meeting();
  auto body = boost::json::parse(get("/api/v1/meetings/" + std::to_string(id)).body());
  EXPECT_TRUE(body.at("suggested_recesses").as_array().empty());
  test::write_text(data_.media(id) / "suggestions.json",
                   R"({"suggested_recesses":[{"start":20.5,"end":50.25,"kind":"silence+still"}]})");
  body = boost::json::parse(get("/api/v1/meetings/" + std::to_string(id)).body());
  const auto& list = body.at("suggested_recesses").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_DOUBLE_EQ(list[0].at("start").to_number<double>(), 20.5);
  EXPECT_DOUBLE_EQ(list[0].at("end").to_number<double>(), 50.25);
  EXPECT_EQ(text(list[0].at("kind")), "silence+still");

  // With captions, a recess declared just before the silence starts at the declaration.
  ASSERT_TRUE(index_->captions().replace_captions(id, "ko",
                                                  {{10, 14, "의사일정 제이항을 상정합니다."},
                                                   {18, 19.5, "정회를 선포합니다."},
                                                   {51, 53, "회의를 속개하겠습니다."}}));
  body = boost::json::parse(get("/api/v1/meetings/" + std::to_string(id)).body());
  const auto& declared = body.at("suggested_recesses").as_array();
  ASSERT_EQ(declared.size(), 1u);
  EXPECT_DOUBLE_EQ(declared[0].at("start").to_number<double>(), 18);
  EXPECT_DOUBLE_EQ(declared[0].at("end").to_number<double>(), 50.25);
  EXPECT_TRUE(declared[0].at("declared").as_bool());
}

TEST(RecessDeclarations, OnlyADeclarationJustBeforeTheSilenceMovesIt) {
  boost::json::array suggestions{boost::json::object{{"start", 100.0}, {"end", 400.0}, {"kind", "silence"}},
                                 boost::json::object{{"start", 900.0}, {"end", 1200.0}, {"kind", "silence"}}};
  align_to_declarations(suggestions, {{40, 43, "정회를 선포합니다."},    // long before the first: ignored
                                      {97, 99, "잠시 정회하겠습니다."},  // just before it
                                      {850, 860, "예산 질의를 계속하겠습니다."}});  // no declaration
  EXPECT_DOUBLE_EQ(suggestions[0].at("start").to_number<double>(), 97);
  EXPECT_DOUBLE_EQ(suggestions[1].at("start").to_number<double>(), 900);
  EXPECT_FALSE(suggestions[1].as_object().contains("declared"));
}

}  // namespace
}  // namespace gavel::server
