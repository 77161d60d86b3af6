// Inputs fuzz/run.sh found, kept as tests so the fixes stay.
#include <gtest/gtest.h>

#include "gavel/index/captions.hpp"
#include "gavel/index/programme_io.hpp"

namespace {

TEST(FuzzRegressions, ACueTimeOfAbsurdHoursIsRefused) {
  // Was accepted; writing it back as WebVTT overflowed the milliseconds.
  const std::string srt =
      "1\r\n00:00:01,000 --> "
      "0066666666666666666666666666666666666666666666666666666666666666666:00:02,500\r\nx\r\n";
  auto cues = gavel::index::parse_captions(srt);
  ASSERT_FALSE(cues);
  EXPECT_NE(cues.error().message.find("not a cue timing"), std::string::npos) << cues.error().message;
}

TEST(FuzzRegressions, LongButSaneCueTimesStillRoundTrip) {
  auto cues = gavel::index::parse_captions("WEBVTT\n\n99:59:58.000 --> 99:59:59.500\nlate\n");
  ASSERT_TRUE(cues) << cues.error().message;
  auto again = gavel::index::parse_captions(gavel::index::to_webvtt(*cues));
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_DOUBLE_EQ((*again)[0].end, 99 * 3600 + 59 * 60 + 59.5);
}

TEST(FuzzRegressions, ACsvProgrammeThatIsNotUtf8IsRefused) {
  // "예산안" as CP949 (what Excel saves as plain CSV) once reached the index
  // and made the programme's JSON export invalid.
  const std::string csv =
      "kind,no,title,name,role,start,end,result\nagenda,1,\xBF\xB9\xBB\xEA\xBE\xC8,,,60,,\n";
  auto p = gavel::index::parse_programme_csv(csv, std::nullopt);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("UTF-8"), std::string::npos) << p.error().message;
  auto ok = gavel::index::parse_programme_csv(
      "kind,no,title,name,role,start,end,result\nagenda,1,예산안,,,60,,\n", std::nullopt);
  ASSERT_TRUE(ok) << ok.error().message;
  auto again = gavel::index::parse_programme_json(gavel::index::programme_to_json(*ok), std::nullopt);
  EXPECT_TRUE(again) << again.error().message;
}

}  // namespace

namespace {

TEST(FuzzRegressions, CsvAgendaNumbersHaveTheJsonBound) {
  // The CSV importer took 1520572531; the JSON importer (and so the
  // programme's own JSON export) refuses numbers from a million up.
  auto p = gavel::index::parse_programme_csv(
      "kind,no,title,name,role,start,end,result\nagenda,1520572531,a,,,0,600,\n", std::nullopt);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("whole number"), std::string::npos) << p.error().message;
}

}  // namespace
