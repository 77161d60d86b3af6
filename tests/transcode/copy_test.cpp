// The top rendition remuxed from a browser-ready source, and the encoded
// rungs following its keyframes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "copy_policy.hpp"
#include "fixtures.hpp"
#include "gavel/media/probe.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "inspect.hpp"
#include "playlists.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// A camera file ready for the web: H.264 High with B-frames, keyframes at
// uneven instants (as scene detection leaves them), AAC-LC stereo 48 kHz.
fs::path make_camera_file(const fs::path& file, double seconds,
                          const std::string& keyframes = "0,1.32,2.88,5.08,6.6,9.2") {
  test::ffmpeg(
      fmt::format("-f lavfi -i testsrc2=s=320x240:r=25 -f lavfi -i sine=f=440:r=48000 -t {} -c:v libx264 "
                  "-preset veryfast "
                  "-pix_fmt yuv420p -x264-params keyint=300:scenecut=0 -force_key_frames {} -c:a aac -ac 2 "
                  "-shortest '{}'",
                  seconds, keyframes, file.string()));
  return file;
}

Options small_ladder() {
  Options o;
  o.ladder = {{240, 300}, {120, 120}};
  o.x264_preset = "ultrafast";
  return o;
}

std::string expected_codec_string(const fs::path& source) {
  auto info = media::probe(source);
  EXPECT_TRUE(info && info->video);
  const auto& config = info->video->codec_config;
  return codec_string(AV_CODEC_ID_H264, config.data(), static_cast<int>(config.size()));
}

double first_pts(const std::vector<test::PacketFacts>& packets) {
  double first = 1e9;
  for (const auto& p : packets) first = std::min(first, p.pts);
  return first;
}

