// poster.jpg and the seek-bar storyboard.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "fixtures.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "inspect.hpp"
#include "jpeg.hpp"
#include "storyboard.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

Options small_ladder() {
  Options o;
  o.ladder = {{120, 120}};
  o.x264_preset = "ultrafast";
  return o;
}

struct Cue {
  double start = 0, end = 0;
  std::string target;
};

double seconds(const std::string& stamp) {
  int h = 0, m = 0, s = 0, ms = 0;
  std::sscanf(stamp.c_str(), "%d:%d:%d.%d", &h, &m, &s, &ms);
  return h * 3600 + m * 60 + s + ms / 1000.0;
}

std::vector<Cue> read_cues(const fs::path& vtt) {
  const std::string text = test::read_text(vtt);
  EXPECT_EQ(text.rfind("WEBVTT\n", 0), 0u);
  static const std::regex cue(R"((\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)\n([^\n]+)\n)");
  std::vector<Cue> cues;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), cue); it != std::sregex_iterator(); ++it)
    cues.push_back({seconds((*it)[1]), seconds((*it)[2]), (*it)[3]});
  return cues;
}

TEST(Pictures, PosterAndStoryboardCoverTheMeeting) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "in.mp4", 7, "320x240", "25");
  Options options = small_ladder();
  options.storyboard_interval = 1;
  auto summary = transcode({clip}, dir / "out", options);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->poster, "poster.jpg");
  const auto poster = test::decode_picture(dir / "out" / "poster.jpg");
  EXPECT_EQ(poster.width, 320);
  EXPECT_EQ(poster.height, 240);

  ASSERT_EQ(summary->storyboard, "storyboard.vtt");
  const auto cues = read_cues(dir / "out" / "storyboard.vtt");
  ASSERT_EQ(cues.size(), 7u);
  double covered = 0;
  for (std::size_t i = 0; i < cues.size(); ++i) {
    EXPECT_DOUBLE_EQ(cues[i].start, covered) << "cue " << i << " leaves no gap";
    EXPECT_GT(cues[i].end, cues[i].start);
    covered = cues[i].end;
    // 4:3 pictures make 160x120 tiles, ten to a row.
    EXPECT_EQ(cues[i].target, fmt::format("sprite-0.jpg#xywh={},0,160,120", i * 160));
  }
  EXPECT_NEAR(covered, summary->duration, 0.001);
  const auto sheet = test::decode_picture(dir / "out" / "sprite-0.jpg");
  EXPECT_EQ(sheet.width, 1600);
  EXPECT_EQ(sheet.height, 120) << "one row used";
}

TEST(Pictures, PosterPassesOverABlackLeadIn) {
  TempDir dir;
  test::ffmpeg(
      "-f lavfi -i color=c=black:s=320x240:r=25:d=3 -f lavfi -i testsrc2=s=320x240:r=25:d=3 "
      "-filter_complex '[0][1]concat=n=2:v=1:a=0' -c:v libx264 -preset ultrafast '" +
      (dir / "in.mp4").string() + "'");
  auto summary = transcode({dir / "in.mp4"}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  const auto poster = test::decode_picture(dir / "out" / "poster.jpg");
  EXPECT_EQ(poster.width, 320);
  EXPECT_GT(poster.mean_luma, 60) << "the black lead-in was chosen";
}

TEST(Pictures, AudioOnlyRecordingGetsAPlainPosterAndNoStoryboard) {
  TempDir dir;
  test::ffmpeg("-f lavfi -i sine=f=300:r=48000 -t 3 -c:a aac '" + (dir / "in.m4a").string() + "'");
  auto summary = transcode({dir / "in.m4a"}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->poster, "poster.jpg");
  const auto poster = test::decode_picture(dir / "out" / "poster.jpg");
  EXPECT_EQ(poster.width, 1280);
  EXPECT_EQ(poster.height, 720);
  EXPECT_TRUE(summary->storyboard.empty());
  EXPECT_FALSE(fs::exists(dir / "out" / "storyboard.vtt"));
}

TEST(Pictures, CanBeTurnedOff) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "in.mp4", 2, "320x240", "25");
  Options options = small_ladder();
  options.pictures = false;
  auto summary = transcode({clip}, dir / "out", options);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_TRUE(summary->poster.empty());
  EXPECT_FALSE(fs::exists(dir / "out" / "poster.jpg"));
  EXPECT_FALSE(fs::exists(dir / "out" / "storyboard.vtt"));
}

TEST(Storyboard, MapsEveryRangeToItsTileAcrossSheets) {
  TempDir dir;
  Storyboard board(dir.path(), StoryboardLayout{2.0, 16, 8, 3, 2});
  media::Frame tile = make_picture(16, 8, 200, 128, 128);
  // A repeat (2 s twice) is skipped, a gap (4 s) filled by the next tile.
  for (double t : {0.0, 2.0, 2.0, 6.0, 8.0, 10.0, 12.0}) ASSERT_TRUE(board.add(tile.get(), t));
  EXPECT_EQ(board.tiles(), 7);
  auto vtt = board.finish(13.5);
  ASSERT_TRUE(vtt) << vtt.error().message;
  const auto cues = read_cues(dir / *vtt);
  ASSERT_EQ(cues.size(), 7u);
  EXPECT_EQ(cues[4].target, "sprite-0.jpg#xywh=16,8,16,8");
  EXPECT_EQ(cues[6].target, "sprite-1.jpg#xywh=0,0,16,8");
  EXPECT_DOUBLE_EQ(cues[6].start, 12.0);
  EXPECT_DOUBLE_EQ(cues[6].end, 13.5);
  const auto full = test::decode_picture(dir / "sprite-0.jpg");
  EXPECT_EQ(full.width, 48);
  EXPECT_EQ(full.height, 16);
  const auto last = test::decode_picture(dir / "sprite-1.jpg");
  EXPECT_EQ(last.height, 8) << "the last sheet keeps only the rows it uses";
}

TEST(Storyboard, CoversTheWholeDurationWhenPicturesStopEarly) {
  TempDir dir;
  Storyboard board(dir.path(), StoryboardLayout{2.0, 16, 8, 10, 10});
  media::Frame tile = make_picture(16, 8, 200, 128, 128);
  ASSERT_TRUE(board.add(tile.get(), 0));
  auto vtt = board.finish(5.0);
  ASSERT_TRUE(vtt);
  const auto cues = read_cues(dir / *vtt);
  ASSERT_EQ(cues.size(), 3u);
  EXPECT_DOUBLE_EQ(cues.back().end, 5.0);
}

}  // namespace
}  // namespace gavel::transcode
