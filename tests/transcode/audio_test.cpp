// Encoded sound: loudness normalised, every track its own rendition,
// whatever the channel count made stereo.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "fixtures.hpp"
#include "gavel/media/probe.hpp"
#include "gavel/transcode/audio_export.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "inspect.hpp"
#include "loudness_leveler.hpp"
#include "playlist_refusals.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

Options small_ladder() {
  Options o;
  o.ladder = {{120, 120}};
  o.x264_preset = "ultrafast";
  o.pictures = false;
  return o;
}

// A tone as quiet as a far-off chamber microphone: -35 LUFS, stereo PCM
// (so it is encoded, not copied).
fs::path make_quiet_recording(const fs::path& file) {
  test::ffmpeg("-f lavfi -i 'sine=f=440:r=48000,volume=-13.2dB' -t 10 -ac 2 -c:a pcm_s16le '" +
               file.string() + "'");
  return file;
}

TEST(Audio, QuietRecordingIsBroughtToTheLoudnessTarget) {
  TempDir dir;
  const auto source = make_quiet_recording(dir / "quiet.wav");
  ASSERT_NEAR(test::integrated_loudness(source), -35.0, 1.0) << "the fixture itself";
  auto summary = transcode({source}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  const auto joined = test::join_rendition(dir / "out" / "audio", dir / "audio.mp4");
  EXPECT_NEAR(test::integrated_loudness(joined), -16.0, 2.0);
  EXPECT_NEAR(summary->duration, 10.0, 0.1);
}

TEST(Audio, LoudnessIsLeftAloneWhenNoTargetIsSet) {
  TempDir dir;
  const auto source = make_quiet_recording(dir / "quiet.wav");
  Options options = small_ladder();
  options.loudness_lufs = 0;
  auto summary = transcode({source}, dir / "out", options);
  ASSERT_TRUE(summary) << summary.error().message;
  const auto joined = test::join_rendition(dir / "out" / "audio", dir / "audio.mp4");
  EXPECT_NEAR(test::integrated_loudness(joined), -35.0, 1.0);
}

TEST(Audio, InterpretationTracksBecomeRenditionsWithTheirLanguages) {
  TempDir dir;
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=25 -f lavfi -i sine=f=440:r=48000 -f lavfi -i sine=f=660:r=48000 "
      "-t 3 -map 0:v -map 1:a -map 2:a -metadata:s:a:0 language=kor -metadata:s:a:1 language=eng "
      "-c:v libx264 -preset ultrafast -c:a aac -ac 2 '" +
      (dir / "in.mp4").string() + "'");
  auto summary = transcode({dir / "in.mp4"}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  const std::string master = test::read_text(dir / "out" / "master.m3u8");
  EXPECT_NE(
      master.find("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"kor\",LANGUAGE=\"kor\",DEFAULT=YES,"
                  "AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio/index.m3u8\""),
      std::string::npos)
      << master;
  EXPECT_NE(master.find("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"eng\",LANGUAGE=\"eng\",DEFAULT=NO,"
                        "AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio-eng/index.m3u8\""),
            std::string::npos)
      << master;
  for (const char* name : {"audio", "audio-eng"}) {
    auto joined = media::probe(test::join_rendition(dir / "out" / name, dir / (std::string(name) + ".mp4")));
    ASSERT_TRUE(joined) << name;
    ASSERT_EQ(joined->audio.size(), 1u);
    EXPECT_NEAR(joined->duration, 3.0, 0.1) << name;
  }
}

class Downmix : public ::testing::TestWithParam<int> {};

TEST_P(Downmix, ChannelsBecomeStereo) {
  TempDir dir;
  test::ffmpeg(
      fmt::format("-f lavfi -i testsrc2=s=320x240:r=25 -f lavfi -i sine=f=440:r=48000 -t 4 "
                  "-c:v libx264 -preset ultrafast -c:a aac -ac {} '{}'",
                  GetParam(), (dir / "in.mp4").string()));
  auto summary = transcode({dir / "in.mp4"}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_FALSE(summary->renditions.back().copied);
  const auto joined = test::join_rendition(dir / "out" / "audio", dir / "audio.mp4");
  auto info = media::probe(joined);
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_EQ(info->audio.size(), 1u);
  EXPECT_EQ(info->audio[0].channels, 2);
  EXPECT_EQ(info->audio[0].sample_rate, 48000);
  // Nothing lost on the way: the tone is there, at the target loudness.
  EXPECT_NEAR(test::integrated_loudness(joined), -16.0, 2.0);
}

INSTANTIATE_TEST_SUITE_P(MonoAndSurround, Downmix, ::testing::Values(1, 6));

// The podcast file is refused, before any media is read, for the playlists
// a clip is refused for: they are read by the same reader.
TEST(AudioExport, UnfinishedMalformedAndByteRangedPlaylistsAreRefused) {
  TempDir dir;
  auto refusal = [&](const std::string& playlist) {
    test::write_text(dir / "index.m3u8", playlist);
    auto done = export_audio_m4a(dir.path(), dir / "podcast.m4a");
    EXPECT_FALSE(fs::exists(dir / "podcast.m4a"));
    return done ? make_error(gavel::Errc::internal, "a podcast file") : done.error();
  };
  test::expect_bad_media_playlists_refused(refusal);
  EXPECT_EQ(refusal("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXT-X-ENDLIST\n").code, gavel::Errc::bad_input)
      << "no segments";
  fs::remove(dir / "index.m3u8");
  EXPECT_EQ(export_audio_m4a(dir.path(), dir / "podcast.m4a").error().code, gavel::Errc::not_found);
}

// 100 ms of packed-double stereo at `level`, as ebur128 hands it on with
// its short-term reading.
media::Frame metered(double level, double short_term_lufs, int64_t pts) {
  media::Frame f = media::make_frame();
  f->format = AV_SAMPLE_FMT_DBL;
  f->sample_rate = 48000;
  f->nb_samples = 4800;
  f->pts = pts;
  av_channel_layout_default(&f->ch_layout, 2);
  EXPECT_EQ(av_frame_get_buffer(f.get(), 0), 0);
  auto* samples = reinterpret_cast<double*>(f->data[0]);
  std::fill(samples, samples + 2 * f->nb_samples, level);
  av_dict_set(&f->metadata, "lavfi.r128.S", fmt::format("{:.3f}", short_term_lufs).c_str(), 0);
  return f;
}

double gain_of(const AVFrame* f, double level) {
  return 20 * std::log10(reinterpret_cast<const double*>(f->data[0])[2 * f->nb_samples - 1] / level);
}

TEST(LoudnessLeveler, LooksThreeSecondsAheadThenSetsTheGain) {
  LoudnessLeveler leveler(-16);
  media::Frame out = media::make_frame();
  int64_t pts = 0;
  for (int i = 0; i < 30; ++i, pts += 4800) leveler.push(metered(0.1, -35, pts).get());
  EXPECT_FALSE(leveler.pull(out.get())) << "the first frame's next 3 s are not measured yet";
  leveler.push(metered(0.1, -35, pts).get());
  ASSERT_TRUE(leveler.pull(out.get()));
  EXPECT_EQ(out->pts, 0) << "timestamps pass through";
  EXPECT_NEAR(gain_of(out.get(), 0.1), 19, 0.01);
  EXPECT_FALSE(leveler.pull(out.get()));
}

TEST(LoudnessLeveler, HoldsThroughPausesAndTurnsDownFasterThanUp) {
  LoudnessLeveler leveler(-16);
  media::Frame out = media::make_frame();
  int64_t pts = 0;
  auto feed = [&](int frames, double lufs) {
    for (int i = 0; i < frames; ++i, pts += 4800) leveler.push(metered(0.1, lufs, pts).get());
  };
  auto drain = [&] {
    while (leveler.pull(out.get())) av_frame_unref(out.get());
  };
  feed(31, -35);  // settles at +19
  drain();
  feed(20, -60);  // two seconds of recess: no chasing the room noise
  drain();
  EXPECT_NEAR(leveler.gain_db(), 19, 0.01);
  feed(10, -10);  // a loud second: down at 6 dB/s
  drain();
  EXPECT_NEAR(leveler.gain_db(), 13, 0.01);
  feed(10, -40);  // quiet again: up at only 2 dB/s
  drain();
  EXPECT_NEAR(leveler.gain_db(), 15, 0.01);
  leveler.close();
  int rest = 0;
  for (; leveler.pull(out.get()); ++rest) av_frame_unref(out.get());
  EXPECT_EQ(rest, 30) << "closing releases the look-ahead";
}

}  // namespace
}  // namespace gavel::transcode