TEST(Copy, BrowserReadyH264BecomesTheTopRenditionPacketForPacket) {
  TempDir dir;
  const auto source = make_camera_file(dir / "camera.mp4", 10);
  auto summary = transcode({source}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  ASSERT_GE(summary->renditions.size(), 3u);
  const RenditionSummary& top = summary->renditions[0];
  EXPECT_EQ(top.name, "240p");
  EXPECT_TRUE(top.copied);
  EXPECT_EQ(top.height, 240);
  EXPECT_EQ(top.codecs, expected_codec_string(source));
  EXPECT_FALSE(summary->renditions[1].copied) << "smaller rungs are encoded";
  const std::string master = test::read_text(dir / "out" / "master.m3u8");
  EXPECT_NE(master.find("CODECS=\"" + top.codecs + ",mp4a.40.2\",RESOLUTION=320x240"), std::string::npos)
      << master;

  const auto original = test::read_packets(source, AVMEDIA_TYPE_VIDEO);
  const auto copied =
      test::read_packets(test::join_rendition(dir / "out" / "240p", dir / "top.mp4"), AVMEDIA_TYPE_VIDEO);
  ASSERT_EQ(copied.size(), original.size());
  for (std::size_t i = 0; i < original.size(); ++i)
    ASSERT_EQ(copied[i].data, original[i].data) << "packet " << i;
}

TEST(Copy, EncodedRungsCutSegmentsAtTheCopiedKeyframes) {
  TempDir dir;
  const auto source = make_camera_file(dir / "camera.mp4", 10);
  auto summary = transcode({source}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;

  // Segments can only cut at the copy's keyframes: the first one at or
  // after 6 s is at 6.6 s, and every rendition must cut there too.
  const auto top = test::segments_of(dir / "out" / "240p" / "index.m3u8");
  const auto low = test::segments_of(dir / "out" / "120p" / "index.m3u8");
  ASSERT_EQ(top.size(), 2u);
  ASSERT_EQ(low.size(), top.size());
  EXPECT_NEAR(top[0].duration, 6.6, 1e-6);
  for (std::size_t i = 0; i < top.size(); ++i) EXPECT_DOUBLE_EQ(low[i].duration, top[i].duration) << i;

  // And the encoded rung has IDR frames at exactly the copy's instants.
  const auto copy_keys = test::keyframe_times(
      test::read_packets(test::join_rendition(dir / "out" / "240p", dir / "top.mp4"), AVMEDIA_TYPE_VIDEO));
  const auto rung_keys = test::keyframe_times(
      test::read_packets(test::join_rendition(dir / "out" / "120p", dir / "low.mp4"), AVMEDIA_TYPE_VIDEO));
  ASSERT_EQ(copy_keys.size(), 6u);
  ASSERT_EQ(rung_keys.size(), copy_keys.size());
  for (std::size_t i = 0; i < copy_keys.size(); ++i) EXPECT_NEAR(rung_keys[i], copy_keys[i], 1e-3) << i;
}

TEST(Copy, CopiedVideoEncodedRungsAndSoundStartTogetherNearZero) {
  TempDir dir;
  const auto source = make_camera_file(dir / "camera.mp4", 4, "0,2");
  auto summary = transcode({source}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  const double top = first_pts(
      test::read_packets(test::join_rendition(dir / "out" / "240p", dir / "top.mp4"), AVMEDIA_TYPE_VIDEO));
  const double low = first_pts(
      test::read_packets(test::join_rendition(dir / "out" / "120p", dir / "low.mp4"), AVMEDIA_TYPE_VIDEO));
  const double sound = first_pts(
      test::read_packets(test::join_rendition(dir / "out" / "audio", dir / "audio.mp4"), AVMEDIA_TYPE_AUDIO));
  // The copy's B-frames (x264 veryfast: 2 frames of reordering) and the
  // rung without any are lined up on the same first picture.
  EXPECT_NEAR(low, top, 1e-3);
  EXPECT_LT(top, 0.2) << "the timeline starts at 0, give or take the reorder delay";
  // AAC's first packet is its priming frame, 1024 samples before the sound.
  EXPECT_NEAR(sound + 1024.0 / 48000, top, 2e-3);
}

TEST(Copy, AacLcStereoIsRemuxedAsItIs) {
  TempDir dir;
  const auto source = make_camera_file(dir / "camera.mp4", 4, "0,2");
  auto summary = transcode({source}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  const RenditionSummary& audio = summary->renditions.back();
  ASSERT_TRUE(audio.audio_only);
  EXPECT_TRUE(audio.copied);
  const auto original = test::read_packets(source, AVMEDIA_TYPE_AUDIO);
  const auto copied =
      test::read_packets(test::join_rendition(dir / "out" / "audio", dir / "a.mp4"), AVMEDIA_TYPE_AUDIO);
  ASSERT_EQ(copied.size(), original.size());
  for (std::size_t i = 0; i < original.size(); ++i)
    ASSERT_EQ(copied[i].data, original[i].data) << "packet " << i;
}

TEST(Copy, JoinedPartsWithTheSameSettingsStayCopied) {
  TempDir dir;
  const auto a = make_camera_file(dir / "a.mp4", 3, "0,2");
  const auto b = make_camera_file(dir / "b.mp4", 4, "0,2");
  auto summary = transcode({a, b}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_TRUE(summary->renditions[0].copied);
  EXPECT_NEAR(summary->duration, 7.0, 2.0 / 25);
  const auto copied =
      test::read_packets(test::join_rendition(dir / "out" / "240p", dir / "top.mp4"), AVMEDIA_TYPE_VIDEO);
  EXPECT_EQ(copied.size(), test::read_packets(a, AVMEDIA_TYPE_VIDEO).size() +
                               test::read_packets(b, AVMEDIA_TYPE_VIDEO).size());
}

TEST(Copy, PicturesBrowsersCannotShowAreReencoded) {
  TempDir dir;
  // 4:4:4 H.264 (High 4:4:4 Predictive) plays in no browser.
  test::make_clip(dir / "in.mp4", 2, "320x240", "25",
                  "-c:v libx264 -preset ultrafast -pix_fmt yuv444p -c:a aac");
  auto summary = transcode({dir / "in.mp4"}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->renditions[0].name, "240p");
  EXPECT_FALSE(summary->renditions[0].copied);
  EXPECT_NE(summary->renditions[0].codecs, expected_codec_string(dir / "in.mp4"));
  EXPECT_EQ(summary->renditions[0].codecs.rfind("avc1.f4", 0), std::string::npos)
      << "not High 4:4:4 any more";
}

TEST(Copy, CanBeTurnedOff) {
  TempDir dir;
  const auto source = make_camera_file(dir / "camera.mp4", 2, "0");
  Options options = small_ladder();
  options.copy_browser_ready_video = false;
  options.copy_browser_ready_audio = false;
  auto summary = transcode({source}, dir / "out", options);
  ASSERT_TRUE(summary) << summary.error().message;
  for (const auto& r : summary->renditions) EXPECT_FALSE(r.copied) << r.name;
}

TEST(Copy, CancellingStopsACopyToo) {
  TempDir dir;
  const auto source = make_camera_file(dir / "camera.mp4", 4, "0,2");
  auto summary = transcode({source}, dir / "out", small_ladder(), [](const Progress&) { return false; });
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, gavel::Errc::cancelled);
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// --- which sources are browser-ready, without media files

media::VideoTrack camera_h264() {
  media::VideoTrack v;
  v.codec = "h264";
  v.width = 1920;
  v.height = 1080;
  v.frame_rate = 30000.0 / 1001;
  v.constant_frame_rate = true;
  v.profile = FF_PROFILE_H264_HIGH;
  v.level = 40;
  v.pixel_format = "yuv420p";
  v.bit_rate = 4'000'000;
  v.codec_config = {1, 0x64, 0, 0x28};
  return v;
}

TEST(CopyPolicy, AcceptsTheCommonCameraFile) {
  EXPECT_TRUE(video_is_browser_ready(camera_h264(), Options{}));
  auto baseline = camera_h264();
  baseline.profile = FF_PROFILE_H264_CONSTRAINED_BASELINE;
  EXPECT_TRUE(video_is_browser_ready(baseline, Options{}));
}

TEST(CopyPolicy, RefusesWhatSomePlayerCannotShow) {
  const Options o;
  auto changed = [](auto change) {
    auto v = camera_h264();
    change(v);
    return v;
  };
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.codec = "hevc"; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.profile = FF_PROFILE_H264_HIGH_10; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.pixel_format = "yuv422p"; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.level = 51; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.interlaced = true; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.rotation = 90; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.sample_aspect = 4.0 / 3; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.constant_frame_rate = false; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.frame_rate = 59.94; }), o))
      << "the ladder halves it";
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.bit_rate = 25'000'000; }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.codec_config.clear(); }), o));
  EXPECT_FALSE(video_is_browser_ready(changed([](auto& v) { v.longest_keyframe_interval = 10; }), o))
      << "segments would be 10 s long";
  EXPECT_TRUE(video_is_browser_ready(changed([](auto& v) { v.longest_keyframe_interval = 6; }), o));
  Options small;
  small.ladder = {{720, 1600}};
  EXPECT_FALSE(video_is_browser_ready(camera_h264(), small)) << "taller than the ladder allows";
}

