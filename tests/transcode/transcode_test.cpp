#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>

#include "fixtures.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "inspect.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Every rung encoded: these tests are about the encoded ladder (copy_test
// covers a copied top rung).
Options small_ladder() {
  Options o;
  o.ladder = {{240, 300}, {120, 120}};
  o.x264_preset = "ultrafast";
  o.copy_browser_ready_video = false;
  o.copy_browser_ready_audio = false;
  return o;
}

double total(const std::vector<hls::Segment>& segments) {
  return std::accumulate(segments.begin(), segments.end(), 0.0,
                         [](double sum, const hls::Segment& s) { return sum + s.duration; });
}

TEST(Transcode, SegmentDurationsAddUpToTheInput) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "in.mp4", 7, "320x240", "25");
  auto summary = transcode({clip}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  const double frame = 1.0 / 25;
  for (const char* rendition : {"240p", "120p"}) {
    auto segments = test::segments_of(dir / "out" / rendition / "index.m3u8");
    ASSERT_EQ(segments.size(), 2u) << rendition;  // 6 s + 1 s
    EXPECT_NEAR(total(segments), 7.0, frame) << rendition;
    for (const auto& s : segments) EXPECT_TRUE(fs::exists(dir / "out" / rendition / s.uri));
    EXPECT_TRUE(fs::exists(dir / "out" / rendition / "init.mp4"));
  }
  // AAC frames are 1024 samples: audio may run up to one of them longer.
  EXPECT_NEAR(total(test::segments_of(dir / "out" / "audio" / "index.m3u8")), 7.0, 1024.0 / 48000 + frame);
  EXPECT_NEAR(summary->duration, 7.0, frame);
}

TEST(Transcode, EveryRenditionCutsSegmentsAtTheSameInstants) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "in.mp4", 14, "320x240", "30000/1001");
  auto summary = transcode({clip}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  auto top = test::segments_of(dir / "out" / "240p" / "index.m3u8");
  auto low = test::segments_of(dir / "out" / "120p" / "index.m3u8");
  ASSERT_EQ(top.size(), low.size());
  ASSERT_GE(top.size(), 3u);
  for (std::size_t i = 0; i < top.size(); ++i) EXPECT_DOUBLE_EQ(top[i].duration, low[i].duration) << i;
  // Keyframes every 2 s, segments of 6 s: full segments are 6 s to a frame.
  EXPECT_NEAR(top[0].duration, 6.0, 1.001 / 29.97);
}

TEST(Transcode, MasterPlaylistCarriesMeasuredAttributes) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "in.mp4", 4, "320x240", "25");
  auto summary = transcode({clip}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  const std::string master = test::read_text(dir / "out" / "master.m3u8");
  EXPECT_NE(master.find("#EXT-X-INDEPENDENT-SEGMENTS"), std::string::npos);
  EXPECT_NE(master.find("RESOLUTION=320x240"), std::string::npos) << master;
  EXPECT_NE(master.find("RESOLUTION=160x120"), std::string::npos) << master;
  EXPECT_NE(master.find("FRAME-RATE=25.000"), std::string::npos);
  EXPECT_NE(master.find("CODECS=\"avc1.4"), std::string::npos) << master;  // ultrafast: no CABAC
  EXPECT_NE(master.find("mp4a.40.2"), std::string::npos);
  EXPECT_NE(master.find("TYPE=AUDIO"), std::string::npos);
  ASSERT_EQ(summary->renditions.size(), 3u);
  const RenditionSummary& audio = summary->renditions.back();
  ASSERT_TRUE(audio.audio_only);
  for (const auto& r : summary->renditions) {
    EXPECT_GT(r.average_bps, 0) << r.name;
    EXPECT_GE(r.peak_bps, r.average_bps) << r.name;
    if (r.audio_only) continue;
    // A variant's bandwidth is its video plus the audio it plays with.
    const std::string expected = "BANDWIDTH=" + std::to_string(r.peak_bps + audio.peak_bps) +
                                 ",AVERAGE-BANDWIDTH=" + std::to_string(r.average_bps + audio.average_bps);
    EXPECT_NE(master.find(expected), std::string::npos) << expected << "\n" << master;
  }
  // Finished playlists are VOD with an end.
  const std::string media = test::read_text(dir / "out" / "240p" / "index.m3u8");
  EXPECT_NE(media.find("#EXT-X-PLAYLIST-TYPE:VOD"), std::string::npos);
  EXPECT_NE(media.find("#EXT-X-ENDLIST"), std::string::npos);

  // And the one playlist reader (clips, podcast) reads all of it.
  auto parsed = hls::load_master_playlist(dir / "out" / "master.m3u8");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->variants.size(), 2u);
  ASSERT_EQ(parsed->renditions.size(), 1u);
  EXPECT_TRUE(parsed->renditions[0].is_default);
  for (const auto& v : parsed->variants) {
    ASSERT_TRUE(v.resolution) << v.uri;
    EXPECT_EQ(v.audio, parsed->renditions[0].group_id);
  }
  for (const auto& uri : {parsed->variants[0].uri, parsed->variants[1].uri, parsed->renditions[0].uri}) {
    auto playlist = hls::load_media_playlist(dir / "out" / uri);
    ASSERT_TRUE(playlist) << playlist.error().message;
    EXPECT_TRUE(playlist->ended) << uri;
    EXPECT_EQ(playlist->type, hls::PlaylistType::vod) << uri;
    auto init = hls::joinable_init(*playlist);
    ASSERT_TRUE(init) << init.error().message;
    EXPECT_EQ(init->uri, "init.mp4");
  }
}

