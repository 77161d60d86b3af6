#include "playlists.hpp"

#include "fixtures.hpp"

#include <gtest/gtest.h>

namespace gavel::transcode {
namespace {

TEST(Playlists, ReadsSegmentDurationsAndNames) {
  test::TempDir dir;
  test::write_text(dir / "index.m3u8",
                   "#EXTM3U\r\n#EXT-X-TARGETDURATION:6\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n"
                   "#EXTINF:6.000000,\r\nseg00000.m4s\r\n#EXTINF:1.5,\r\nseg00001.m4s\r\n");
  auto segments = read_media_playlist(dir / "index.m3u8");
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_DOUBLE_EQ(segments[0].duration, 6.0);
  EXPECT_EQ(segments[1].uri, "seg00001.m4s");
}

TEST(Playlists, CompletingAnEventPlaylistMakesItVodAndCountsTheLastFrame) {
  test::TempDir dir;
  test::write_text(dir / "index.m3u8",
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
