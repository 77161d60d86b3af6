// Suggested recesses: long silence and a still picture found while packaging.
#include "gavel/transcode/transcoder.hpp"

#include "fixtures.hpp"
#include "recess_detector.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// 20 s of moving test card and tone, 30 s of a grey card in silence, 20 s more.
fs::path make_recording_with_recess(const fs::path& file) {
  test::ffmpeg(
      "-f lavfi -i 'testsrc=s=320x240:r=25:d=20' -f lavfi -i 'color=c=gray:s=320x240:r=25:d=30' "
      "-f lavfi -i 'testsrc=s=320x240:r=25:d=20' "
      "-f lavfi -i 'sine=f=440:r=48000:d=20' -f lavfi -i 'anullsrc=r=48000:cl=mono,atrim=duration=30' "
      "-f lavfi -i 'sine=f=660:r=48000:d=20' "
      "-filter_complex '[0:v][3:a][1:v][4:a][2:v][5:a]concat=n=3:v=1:a=1[v][a]' -map '[v]' -map '[a]' "
      "-c:v libx264 -preset ultrafast -g 50 -c:a aac -ac 2 '" + file.string() + "'");
  return file;
}

Options small_ladder() {
  Options o;
  o.ladder = {{120, 100}};
  o.x264_preset = "ultrafast";
  o.pictures = false;
  o.copy_browser_ready_audio = false;  // copied sound is not decoded, so not measured
  return o;
}

TEST(Recess, SilentStillMiddleIsSuggestedWithinTwoSeconds) {
  TempDir dir;
  const auto source = make_recording_with_recess(dir / "in.mp4");
  auto summary = transcode({source}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  ASSERT_EQ(summary->suggested_recesses.size(), 1u);
  const auto& r = summary->suggested_recesses.front();
  EXPECT_NEAR(r.start, 20.0, 2.0);
  EXPECT_NEAR(r.end, 50.0, 2.0);
  EXPECT_EQ(r.kind, "silence+still");
  EXPECT_NE(test::read_text(dir / "out" / "suggestions.json").find("\"kind\":\"silence+still\""), std::string::npos);
}

TEST(Recess, ShorterThanTheMinimumIsNotSuggested) {
  TempDir dir;
  const auto source = make_recording_with_recess(dir / "in.mp4");
  Options o = small_ladder();
  o.recess_min_seconds = 40;
  auto summary = transcode({source}, dir / "out", o);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_TRUE(summary->suggested_recesses.empty());
}

TEST(Recess, OverlappingSilenceAndStillnessMerge) {
  auto merged = merge_suggestions({{10, 40, "silence"}, {100, 130, "silence"}}, {{12, 45, "still"}, {200, 230, "still"}});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].kind, "silence+still");
  EXPECT_DOUBLE_EQ(merged[0].start, 10);
  EXPECT_DOUBLE_EQ(merged[0].end, 45);
  EXPECT_EQ(merged[1].kind, "silence");
  EXPECT_EQ(merged[2].kind, "still");
}

// Not a unit test: GAVEL_RECESS_SAMPLE=/path/to/recording runs the
// detector on a real recording and prints what it finds.
TEST(Recess, SampleRecording) {
  const char* sample = std::getenv("GAVEL_RECESS_SAMPLE");
  if (!sample) GTEST_SKIP() << "set GAVEL_RECESS_SAMPLE to run";
  TempDir dir;
  Options o;
  o.ladder = {{360, 450}};
  o.pictures = false;
  o.copy_browser_ready_audio = false;
  o.recess_min_seconds = std::getenv("GAVEL_RECESS_MIN") ? std::atof(std::getenv("GAVEL_RECESS_MIN")) : 3.0;
  auto summary = transcode({sample}, dir / "out", o);
  ASSERT_TRUE(summary) << summary.error().message;
  for (const auto& r : summary->suggested_recesses)
    std::printf("suggested recess %.2f-%.2f %s\n", r.start, r.end, r.kind.c_str());
}

}  // namespace
}  // namespace gavel::transcode
