#include "gavel/index/captions.hpp"

#include <gtest/gtest.h>

namespace gavel::index {
namespace {

TEST(Captions, ReadsWebVttWithBomSettingsAndTags) {
  const std::string vtt =
      "\xEF\xBB\xBFWEBVTT - 제1차 본회의\r\n\r\n"
      "NOTE stenographer: 김속기\r\n\r\n"
      "intro\r\n00:00:00.000 --> 00:00:07.500 align:start line:90%\r\n"
      "<v 김의장>지금부터 <b>개의</b>하겠습니다.</v>\r\n둘째 줄 &amp; 끝\r\n\r\n"
      "01:02.000 --> 01:05.000\r\n짧은 시각\r\n";
  auto cues = parse_captions(vtt);
  ASSERT_TRUE(cues) << cues.error().message;
  ASSERT_EQ(cues->size(), 2u);
  EXPECT_DOUBLE_EQ((*cues)[0].end, 7.5);
  EXPECT_EQ((*cues)[0].text, "지금부터 개의하겠습니다.\n둘째 줄 & 끝");
  EXPECT_DOUBLE_EQ((*cues)[1].start, 62);
}

TEST(Captions, ReadsSrt) {
  auto cues = parse_captions(
      "1\n00:00:01,000 --> 00:00:04,250\n<i>예산</i> 심사\n\n2\n00:00:05,000 --> 00:00:06,000\n끝\n");
  ASSERT_TRUE(cues) << cues.error().message;
  ASSERT_EQ(cues->size(), 2u);
  EXPECT_DOUBLE_EQ((*cues)[0].end, 4.25);
  EXPECT_EQ((*cues)[0].text, "예산 심사");
}

TEST(Captions, RefusesMalformedTimingWithItsLine) {
  auto cues = parse_captions("WEBVTT\n\n00:00:01.000 --> soon\nx\n");
  ASSERT_FALSE(cues);
  EXPECT_NE(cues.error().message.find("line 3"), std::string::npos) << cues.error().message;
  EXPECT_FALSE(parse_captions("just some text\n"));
  EXPECT_FALSE(parse_captions(""));
}

TEST(Captions, RefusesInKoreanToo) {
  auto timing = parse_captions("WEBVTT\n\n00:00:01.000 --> soon\nx\n");
  ASSERT_FALSE(timing);
  EXPECT_NE(timing.error().message_ko.find("3번째 줄: 자막 시간 형식"), std::string::npos)
      << timing.error().message_ko;
  auto none = parse_captions("just some text\n");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message_ko.find("자막을 찾지 못했습니다"), std::string::npos)
      << none.error().message_ko;
}

TEST(Captions, WritesValidWebVtt) {
  const std::string out = to_webvtt({{3661.5, 3662, "a < b & c --> d"}});
  EXPECT_EQ(out, "WEBVTT\n\n01:01:01.500 --> 01:01:02.000\na &lt; b &amp; c --&gt; d\n\n");
  auto back = parse_captions(out);
  ASSERT_TRUE(back);
  EXPECT_EQ((*back)[0].text, "a < b & c --> d");
}

TEST(Captions, LanguageCodes) {
  EXPECT_TRUE(is_valid_language("ko"));
  EXPECT_TRUE(is_valid_language("eng"));
  for (const char* bad : {"", "k", "KO", "ko-KR", "../x", "kore"})
    EXPECT_FALSE(is_valid_language(bad)) << bad;
}

}  // namespace
}  // namespace gavel::index
