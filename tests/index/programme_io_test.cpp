#include "gavel/index/programme_io.hpp"

#include <gtest/gtest.h>

namespace gavel::index {
namespace {

const char* kAgendaJson = R"({
  "meeting": {"body": "plenary", "committee": null, "session": 290, "session_kind": "extraordinary", "number": 1,
              "date": "2026-11-13", "title": "제290회 인천광역시의회 임시회 제1차 본회의"},
  "agenda": [
    {"no": 1, "title": "인천광역시 주민참여예산 조례 일부개정조례안", "start": 7, "end": 21},
    {"no": 2, "title": "공공시설 개방 및 이용에 관한 조례안", "start": "0:21", "end": 35, "result": "가결"}
  ],
  "speakers": [{"name": "김의장", "role": "의장", "start": 0, "end": 7}],
  "recess": [{"start": 35, "end": 42}]
})";

TEST(ProgrammeJson, ReadsTheCorpusShape) {
  auto p = parse_programme_json(kAgendaJson, 60.0);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_TRUE(p->meeting);
  EXPECT_EQ(p->meeting->session, 290);
  ASSERT_EQ(p->agenda.size(), 2u);
  EXPECT_DOUBLE_EQ(p->agenda[1].start, 21);
  EXPECT_EQ(p->agenda[1].result, "가결");
  ASSERT_EQ(p->speakers.size(), 1u);
  EXPECT_EQ(p->speakers[0].role, "의장");
  ASSERT_EQ(p->recesses.size(), 1u);
}

TEST(ProgrammeJson, RoundTrips) {
  auto p = parse_programme_json(kAgendaJson, std::nullopt);
  ASSERT_TRUE(p);
  auto again = parse_programme_json(programme_to_json(*p), std::nullopt);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->agenda.size(), 2u);
  EXPECT_EQ(again->agenda[0].title, p->agenda[0].title);
  EXPECT_EQ(again->recesses.size(), 1u);
}

TEST(ProgrammeJson, RefusesWithTheEntryAndReason) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"agenda": [{"no": 1, "title": "a", "start": 10, "end": 5}]})",
       "agenda[0]: end 5 is not after start 10"},
      {R"({"agenda": [{"no": 1, "title": "a", "start": 1}, {"no": 1, "title": "b", "start": 2}]})",
       "agenda[1]: item number 1 is used twice"},
      {R"({"agenda": [{"no": 1, "title": "a", "start": 100}]})", "agenda[0]: start 100 is after the end"},
      {R"({"agenda": [{"no": 1, "title": "a"}]})", "agenda[0]: start is missing"},
      {R"({"speakers": [{"name": "", "start": 1}]})", "speakers[0]: the speaker has no name"},
      {R"({"agenda": [{"no": 1, "title": "a", "start": "soon"}]})", "agenda[0]: start is not a time"},
      {"{\n\"agenda\": [\n{\"no\": 1,,}]}", "line 3: not valid JSON"},
      {R"({"meeting": {"body": "council"}})", "meeting: body is plenary"},
  };
  for (const auto& c : cases) {
    auto p = parse_programme_json(c.json, 60.0);
    ASSERT_FALSE(p) << c.json;
    EXPECT_EQ(p.error().code, gavel::Errc::bad_input);
    EXPECT_NE(p.error().message.find(c.message), std::string::npos) << p.error().message;
  }
}

TEST(ProgrammeCsv, ReadsQuotedFieldsAndClockTimes) {
  const std::string csv =
      "\xEF\xBB\xBFkind,no,title,name,role,start,end,result\r\n"
      "agenda,1,\"조례안, 일부개정\",,,0:07,0:21,가결\r\n"
      "speaker,,,김의장,의장,0,7,\r\n"
      "\r\n"
      "recess,,,,,35,42,\r\n";
  auto p = parse_programme_csv(csv, 60.0);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->agenda.size(), 1u);
  EXPECT_EQ(p->agenda[0].title, "조례안, 일부개정");
  EXPECT_DOUBLE_EQ(p->agenda[0].end.value(), 21);
  EXPECT_EQ(p->speakers.at(0).name, "김의장");
  EXPECT_EQ(p->recesses.size(), 1u);
  auto again = parse_programme_csv(programme_to_csv(*p), 60.0);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->agenda[0].title, "조례안, 일부개정");
}

