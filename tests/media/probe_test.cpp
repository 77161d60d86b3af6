#include "gavel/media/probe.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace gavel::media {
namespace {

using test::TempDir;

TEST(Probe, ReadsStreamsAndDuration) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "clip.mp4", 3, "320x240", "25");
  auto info = probe(clip);
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_TRUE(info->video);
  EXPECT_EQ(info->video->width, 320);
  EXPECT_EQ(info->video->height, 240);
  EXPECT_NEAR(info->video->frame_rate, 25.0, 0.01);
  EXPECT_FALSE(info->video->interlaced);
  ASSERT_EQ(info->audio.size(), 1u);
  EXPECT_EQ(info->audio[0].codec, "aac");
  EXPECT_NEAR(info->duration, 3.0, 0.1);
}

TEST(Probe, DetectsInterlacedBroadcastVideo) {
  TempDir dir;
  test::ffmpeg("-f lavfi -i testsrc2=s=720x576:r=25 -t 1 -vf interlace=scan=tff -c:v mpeg2video "
               "-flags +ilme+ildct -top 1 '" + (dir / "i.ts").string() + "'");
  auto info = probe(dir / "i.ts");
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_TRUE(info->video);
  EXPECT_TRUE(info->video->interlaced);
}

TEST(Probe, EmptyFileSaysSo) {
  TempDir dir;
  test::write_text(dir / "empty.mp4", "");
  auto info = probe(dir / "empty.mp4");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, "empty");
  EXPECT_NE(info.error().message.find("empty.mp4"), std::string::npos);
}

TEST(Probe, TextFileIsNotARecording) {
  TempDir dir;
  test::write_text(dir / "minutes.mp4", "This is the minutes document, not a recording.\n");
  auto info = probe(dir / "minutes.mp4");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, "not_media");
  EXPECT_NE(info.error().message.find("minutes.mp4"), std::string::npos);
  EXPECT_NE(info.error().message.find("not a recording"), std::string::npos);
}

TEST(Probe, CutOffUploadSaysHowMuchArrived) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "full.mp4", 4, "320x240", "25");
  const std::string bytes = test::read_text(clip);
  test::write_text(dir / "cut.mp4", bytes.substr(0, bytes.size() * 2 / 5));
  auto info = probe(dir / "cut.mp4");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, "truncated");
  EXPECT_NE(info.error().message.find("cut off at 4"), std::string::npos) << info.error().message;
  EXPECT_NE(info.error().message.find("not fully uploaded"), std::string::npos);
}

TEST(Probe, MissingFileIsNotFound) {
  auto info = probe("/nonexistent/gavel/file.mp4");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, "not_found");
}

}  // namespace
}  // namespace gavel::media
