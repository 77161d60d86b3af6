#include "playlists.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "playlist_reader.hpp"

namespace gavel::transcode {
namespace {

TEST(Playlists, ReadsSegmentDurationsAndNames) {
  test::TempDir dir;
  test::write_text(dir / "index.m3u8",
                   "#EXTM3U\r\n#EXT-X-TARGETDURATION:6\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n"
                   "#EXTINF:6.000000,\r\nseg00000.m4s\r\n#EXTINF:1.5,\r\nseg00001.m4s\r\n");
  auto playlist = hls::load_media_playlist(dir / "index.m3u8");
  ASSERT_TRUE(playlist) << playlist.error().message;
  const auto& segments = playlist->segments;
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_DOUBLE_EQ(segments[0].duration, 6.0);
  EXPECT_EQ(segments[1].uri, "seg00001.m4s");
}

TEST(Playlists, MeasuringUsesTheListedSegmentFiles) {
  test::TempDir dir;
  test::write_text(dir / "index.m3u8",
                   "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.0,\na.m4s\n#EXTINF:0.5,\nb.m4s\n"
                   "#EXT-X-ENDLIST\n");
  test::write_text(dir / "a.m4s", std::string(50000, 'a'));  // 200 kbit/s
  test::write_text(dir / "b.m4s", std::string(25000, 'b'));  // short: not a peak
  RenditionSummary r;
  measure_rendition(dir.path(), r);
  EXPECT_EQ(r.segments, 2);
  EXPECT_DOUBLE_EQ(r.duration, 2.5);
  EXPECT_EQ(r.average_bps, 240000);
  EXPECT_EQ(r.peak_bps, 240000) << "the average when no full segment runs higher";
}

TEST(Playlists, CompletingAMalformedPlaylistFailsAndLeavesItAlone) {
  test::TempDir dir;
  const std::string text = "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:six,\na.m4s\n";
  test::write_text(dir / "index.m3u8", text);
  auto done = mark_playlist_complete(dir / "index.m3u8", 6.0);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, gavel::Errc::bad_input);
  EXPECT_NE(done.error().message.find("line 3"), std::string::npos) << done.error().message;
  EXPECT_EQ(test::read_text(dir / "index.m3u8"), text);
}

TEST(Playlists, CompletingAnEventPlaylistMakesItVodAndCountsTheLastFrame) {
  test::TempDir dir;
  test::write_text(
      dir / "index.m3u8",
      "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:6.000000,\na.m4s\n#EXTINF:1.960000,\nb.m4s\n");
  ASSERT_TRUE(mark_playlist_complete(dir / "index.m3u8", 8.0));
  const std::string text = test::read_text(dir / "index.m3u8");
  EXPECT_NE(text.find("#EXT-X-PLAYLIST-TYPE:VOD"), std::string::npos);
  EXPECT_NE(text.find("#EXTINF:2.000000,\nb.m4s"), std::string::npos) << text;
  EXPECT_NE(text.find("#EXT-X-ENDLIST"), std::string::npos);
}

TEST(Playlists, MasterGroupsAudioAndNamesEveryVariant) {
  RenditionSummary video{"720p", false, "", "avc1.64001f", 1280, 720, 29.97, 2000000, 1500000, 60, 10};
  RenditionSummary floor{"audio", true, "kor", "mp4a.40.2", 0, 0, 0, 130000, 128000, 60, 10};
  RenditionSummary interp{"audio-eng", true, "eng", "mp4a.40.2", 0, 0, 0, 130000, 128000, 60, 10};
  const std::string master = render_master({video, floor, interp});
  EXPECT_NE(master.find("LANGUAGE=\"kor\",DEFAULT=YES"), std::string::npos) << master;
  EXPECT_NE(master.find("LANGUAGE=\"eng\",DEFAULT=NO"), std::string::npos);
  EXPECT_NE(master.find("BANDWIDTH=2130000,AVERAGE-BANDWIDTH=1628000,CODECS=\"avc1.64001f,mp4a.40.2\","
                        "RESOLUTION=1280x720,FRAME-RATE=29.970,AUDIO=\"audio\"\n720p/index.m3u8"),
            std::string::npos)
      << master;
}

}  // namespace
}  // namespace gavel::transcode