TEST(Transcode, BroadcastClockStartingAtTenHoursStartsAtZero) {
  TempDir dir;
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=25 -f lavfi -i sine=r=48000 -t 4 -vf interlace=scan=tff "
      "-c:v mpeg2video -flags +ilme+ildct -top 1 -c:a mp2 -output_ts_offset 36000 '" +
      (dir / "in.ts").string() + "'");
  auto summary = transcode({dir / "in.ts"}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_NEAR(summary->duration, 4.0, 0.1);
  EXPECT_NEAR(total(test::segments_of(dir / "out" / "240p" / "index.m3u8")), 4.0, 0.1);
}

TEST(Transcode, PartsJoinIntoOneTimeline) {
  TempDir dir;
  const auto a = test::make_clip(dir / "a.mp4", 3, "320x240", "25");
  const auto b = test::make_clip(dir / "b.mp4", 4, "320x240", "25");
  auto summary = transcode({a, b}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_NEAR(summary->duration, 7.0, 2.0 / 25);
}

TEST(Transcode, AudioOnlyRecordingBecomesAnAudioStream) {
  TempDir dir;
  test::ffmpeg("-f lavfi -i sine=f=300:r=44100 -t 5 -c:a aac '" + (dir / "in.m4a").string() + "'");
  auto summary = transcode({dir / "in.m4a"}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  ASSERT_EQ(summary->renditions.size(), 1u);
  EXPECT_TRUE(summary->renditions[0].audio_only);
  const std::string master = test::read_text(dir / "out" / "master.m3u8");
  EXPECT_NE(master.find("CODECS=\"mp4a.40.2\""), std::string::npos) << master;
  EXPECT_EQ(master.find("RESOLUTION"), std::string::npos);
  EXPECT_NEAR(summary->duration, 5.0, 0.05);
}

TEST(Transcode, BrokenInputsFailWithAClerkMessageAndLeaveNothing) {
  TempDir dir;
  test::write_text(dir / "empty.mp4", "");
  test::write_text(dir / "minutes.mp4", "This is the minutes document, not a recording.\n");
  const std::string clip = test::read_text(test::make_clip(dir / "full.mp4", 3));
  test::write_text(dir / "cut.mp4", clip.substr(0, clip.size() * 2 / 5));
  const std::pair<const char*, gavel::Errc> cases[] = {{"empty.mp4", gavel::Errc::empty},
                                                       {"minutes.mp4", gavel::Errc::not_media},
                                                       {"cut.mp4", gavel::Errc::truncated}};
  for (const auto& [name, code] : cases) {
    auto summary = transcode({dir / name}, dir / "out", small_ladder());
    ASSERT_FALSE(summary) << name;
    EXPECT_EQ(summary.error().code, code) << name;
    EXPECT_NE(summary.error().message.find(name), std::string::npos) << summary.error().message;
    // The job panel shows the same in Korean, naming the file.
    EXPECT_NE(summary.error().message_ko.find(name), std::string::npos) << summary.error().message_ko;
    EXPECT_NE(summary.error().message_ko, summary.error().message);
    EXPECT_FALSE(fs::exists(dir / "out")) << name;
    EXPECT_TRUE(fs::exists(dir / name)) << "the input must be left alone";
  }
}

// Scrambles the payload of every seventh MPEG-TS packet past the first
// fifty (headers kept, so the file still demuxes): damage a chamber's
// capture card or a bad copy leaves behind.
void damage_transport_stream(const fs::path& file) {
  std::string bytes = test::read_text(file);
  constexpr std::size_t kPacket = 188;
  std::uint32_t state = 12345;
  for (std::size_t at = kPacket * 50; at + 2 * kPacket * 50 < bytes.size(); at += kPacket * 7)
    for (std::size_t i = at + 8; i < at + kPacket; ++i) {
      state = state * 1664525u + 1013904223u;
      bytes[i] = static_cast<char>(state >> 24);
    }
  test::write_text(file, bytes);
}

TEST(Transcode, DamagedInputIsPackagedWithAWarningInBothLanguages) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "damaged.ts", 4, "320x240", "25");
  damage_transport_stream(clip);
  auto summary = transcode({clip}, dir / "out", small_ladder());
  ASSERT_TRUE(summary) << summary.error().message;
  ASSERT_FALSE(summary->warnings.empty());
  const Text& warning = summary->warnings.front();
  EXPECT_NE(warning.en.find("damaged.ts: "), std::string::npos) << warning.en;
  EXPECT_NE(warning.en.find("damaged packets were skipped"), std::string::npos) << warning.en;
  EXPECT_NE(warning.ko.find("damaged.ts: 손상된 패킷"), std::string::npos) << warning.ko;
}

