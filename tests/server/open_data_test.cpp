// The open-data exports: CSV (RFC 4180, UTF-8 with BOM) and JSON.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "router.hpp"
#include "router_test_support.hpp"

namespace gavel::server {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// RFC 4180 read strictly: CRLF between records, quotes doubled inside
// quoted fields, nothing after a closing quote but a comma or the line end.
Rows parse_csv(std::string_view text) {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return rows;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        EXPECT_NE(text[i], '"') << "a quote inside an unquoted field";
        field += text[i++];
      }
    }
    row.push_back(std::move(field));
    field.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (text.substr(i, 2) == "\r\n") {
      i += 2;
    } else if (i < text.size()) {
      ADD_FAILURE() << "records must end with CRLF, at byte " << i;
      return rows;
    }
    rows.push_back(std::move(row));
    row.clear();
  }
  return rows;
}

class OpenDataTest : public RouterFixture {
 protected:
  http::response<http::string_body> fetch(const std::string& target, http::verb verb = http::verb::get) {
    Request req{verb, target, 11};
    req.set(http::field::host, "archive.example");
    return render(router_->handle(req));
  }

  // The CSV's records after checking the byte order mark and the type.
  Rows csv(const std::string& target) {
    auto res = fetch(target);
    EXPECT_EQ(res.result(), http::status::ok) << target;
    EXPECT_EQ(res[http::field::content_type], "text/csv; charset=utf-8; header=present");
    EXPECT_NE(res[http::field::content_disposition].find("attachment"), std::string::npos);
    const std::string_view body = res.body();
    EXPECT_EQ(body.substr(0, 3), "\xEF\xBB\xBF") << target << " has no UTF-8 byte order mark";
    return parse_csv(body.substr(3));
  }

  // Column `name` of every data row.
  static std::vector<std::string> column(const Rows& rows, const std::string& name) {
    std::vector<std::string> out;
    if (rows.empty()) return out;
    const auto at = std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin();
    for (std::size_t r = 1; r < rows.size(); ++r) out.push_back(rows[r].at(static_cast<std::size_t>(at)));
    return out;
  }

  std::int64_t add_tricky_meeting() {
    const auto id =
        *index_->archive().create_meeting({"special", "예산결산특별위원회", std::nullopt, std::nullopt, 3,
                                           "2026-12-02", "예산안 심사, \"계수조정\"\n제3차"});
    index_->archive().set_status(id, "ready");
    index_->archive().replace_agenda(id, {{1, "2027년도 예산안, 수정", 0, 100.5, std::nullopt}});
    index_->archive().replace_speakers(id, {{"김위원", std::nullopt, 12.25, std::nullopt}});
    index_->captions().replace_captions(id, "ko",
                                        {{1.5, 3.0, "안녕하세요, \"여러분\"\n두 줄"}, {4, 5, "=SUM(A1)"}});
    index_->captions().replace_captions(id, "en", {{1.5, 3.0, "Hello"}});
    return id;
  }
};

TEST_F(OpenDataTest, MeetingsCsvHoldsEveryMeetingWithItsFields) {
  const auto ready = add_ready_meeting();
  const auto tricky = add_tricky_meeting();
  const auto rows = csv("/api/v1/export/meetings.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"id", "body", "committee", "session", "session_kind", "number",
                                               "date", "title", "status", "duration", "created_at",
                                               "updated_at", "url", "master", "poster"}));
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
  EXPECT_EQ(column(rows, "id"), (std::vector<std::string>{std::to_string(ready), std::to_string(tricky)}));
  EXPECT_EQ(rows[1][2], "기획행정위원회");
  EXPECT_EQ(rows[1][3], "290");
  EXPECT_EQ(rows[1][8], "ready");
  EXPECT_EQ(rows[1][9], "60");
  EXPECT_EQ(rows[1][12], "http://archive.example/meetings/" + std::to_string(ready));
  EXPECT_EQ(rows[1][13], "http://archive.example/media/" + std::to_string(ready) + "/master.m3u8");
  EXPECT_EQ(rows[2][7], "예산안 심사, \"계수조정\"\n제3차");  // comma, quotes and newline survive
  EXPECT_EQ(rows[2][3], "");                                  // no session: empty, not "null"
  EXPECT_EQ(rows[2][13], "");                                 // nothing packaged yet
}