TEST(CopyPolicy, AudioOnlyAacLcStereoAtCommonRates) {
  media::AudioTrack a;
  a.codec = "aac";
  a.profile = FF_PROFILE_AAC_LOW;
  a.channels = 2;
  a.sample_rate = 48000;
  a.codec_config = {0x11, 0x90};
  EXPECT_TRUE(audio_is_browser_ready(a));
  a.sample_rate = 44100;
  EXPECT_TRUE(audio_is_browser_ready(a));
  a.channels = 1;
  EXPECT_FALSE(audio_is_browser_ready(a)) << "mono is made stereo";
  a.channels = 2;
  a.profile = FF_PROFILE_AAC_HE;
  EXPECT_FALSE(audio_is_browser_ready(a));
  a.profile = FF_PROFILE_AAC_LOW;
  a.codec = "mp2";
  EXPECT_FALSE(audio_is_browser_ready(a));
}

TEST(CopyPolicy, PartsMustShareOneConfiguration) {
  media::MediaInfo a, b;
  a.video = camera_h264();
  b.video = camera_h264();
  EXPECT_TRUE(plan_copy({a, b}, 0, Options{}).video);
  b.video->codec_config = {1, 0x64, 0, 0x29};
  EXPECT_FALSE(plan_copy({a, b}, 0, Options{}).video) << "one init segment cannot serve both";
}

}  // namespace
}  // namespace gavel::transcode