TEST(Transcode, CancellingStopsAndRemovesTheOutput) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "in.mp4", 8, "320x240", "25");
  int calls = 0;
  auto summary = transcode({clip}, dir / "out", small_ladder(), [&](const Progress&) { return ++calls < 1; });
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, gavel::Errc::cancelled);
  EXPECT_EQ(summary.error().message_ko, "변환이 취소되었습니다");
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Transcode, ProgressReportsPositionDurationSpeedAndEta) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "in.mp4", 5, "320x240", "25");
  std::vector<Progress> reports;
  auto summary = transcode({clip}, dir / "out", small_ladder(), [&](const Progress& p) {
    reports.push_back(p);
    return true;
  });
  ASSERT_TRUE(summary) << summary.error().message;
  ASSERT_GE(reports.size(), 2u) << "one as work starts, one at the end";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    EXPECT_NEAR(reports[i].duration, 5.0, 0.1) << i;
    EXPECT_GE(reports[i].eta, 0) << i;
    if (i > 0) {
      EXPECT_GE(reports[i].position, reports[i - 1].position) << i;
    }
  }
  const Progress& last = reports.back();
  EXPECT_DOUBLE_EQ(last.position, summary->duration);
  EXPECT_DOUBLE_EQ(last.duration, summary->duration);
  EXPECT_GT(last.speed, 0);
  EXPECT_EQ(last.eta, 0);
}

TEST(Transcode, RefusesANonEmptyOutputFolder) {
  TempDir dir;
  const auto clip = test::make_clip(dir / "in.mp4", 1);
  fs::create_directories(dir / "out");
  test::write_text(dir / "out" / "keep.txt", "mine");
  auto summary = transcode({clip}, dir / "out", small_ladder());
  ASSERT_FALSE(summary);
  EXPECT_EQ(test::read_text(dir / "out" / "keep.txt"), "mine");
}

}  // namespace
}  // namespace gavel::transcode