TEST_F(OpenDataTest, AgendaSpeakersAndCaptionsHaveOneRowEach) {
  const auto ready = add_ready_meeting();
  const auto tricky = add_tricky_meeting();
  const auto agenda = csv("/api/v1/export/agenda.csv");
  EXPECT_EQ(agenda[0],
            (std::vector<std::string>{"meeting_id", "no", "title", "start", "end", "result", "url"}));
  ASSERT_EQ(agenda.size(), 3u);
  EXPECT_EQ(agenda[1], (std::vector<std::string>{
                           std::to_string(ready), "1", "주민참여예산 조례 일부개정조례안", "7", "21", "가결",
                           "http://archive.example/meetings/" + std::to_string(ready) + "?t=7"}));
  EXPECT_EQ(agenda[2][2], "2027년도 예산안, 수정");
  EXPECT_EQ(agenda[2][4], "100.5");

  const auto speakers = csv("/api/v1/export/speakers.csv");
  EXPECT_EQ(speakers[0], (std::vector<std::string>{"meeting_id", "name", "role", "start", "end", "url"}));
  ASSERT_EQ(speakers.size(), 3u);
  EXPECT_EQ(speakers[1][1], "이실장");
  EXPECT_EQ(speakers[1][2], "기획조정실장");
  EXPECT_EQ(speakers[2], (std::vector<std::string>{
                             std::to_string(tricky), "김위원", "", "12.25", "",
                             "http://archive.example/meetings/" + std::to_string(tricky) + "?t=12"}));

  const auto captions = csv("/api/v1/export/captions.csv");
  EXPECT_EQ(captions[0], (std::vector<std::string>{"meeting_id", "lang", "start", "end", "text"}));
  ASSERT_EQ(captions.size(), 4u);
  EXPECT_EQ(captions[1], (std::vector<std::string>{std::to_string(tricky), "en", "1.5", "3", "Hello"}));
  EXPECT_EQ(captions[2], (std::vector<std::string>{std::to_string(tricky), "ko", "1.5", "3",
                                                   "안녕하세요, \"여러분\"\n두 줄"}));
  EXPECT_EQ(captions[3][4], "=SUM(A1)");
}

TEST_F(OpenDataTest, JsonExportsCarryTheApiShapeWithAbsoluteLinks) {
  const auto ready = add_ready_meeting();
  const auto tricky = add_tricky_meeting();
  auto res = fetch("/api/v1/export/meetings.json");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json; charset=utf-8");
  auto doc = boost::json::parse(res.body()).as_object();
  EXPECT_TRUE(doc.at("generated_at").is_string());
  const auto& meetings = doc.at("meetings").as_array();
  ASSERT_EQ(meetings.size(), 2u);
  EXPECT_EQ(meetings[0].at("id").as_int64(), ready);
  EXPECT_EQ(text(meetings[0].at("url")), "http://archive.example/meetings/" + std::to_string(ready));
  EXPECT_EQ(text(meetings[0].at("playback").at("master")),
            "http://archive.example/media/" + std::to_string(ready) + "/master.m3u8");
  EXPECT_EQ(meetings[0].at("agenda_count").as_int64(), 1);
  EXPECT_TRUE(meetings[0].at("updated_at").is_string());
  EXPECT_EQ(text(meetings[1].at("title")), "예산안 심사, \"계수조정\"\n제3차");

  auto archive = boost::json::parse(fetch("/api/v1/export/archive.json").body()).as_object();
  const auto& all = archive.at("meetings").as_array();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].at("agenda").as_array()[0].at("title"), "주민참여예산 조례 일부개정조례안");
  EXPECT_EQ(all[0].at("speakers").as_array()[0].at("name"), "이실장");
  EXPECT_EQ(all[1].at("id").as_int64(), tricky);
  EXPECT_EQ(all[1].at("captions").at("ko").as_array().size(), 2u);
  EXPECT_EQ(all[1].at("captions").at("ko").as_array()[0].at("text"), "안녕하세요, \"여러분\"\n두 줄");
  EXPECT_EQ(all[1].at("captions").at("en").as_array()[0].at("text"), "Hello");
}

TEST_F(OpenDataTest, LargeArchivesAreReadInPagesAndComeOutWhole) {
  for (int i = 0; i < 450; ++i)
    index_->archive().set_status(
        *index_->archive().create_meeting({"plenary", std::nullopt, std::nullopt, std::nullopt, i + 1,
                                           "2026-01-01", "회의 " + std::to_string(i)}),
        "ready");
  const auto rows = csv("/api/v1/export/meetings.csv");
  ASSERT_EQ(rows.size(), 451u);
  const auto ids = column(rows, "id");
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], std::to_string(i + 1));
  auto doc = boost::json::parse(fetch("/api/v1/export/archive.json").body());
  EXPECT_EQ(doc.at("meetings").as_array().size(), 450u);
}

TEST_F(OpenDataTest, EmptyArchiveHeadUnknownAndWrongMethod) {
  EXPECT_EQ(csv("/api/v1/export/captions.csv").size(), 1u);  // the header alone
  EXPECT_TRUE(
      boost::json::parse(fetch("/api/v1/export/archive.json").body()).at("meetings").as_array().empty());
  add_ready_meeting();
  const auto whole = fetch("/api/v1/export/meetings.csv");
  auto head = fetch("/api/v1/export/meetings.csv", http::verb::head);
  EXPECT_EQ(head.result(), http::status::ok);
  EXPECT_EQ(head[http::field::content_length], std::to_string(whole.body().size()));
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(fetch("/api/v1/export/users.csv").result(), http::status::not_found);
  EXPECT_EQ(fetch("/api/v1/export/meetings.csv", http::verb::post).result(), http::status::not_found);
}

}  // namespace
}  // namespace gavel::server