TEST(ProgrammeCsv, NamesTheLineOfTheProblem) {
  auto bad_time =
      parse_programme_csv("kind,no,title,start,end\nagenda,1,a,0,5\nagenda,2,b,later,9\n", std::nullopt);
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().message.find("line 3: start 'later' is not a time"), std::string::npos)
      << bad_time.error().message;
  auto order = parse_programme_csv("kind,no,title,start,end\nagenda,1,a,0,5\nagenda,2,b,9,3\n", std::nullopt);
  ASSERT_FALSE(order);
  EXPECT_NE(order.error().message.find("line 3: end 3 is not after start 9"), std::string::npos)
      << order.error().message;
  auto kind = parse_programme_csv("kind,start\nvote,1\n", std::nullopt);
  ASSERT_FALSE(kind);
  EXPECT_NE(kind.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(parse_programme_csv("no,title\n1,a\n", std::nullopt));
}

// Korean pages show the same refusal in Korean: the line as "N번째 줄".
TEST(ProgrammeCsv, NamesTheLineOfTheProblemInKorean) {
  auto bad_time =
      parse_programme_csv("kind,no,title,start,end\nagenda,1,a,0,5\nagenda,2,b,later,9\n", std::nullopt);
  ASSERT_FALSE(bad_time);
  EXPECT_NE(
      bad_time.error().message_ko.find("3번째 줄: start 값이 시각(초 또는 H:MM:SS)이 아닙니다: 'later'"),
      std::string::npos)
      << bad_time.error().message_ko;
  auto order = parse_programme_csv("kind,no,title,start,end\nagenda,1,a,0,5\nagenda,2,b,9,3\n", std::nullopt);
  ASSERT_FALSE(order);
  EXPECT_NE(order.error().message_ko.find("3번째 줄: 끝 시각(3초)이 시작 시각(9초) 뒤가 아닙니다"),
            std::string::npos)
      << order.error().message_ko;
  auto kind = parse_programme_csv("kind,start\nvote,1\n", std::nullopt);
  ASSERT_FALSE(kind);
  EXPECT_NE(kind.error().message_ko.find("2번째 줄: kind가"), std::string::npos) << kind.error().message_ko;
  auto header = parse_programme_csv("no,title\n1,a\n", std::nullopt);
  ASSERT_FALSE(header);
  EXPECT_NE(header.error().message_ko.find("1번째 줄: 머리글에 'kind' 열이 없습니다"), std::string::npos)
      << header.error().message_ko;
  auto cp949 = parse_programme_csv("kind,start\nagenda,\xB1\xE8\n", std::nullopt);
  ASSERT_FALSE(cp949);
  EXPECT_NE(cp949.error().message_ko.find("CSV UTF-8"), std::string::npos) << cp949.error().message_ko;
}

TEST(ProgrammeJson, RefusesWithTheEntryAndReasonInKorean) {
  struct Case {
    const char* json;
    const char* message_ko;
  };
  // JSON paths stay as they are; the reason is Korean.
  const Case cases[] = {
      {R"({"agenda": [{"no": 1, "title": "a", "start": 10, "end": 5}]})",
       "agenda[0]: 끝 시각(5초)이 시작 시각(10초) 뒤가 아닙니다"},
      {R"({"agenda": [{"no": 1, "title": "a", "start": 1}, {"no": 1, "title": "b", "start": 2}]})",
       "agenda[1]: 안건 번호 1번이 두 번 쓰였습니다"},
      {R"({"agenda": [{"no": 1, "title": "a", "start": 100}]})",
       "agenda[0]: 시작 시각(100초)이 녹화 길이(60초)를 넘습니다"},
      {R"({"agenda": [{"no": 1, "title": "a"}]})", "agenda[0]: 시작 시각(start)이 없습니다"},
      {R"({"speakers": [{"name": "", "start": 1}]})", "speakers[0]: 발언자 이름이 없습니다"},
      {"{\n\"agenda\": [\n{\"no\": 1,,}]}", "3번째 줄: 올바른 JSON이 아닙니다"},
      {R"({"meeting": {"body": "council"}})", "meeting: body는 plenary(본회의)"},
      {"[1]", "파일: 객체 {...}여야 합니다"},
  };
  for (const auto& c : cases) {
    auto p = parse_programme_json(c.json, 60.0);
    ASSERT_FALSE(p) << c.json;
    EXPECT_NE(p.error().message_ko.find(c.message_ko), std::string::npos) << p.error().message_ko;
  }
}

TEST(ProgrammeTime, ParsesSecondsAndClocks) {
  EXPECT_EQ(parse_time("754"), 754);
  EXPECT_EQ(parse_time("754.5"), 754.5);
  EXPECT_EQ(parse_time("12:34"), 754);
  EXPECT_EQ(parse_time("1:02:34.5"), 3754.5);
  for (const char* bad : {"", "-1", "1:60", "a", "1::2", "1:2:3:4", "1.5:30"})
    EXPECT_FALSE(parse_time(bad)) << bad;
}

}  // namespace
}  // namespace gavel::index
