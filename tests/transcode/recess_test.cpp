// Suggested recesses: long silence and a still picture found while packaging.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "fixtures.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "recess_detector.hpp"

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
      "-c:v libx264 -preset ultrafast -g 50 -c:a aac -ac 2 '" +
      file.string() + "'");
  return file;
}

Options small_ladder() {
  Options o;
  o.ladder = {{120, 100}};
  o.x264_preset = "ultrafast";
  o.pictures = false;
  o.copy_browser_ready_audio = false;  // the sound is decoded to be re-encoded
  return o;
}

// An audio frame of `seconds` of silence or tone at `at` (time base 1/48000).
media::Frame audio_frame(double at, bool silent) {
  media::Frame f = media::make_frame();
  f->format = AV_SAMPLE_FMT_S16;
  f->sample_rate = 48000;
  f->nb_samples = 4800;
  av_channel_layout_default(&f->ch_layout, 1);
  EXPECT_EQ(av_frame_get_buffer(f.get(), 0), 0);
  auto* samples = reinterpret_cast<int16_t*>(f->data[0]);
  for (int i = 0; i < f->nb_samples; ++i)
    samples[i] = silent ? 0 : static_cast<int16_t>((i % 48) * 400 - 9600);
  f->pts = static_cast<int64_t>(at * 48000);
  return f;
}

// Feeds `total` seconds in 0.1 s frames, silent within [quiet_from, quiet_to).
std::vector<SuggestedRecess> detect(double total, double quiet_from, double quiet_to,
                                    std::optional<double> min) {
  RecessDetector detector(min, -50);
  detector.begin_part({0, 1}, {1, 48000});
  for (double t = 0; t < total; t += 0.1)
    detector.audio(audio_frame(t, t >= quiet_from && t < quiet_to).get());
  return detector.finish(total);
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
  EXPECT_NE(test::read_text(dir / "out" / "suggestions.json").find("\"kind\":\"silence+still\""),
            std::string::npos);
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

TEST(Recess, SilenceIsHeardWhenTheSoundIsCopied) {
  TempDir dir;
  const auto source = make_recording_with_recess(dir / "in.mp4");
  Options o = small_ladder();
  o.copy_browser_ready_audio = true;  // AAC stereo 48 kHz: copied, and still listened to
  auto summary = transcode({source}, dir / "out", o);
  ASSERT_TRUE(summary) << summary.error().message;
  ASSERT_EQ(summary->suggested_recesses.size(), 1u);
  EXPECT_NEAR(summary->suggested_recesses.front().start, 20.0, 1.0);
  EXPECT_NEAR(summary->suggested_recesses.front().end, 50.0, 1.0);
  EXPECT_EQ(summary->suggested_recesses.front().kind, "silence+still")
      << "the grey card alone would be \"still\"";
}

TEST(Recess, TheMinimumScalesWithTheMeeting) {
  // A minute with 5 s of silence: a recess in a short recording...
  auto short_meeting = detect(60, 30, 35, std::nullopt);
  ASSERT_EQ(short_meeting.size(), 1u);
  EXPECT_NEAR(short_meeting[0].start, 30, 0.15);
  EXPECT_NEAR(short_meeting[0].end, 35, 0.15);
  // ...but 3 s is a pause between speakers whatever the length.
  EXPECT_TRUE(detect(60, 30, 33, std::nullopt).empty());
  // In a 40-minute sitting the floor is a minute: 50 s of silence is a pause, 70 s a recess.
  EXPECT_TRUE(detect(2400, 600, 650, std::nullopt).empty());
  EXPECT_EQ(detect(2400, 600, 670, std::nullopt).size(), 1u);
  // An explicit minimum wins.
  EXPECT_EQ(detect(2400, 600, 603, 2.0).size(), 1u);
}

TEST(Recess, OverlappingSilenceAndStillnessMerge) {
  auto merged = merge_suggestions({{10, 40, "silence"}, {100, 130, "silence"}},
                                  {{5, 45, "still"}, {200, 230, "still"}, {300, 310, "still"}}, 20);
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].kind, "silence+still");
  EXPECT_DOUBLE_EQ(merged[0].start, 10) << "the silence gives the edges";
  EXPECT_DOUBLE_EQ(merged[0].end, 40);
  EXPECT_EQ(merged[1].kind, "silence");
  EXPECT_EQ(merged[2].kind, "still");
  EXPECT_DOUBLE_EQ(merged[2].start, 200) << "a short stillness alone (300-310) is a quiet shot, not a recess";
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
