// Clips: a span of a packaged meeting as one plain MP4, cut without
// re-encoding.
#include "gavel/transcode/clip.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "fixtures.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "inspect.hpp"
#include "playlist_refusals.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Packaged once for the whole suite: 24 s, a 240p and a 120p rung, audio.
class Clip : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const auto source = test::make_clip(*dir_ / "in.mp4", 24, "320x240", "25");
    Options o;
    o.ladder = {{240, 400}, {120, 150}};
    o.x264_preset = "ultrafast";
    o.pictures = false;
    auto summary = transcode({source}, *dir_ / "media", o);
    ASSERT_TRUE(summary) << summary.error().message;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path media() { return *dir_ / "media"; }
  static TempDir* dir_;
};
TempDir* Clip::dir_ = nullptr;

double probed_duration(const fs::path& file) {
  std::string out;
  EXPECT_EQ(test::run_command(
                fmt::format("ffprobe -v error -show_entries format=duration -of csv=p=0 '{}'", file.string()),
                &out),
            0)
      << out;
  return std::strtod(out.c_str(), nullptr);
}

TEST_F(Clip, SpanBecomesAFaststartMp4FromTheKeyframeBeforeItsStart) {
  TempDir out;
  const auto file = out / "clip.mp4";
  auto made = export_clip(media(), {7.3, 15.1, 720}, file);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->rendition, "240p");
  EXPECT_LE(made->start, 7.3);
  EXPECT_GE(made->start, 7.3 - 2.05);

  const auto bytes = test::read_text(file);
  const auto moov = bytes.find("moov"), mdat = bytes.find("mdat");
  ASSERT_NE(moov, std::string::npos);
  ASSERT_NE(mdat, std::string::npos);
  EXPECT_LT(moov, mdat) << "moov must come first (faststart)";

  const double duration = probed_duration(file);
  EXPECT_GE(duration, 15.1 - 7.3 - 0.5);
  EXPECT_LE(duration, 15.1 - 7.3 + 2.0 + 0.5);
  const auto video = test::read_packets(file, AVMEDIA_TYPE_VIDEO);
  const auto audio = test::read_packets(file, AVMEDIA_TYPE_AUDIO);
  ASSERT_FALSE(video.empty());
  ASSERT_FALSE(audio.empty());
  EXPECT_TRUE(video.front().key) << "the clip starts on a keyframe";
  EXPECT_NEAR(video.front().pts, 0.0, 0.1);
  EXPECT_NEAR(audio.front().pts, 0.0, 0.1);
  EXPECT_NEAR(audio.back().pts, duration, 0.2);
  EXPECT_NEAR(video.back().pts, 15.1 - made->start, 0.1);

  std::string decoded;
  EXPECT_EQ(test::run_command(fmt::format("ffmpeg -v error -i '{}' -f null -", file.string()), &decoded), 0);
  EXPECT_EQ(decoded, "") << "the clip decodes cleanly";
}

TEST_F(Clip, QualityPicksTheTallestRenditionAtOrBelowElseTheShortest) {
  TempDir out;
  auto made = export_clip(media(), {0, 3, 200}, out / "a.mp4");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->rendition, "120p");
  made = export_clip(media(), {0, 3, 90}, out / "b.mp4");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->rendition, "120p");
  EXPECT_NEAR(probed_duration(out / "b.mp4"), 3.0, 0.5);
}

TEST_F(Clip, SpanToTheEndStopsAtTheEnd) {
  TempDir out;
  auto made = export_clip(media(), {20.5, 500, 720}, out / "c.mp4");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_NEAR(probed_duration(out / "c.mp4"), 24 - made->start, 0.5);
}

TEST_F(Clip, InvertedOrMissingSpansAreRefused) {
  TempDir out;
  auto made = export_clip(media(), {5, 5, 720}, out / "d.mp4");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code, gavel::Errc::bad_input);
  made = export_clip(media(), {100, 110, 720}, out / "e.mp4");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code, gavel::Errc::not_found);
  EXPECT_FALSE(fs::exists(out / "e.mp4"));
  made = export_clip(out.path(), {0, 1, 720}, out / "f.mp4");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code, gavel::Errc::not_found);
}

// Not a unit test: GAVEL_CLIP_SAMPLE=/path/to/packaged/tree cuts 10.3-25 s
// from a real packaged meeting into GAVEL_CLIP_SAMPLE_OUT (or a temp file).
TEST(ClipSample, RealTree) {
  const char* tree = std::getenv("GAVEL_CLIP_SAMPLE");
  if (!tree) GTEST_SKIP() << "set GAVEL_CLIP_SAMPLE to run";
  TempDir out;
  const char* keep = std::getenv("GAVEL_CLIP_SAMPLE_OUT");
  const fs::path file = keep ? fs::path(keep) : out / "clip.mp4";
  auto made = export_clip(tree, {10.3, 25, 720}, file);
  ASSERT_TRUE(made) << made.error().message;
  std::printf("clip %s from %.3f, %.3f s\n", made->rendition.c_str(), made->start, made->duration);
  EXPECT_NEAR(probed_duration(file), 25 - made->start, 0.5);
}

TEST(ClipAudioOnly, ARecordingWithoutPictureGivesASoundClip) {
  TempDir dir;
  const auto source = dir / "radio.m4a";
  test::ffmpeg("-f lavfi -i 'sine=f=330:r=48000:d=20' -c:a aac -b:a 96k '" + source.string() + "'");
  Options o;
  o.pictures = false;
  auto summary = transcode({source}, dir / "media", o);
  ASSERT_TRUE(summary) << summary.error().message;

  const auto file = dir / "clip.mp4";
  auto made = export_clip(dir / "media", {5.0, 12.0, 720}, file);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->rendition, "audio");
  EXPECT_NEAR(made->start, 5.0, 0.05) << "every AAC frame is a cut point";
  std::string streams;
  ASSERT_EQ(test::run_command(fmt::format("ffprobe -v error -show_entries stream=codec_type -of csv=p=0 '{}'",
                                          file.string()),
                              &streams),
            0);
  EXPECT_EQ(streams, "audio\n") << "sound only";
  const auto audio = test::read_packets(file, AVMEDIA_TYPE_AUDIO);
  ASSERT_FALSE(audio.empty());
  EXPECT_NEAR(audio.front().pts, 0.0, 0.05);
  EXPECT_NEAR(probed_duration(file), 7.0, 0.2);
  const auto bytes = test::read_text(file);
  EXPECT_LT(bytes.find("moov"), bytes.find("mdat"));
}

// Rendition playlists a clip cannot be cut from are refused before any
// media is read, through the reader the podcast export uses too.
TEST(ClipPlaylists, UnfinishedMalformedAndByteRangedPlaylistsAreRefused) {
  TempDir dir;
  test::write_text(dir / "master.m3u8",
                   "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=320x240\n240p/index.m3u8\n");
  fs::create_directories(dir / "240p");
  auto refusal = [&](const std::string& playlist) {
    test::write_text(dir / "240p" / "index.m3u8", playlist);
    auto made = export_clip(dir.path(), {0, 1, 720}, dir / "clip.mp4");
    EXPECT_FALSE(fs::exists(dir / "clip.mp4"));
    return made ? make_error(gavel::Errc::internal, "a clip") : made.error();
  };
  test::expect_bad_media_playlists_refused(refusal);
  fs::remove(dir / "master.m3u8");
  EXPECT_EQ(refusal("#EXTM3U\n").code, gavel::Errc::not_found);
}

}  // namespace
}  // namespace gavel::transcode
