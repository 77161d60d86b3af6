#include "gavel/media/probe.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "gavel/media/libav.hpp"

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

TEST(Probe, ReadsWhatDecidesWhetherAStreamCanBeCopied) {
  TempDir dir;
  const auto clip =
      test::make_clip(dir / "clip.mp4", 4, "320x240", "25",
                      "-c:v libx264 -preset veryfast -profile:v high -level 3.0 -pix_fmt yuv420p -g 50 "
                      "-c:a aac -ac 2");
  auto info = probe(clip);
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_TRUE(info->video);
  EXPECT_EQ(info->video->profile, FF_PROFILE_H264_HIGH);
  EXPECT_EQ(info->video->level, 30);
  EXPECT_EQ(info->video->pixel_format, "yuv420p");
  EXPECT_TRUE(info->video->constant_frame_rate);
  EXPECT_GT(info->video->bit_rate, 0);
  EXPECT_NEAR(info->video->longest_keyframe_interval, 2.0, 0.05) << "x264 -g 50 at 25 fps";
  ASSERT_GE(info->video->codec_config.size(), 4u);
  EXPECT_EQ(info->video->codec_config[0], 1) << "MP4 keeps an avcC record";
  ASSERT_EQ(info->audio.size(), 1u);
  EXPECT_EQ(info->audio[0].profile, FF_PROFILE_AAC_LOW);
  EXPECT_EQ(info->audio[0].channels, 2);
  EXPECT_FALSE(info->audio[0].codec_config.empty());
}

TEST(Probe, TellsVariableFrameRateFromConstant) {
  TempDir dir;
  // A video-call export: three pictures of every ten dropped.
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=30 -t 3 -vf \"select='lt(mod(n\\,10)\\,7)'\" -fps_mode vfr "
      "-c:v libx264 -preset ultrafast '" +
      (dir / "vfr.mp4").string() + "'");
  auto info = probe(dir / "vfr.mp4");
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_TRUE(info->video);
  EXPECT_FALSE(info->video->constant_frame_rate);
}

TEST(Probe, DetectsInterlacedBroadcastVideo) {
  TempDir dir;
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=720x576:r=25 -t 1 -vf interlace=scan=tff -c:v mpeg2video "
      "-flags +ilme+ildct -top 1 '" +
      (dir / "i.ts").string() + "'");
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
  EXPECT_EQ(info.error().code, gavel::Errc::empty);
  EXPECT_NE(info.error().message.find("empty.mp4"), std::string::npos);
}

TEST(Probe, TextFileIsNotARecording) {
  TempDir dir;
  test::write_text(dir / "minutes.mp4", "This is the minutes document, not a recording.\n");
  auto info = probe(dir / "minutes.mp4");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, gavel::Errc::not_media);
  EXPECT_NE(info.error().message.find("minutes.mp4"), std::string::npos);
  EXPECT_NE(info.error().message.find("not a recording"), std::string::npos);
  EXPECT_NE(info.error().message_ko.find("minutes.mp4: 녹화 파일이 아닙니다"), std::string::npos)
      << info.error().message_ko;
}

TEST(Probe, CutOffUploadSaysHowMuchArrived) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "full.mp4", 4, "320x240", "25");
  const std::string bytes = test::read_text(clip);
  test::write_text(dir / "cut.mp4", bytes.substr(0, bytes.size() * 2 / 5));
  auto info = probe(dir / "cut.mp4");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, gavel::Errc::truncated);
  EXPECT_NE(info.error().message.find("cut off at 4"), std::string::npos) << info.error().message;
  EXPECT_NE(info.error().message.find("not fully uploaded"), std::string::npos);
  // The clerk page in Korean: how much arrived, and to upload it whole.
  EXPECT_NE(info.error().message_ko.find("cut.mp4: 4"), std::string::npos) << info.error().message_ko;
  EXPECT_NE(info.error().message_ko.find("끝까지"), std::string::npos) << info.error().message_ko;
  EXPECT_NE(info.error().message_in(Language::ko).find("다시 올려 주세요"), std::string::npos);
  EXPECT_EQ(info.error().message_in(Language::en), info.error().message);
}

TEST(Probe, MissingFileIsNotFound) {
  auto info = probe("/nonexistent/gavel/file.mp4");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, gavel::Errc::not_found);
}

}  // namespace
}  // namespace gavel::media
