// The one HLS playlist reader: master and media playlists, LL-HLS tags,
// and malformed input refused with its line.
#include "playlist_reader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "fixtures.hpp"

namespace gavel::transcode::hls {
namespace {

// The line a refusal names ("line 7: ..."), 0 if it names none.
int error_line(const Error& e) {
  if (e.message.rfind("line ", 0) != 0) return 0;
  return std::atoi(e.message.c_str() + 5);
}

template <class T>
int refused_at(const Result<T>& r) {
  if (r) return -1;
  EXPECT_EQ(r.error().code, gavel::Errc::bad_input);
  EXPECT_NE(r.error().message_ko.find("번째 줄"), std::string::npos) << r.error().message_ko;
  return error_line(r.error());
}

TEST(PlaylistReader, MasterWithSeveralRenditionsAndAudioGroups) {
  const auto master = parse_master_playlist(
      "#EXTM3U\n"
      "#EXT-X-VERSION:7\n"
      "#EXT-X-INDEPENDENT-SEGMENTS\n"
      "# a comment, and a tag this reader does not know:\n"
      "#EXT-X-SESSION-DATA:DATA-ID=\"org.example.title\",VALUE=\"본회의\"\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac-hi\",NAME=\"kor\",LANGUAGE=\"kor\",DEFAULT=YES,AUTOSELECT=YES,"
      "CHANNELS=\"2\",URI=\"audio/index.m3u8\"\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac-hi\",NAME=\"eng\",LANGUAGE=\"eng\",DEFAULT=NO,AUTOSELECT=YES,"
      "URI=\"audio-eng/index.m3u8\"\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac-lo\",NAME=\"kor\",DEFAULT=YES,URI=\"audio-lo/index.m3u8\"\n"
      "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"한국어\",LANGUAGE=\"ko\",DEFAULT=NO,"
      "AUTOSELECT=YES,URI=\"captions/ko.m3u8\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=5128000,AVERAGE-BANDWIDTH=4628000,CODECS=\"avc1.640028,mp4a.40.2\","
      "RESOLUTION=1920x1080,FRAME-RATE=29.970,AUDIO=\"aac-hi\",SUBTITLES=\"subs\"\n"
      "1080p/index.m3u8\n"
      "\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=2130000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1280x720,"
      "AUDIO=\"aac-hi\"\n"
      "720p/index.m3u8\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=664000,CODECS=\"avc1.4d401e,mp4a.40.2\",RESOLUTION=640x360,"
      "AUDIO=\"aac-lo\"\n"
      "360p/index.m3u8\n");
  ASSERT_TRUE(master) << master.error().message;
  EXPECT_EQ(master->version, 7);
  EXPECT_TRUE(master->independent_segments);

  ASSERT_EQ(master->renditions.size(), 4u);
  const Rendition& kor = master->renditions[0];
  EXPECT_EQ(kor.type, MediaType::audio);
  EXPECT_EQ(kor.group_id, "aac-hi");
  EXPECT_EQ(kor.name, "kor");
  EXPECT_EQ(kor.language, "kor");
  EXPECT_TRUE(kor.is_default);
  EXPECT_TRUE(kor.autoselect);
  EXPECT_EQ(kor.uri, "audio/index.m3u8");
  EXPECT_FALSE(master->renditions[1].is_default);
  EXPECT_EQ(master->renditions[2].group_id, "aac-lo");
  EXPECT_EQ(master->renditions[2].language, "");
  EXPECT_FALSE(master->renditions[2].autoselect);
  EXPECT_EQ(master->renditions[3].type, MediaType::subtitles);
  EXPECT_EQ(master->renditions[3].name, "한국어");

  ASSERT_EQ(master->variants.size(), 3u);
  const Variant& top = master->variants[0];
  EXPECT_EQ(top.bandwidth, 5128000u);
  EXPECT_EQ(top.average_bandwidth, 4628000u);
  EXPECT_EQ(top.codecs, "avc1.640028,mp4a.40.2") << "a comma inside quotes is part of the value";
  ASSERT_TRUE(top.resolution);
  EXPECT_EQ(top.resolution->width, 1920);
  EXPECT_EQ(top.resolution->height, 1080);
  ASSERT_TRUE(top.frame_rate);
  EXPECT_DOUBLE_EQ(*top.frame_rate, 29.97);
  EXPECT_EQ(top.audio, "aac-hi");
  EXPECT_EQ(top.subtitles, "subs");
  EXPECT_EQ(top.uri, "1080p/index.m3u8");
  EXPECT_FALSE(master->variants[1].average_bandwidth);
  EXPECT_FALSE(master->variants[1].frame_rate);
  EXPECT_EQ(master->variants[1].subtitles, "");
  EXPECT_EQ(master->variants[2].audio, "aac-lo");
  EXPECT_EQ(master->variants[2].uri, "360p/index.m3u8");
}

TEST(PlaylistReader, AudioOnlyVariantHasNoResolution) {
  const auto master = parse_master_playlist(
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=130000,AVERAGE-BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\n"
      "audio/index.m3u8\n");
  ASSERT_TRUE(master) << master.error().message;
  ASSERT_EQ(master->variants.size(), 1u);
  EXPECT_FALSE(master->variants[0].resolution);
  EXPECT_TRUE(master->renditions.empty());
}

constexpr const char* kVod =
    "#EXTM3U\n"
    "#EXT-X-VERSION:7\n"
    "#EXT-X-TARGETDURATION:6\n"
    "#EXT-X-MEDIA-SEQUENCE:0\n"
    "#EXT-X-PLAYLIST-TYPE:VOD\n"
    "#EXT-X-INDEPENDENT-SEGMENTS\n"
    "#EXT-X-MAP:URI=\"init.mp4\"\n"
    "#EXT-X-PROGRAM-DATE-TIME:2026-11-13T10:00:00.000+09:00\n"
    "#EXTINF:6.000000,\n"
    "seg00000.m4s\n"
    "#EXTINF:6.006,개회\n"
    "seg00001.m4s\n"
    "#EXT-X-DISCONTINUITY\n"
    "#EXTINF:1.5,\n"
    "seg00002.m4s\n"
    "#EXT-X-ENDLIST\n";

TEST(PlaylistReader, MediaVodPlaylist) {
  const auto media = parse_media_playlist(kVod);
  ASSERT_TRUE(media) << media.error().message;
  EXPECT_EQ(media->version, 7);
  EXPECT_EQ(media->target_duration, 6);
  EXPECT_EQ(media->media_sequence, 0u);
  EXPECT_EQ(media->type, PlaylistType::vod);
  EXPECT_TRUE(media->independent_segments);
  EXPECT_TRUE(media->ended);
  ASSERT_EQ(media->maps.size(), 1u);
  EXPECT_EQ(media->maps[0].uri, "init.mp4");
  EXPECT_FALSE(media->maps[0].byte_range);

  ASSERT_EQ(media->segments.size(), 3u);
  const Segment& first = media->segments[0];
  EXPECT_DOUBLE_EQ(first.duration, 6.0);
  EXPECT_EQ(first.uri, "seg00000.m4s");
  EXPECT_EQ(first.map, 0u);
  EXPECT_EQ(first.program_date_time, "2026-11-13T10:00:00.000+09:00");
  EXPECT_FALSE(first.discontinuity);
  EXPECT_DOUBLE_EQ(media->segments[1].duration, 6.006);
  EXPECT_EQ(media->segments[1].title, "개회");
  EXPECT_EQ(media->segments[1].program_date_time, "") << "a tag applies to the next segment only";
  EXPECT_TRUE(media->segments[2].discontinuity);
  EXPECT_DOUBLE_EQ(media->segments[2].duration, 1.5);

  auto init = joinable_init(*media);
  ASSERT_TRUE(init) << init.error().message;
  EXPECT_EQ(init->uri, "init.mp4");
}

TEST(PlaylistReader, EventPlaylistWithoutEndlist) {
  const auto media = parse_media_playlist(
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:12\n"
      "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MAP:URI=\"init.mp4\"\n"
      "#EXTINF:6.000000,\nseg00012.m4s\n#EXTINF:6.000000,\nseg00013.m4s\n");
  ASSERT_TRUE(media) << media.error().message;
  EXPECT_EQ(media->type, PlaylistType::event);
  EXPECT_EQ(media->media_sequence, 12u);
  EXPECT_FALSE(media->ended) << "still being written";
  ASSERT_EQ(media->segments.size(), 2u);
  EXPECT_EQ(media->segments[1].uri, "seg00013.m4s");
}

TEST(PlaylistReader, LowLatencyLivePlaylist) {
  const auto media = parse_media_playlist(
      "#EXTM3U\n"
      "#EXT-X-VERSION:9\n"
      "#EXT-X-TARGETDURATION:4\n"
      "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.002,HOLD-BACK=12.0,CAN-SKIP-UNTIL=24\n"
      "#EXT-X-PART-INF:PART-TARGET=0.334\n"
      "#EXT-X-MEDIA-SEQUENCE:266\n"
      "#EXT-X-MAP:URI=\"init.mp4\"\n"
      "#EXT-X-PROGRAM-DATE-TIME:2026-11-13T14:02:11.000+09:00\n"
      "#EXT-X-DATERANGE:ID=\"recess-1\",CLASS=\"kr.go.council.recess\","
      "START-DATE=\"2026-11-13T14:02:15.000+09:00\",DURATION=35.5,X-REASON=\"정회, 10분\",X-SCTE-ID=0x1F\n"
      "#EXTINF:4.00008,\n"
      "seg266.m4s\n"
      "#EXT-X-PART:DURATION=0.33334,URI=\"seg267.0.m4s\",INDEPENDENT=YES\n"
      "#EXT-X-PART:DURATION=0.33334,URI=\"seg267.1.m4s\"\n"
      "#EXTINF:4.00008,\n"
      "seg267.m4s\n"
      "#EXT-X-PART:DURATION=0.33334,URI=\"seg268.0.m4s\",INDEPENDENT=YES\n"
      "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"seg268.1.m4s\"\n"
      "#EXT-X-RENDITION-REPORT:URI=\"../720p/index.m3u8\",LAST-MSN=268,LAST-PART=0\n");
  ASSERT_TRUE(media) << media.error().message;
  EXPECT_EQ(media->version, 9);
  EXPECT_FALSE(media->ended);
  ASSERT_TRUE(media->server_control);
  EXPECT_TRUE(media->server_control->can_block_reload);
  EXPECT_EQ(media->server_control->part_hold_back, 1.002);
  EXPECT_EQ(media->server_control->hold_back, 12.0);
  EXPECT_EQ(media->server_control->can_skip_until, 24.0);
  EXPECT_EQ(media->part_target, 0.334);

  ASSERT_EQ(media->segments.size(), 2u);
  EXPECT_TRUE(media->segments[0].parts.empty());
  EXPECT_EQ(media->segments[0].program_date_time, "2026-11-13T14:02:11.000+09:00");
  const auto& parts = media->segments[1].parts;
  ASSERT_EQ(parts.size(), 2u) << "parts belong to the segment listed after them";
  EXPECT_DOUBLE_EQ(parts[0].duration, 0.33334);
  EXPECT_EQ(parts[0].uri, "seg267.0.m4s");
  EXPECT_TRUE(parts[0].independent);
  EXPECT_FALSE(parts[1].independent);
  ASSERT_EQ(media->open_parts.size(), 1u);
  EXPECT_EQ(media->open_parts[0].uri, "seg268.0.m4s");

  ASSERT_EQ(media->preload_hints.size(), 1u);
  EXPECT_EQ(media->preload_hints[0].type, "PART");
  EXPECT_EQ(media->preload_hints[0].uri, "seg268.1.m4s");

  ASSERT_EQ(media->date_ranges.size(), 1u);
  const DateRange& recess = media->date_ranges[0];
  EXPECT_EQ(recess.id, "recess-1");
  EXPECT_EQ(recess.class_name, "kr.go.council.recess");
  EXPECT_EQ(recess.start_date, "2026-11-13T14:02:15.000+09:00");
  EXPECT_EQ(recess.duration, 35.5);
  using Attribute = std::pair<std::string, std::string>;
  EXPECT_EQ(recess.client_attributes,
            (std::vector<Attribute>{{"X-REASON", "정회, 10분"}, {"X-SCTE-ID", "0x1F"}}));
}

TEST(PlaylistReader, ByteRangesAreRead) {
  const auto media = parse_media_playlist(
      "#EXTM3U\n#EXT-X-MAP:URI=\"main.mp4\",BYTERANGE=\"720@0\"\n"
      "#EXT-X-BYTERANGE:1000@720\n#EXTINF:6,\nmain.mp4\n#EXT-X-BYTERANGE:800\n#EXTINF:6,\nmain.mp4\n");
  ASSERT_TRUE(media) << media.error().message;
  EXPECT_EQ(media->maps[0].byte_range, (ByteRange{720, 0}));
  EXPECT_EQ(media->segments[0].byte_range, (ByteRange{1000, 720}));
  EXPECT_EQ(media->segments[1].byte_range, (ByteRange{800, std::nullopt}));
  EXPECT_FALSE(joinable_init(*media)) << "parts of a file cannot be joined as whole files";
}

TEST(PlaylistReader, BomAndCrlfReadTheSameAsLf) {
  std::string crlf = "\xEF\xBB\xBF";
  for (const char* c = kVod; *c; ++c) crlf += *c == '\n' ? std::string("\r\n") : std::string(1, *c);
  const auto lf = parse_media_playlist(kVod);
  const auto windows = parse_media_playlist(crlf);
  ASSERT_TRUE(lf) << lf.error().message;
  ASSERT_TRUE(windows) << windows.error().message;
  EXPECT_EQ(*windows, *lf);
  EXPECT_EQ(windows->segments[0].uri, "seg00000.m4s") << "no CR left in a URI";

  const auto master = parse_master_playlist(
      "\xEF\xBB\xBF#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=2x2\r\na/index.m3u8 \r\n");
  ASSERT_TRUE(master) << master.error().message;
  EXPECT_EQ(master->variants[0].uri, "a/index.m3u8");
}

TEST(PlaylistReader, ExtinfWithoutANumberNamesItsLine) {
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:,\na.m4s\n")), 3);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:six,\na.m4s\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:-1,\na.m4s\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:nan,\na.m4s\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:inf,\na.m4s\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:1e999,\na.m4s\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:6.0 s,\na.m4s\n")), 2);
}

TEST(PlaylistReader, MapWithoutUriNamesItsLine) {
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MAP:BYTERANGE=\"10@0\"\n"
                                            "#EXTINF:6,\na.m4s\n")),
            3);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-MAP:URI=\"\"\n#EXTINF:6,\na.m4s\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-MAP\n#EXTINF:6,\na.m4s\n")), 2);
}

TEST(PlaylistReader, UriBeforeAnyExtinfNamesItsLine) {
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n\nseg00000.m4s\n")), 4);
  // Each URI needs its own EXTINF; two EXTINFs in a row would lose one.
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:6,\na.m4s\nb.m4s\n")), 4);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:6,\n#EXTINF:6,\na.m4s\n")), 3);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXTINF:6,\na.m4s\n#EXTINF:2,\n")), 4);
}

TEST(PlaylistReader, OtherMalformedLinesNameTheirLine) {
  EXPECT_EQ(refused_at(parse_media_playlist("")), 1);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTINF:6,\na.m4s\n")), 1) << "no #EXTM3U";
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"avc1\n")), 2)
      << "unterminated quoted string";
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n#EXT-X-STREAM-INF:CODECS=\"avc1\"\na\n")), 2)
      << "BANDWIDTH is required";
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,BANDWIDTH=2\na\n")), 2);
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=x\na\n")), 2);
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n")), 2);
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n\na/index.m3u8\n")), 3);
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,NAME=\"a\"\n")), 2)
      << "GROUP-ID is required";
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n#EXT-X-MEDIA:TYPE=MUSIC,GROUP-ID=g,NAME=a\n")), 2);
  EXPECT_EQ(refused_at(parse_master_playlist("#EXTM3U\n#EXTINF:6,\na.m4s\n")), 2) << "a media playlist";
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na/index.m3u8\n")), 2)
      << "a master playlist";
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:LIVE\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-TARGETDURATION:six\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-PART:URI=\"p.m4s\"\n")), 2) << "no DURATION";
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-PRELOAD-HINT:TYPE=SEGMENT,URI=\"s\"\n")), 2);
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-DATERANGE:START-DATE=\"2026-11-13\"\n")), 2)
      << "no ID";
  EXPECT_EQ(refused_at(parse_media_playlist("#EXTM3U\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=MAYBE\n")), 2);
}

TEST(PlaylistReader, UnknownTagsAndCommentsAreIgnored) {
  const auto media = parse_media_playlist(
      "#EXTM3U\n# written by hand\n#EXT-X-FUTURE-TAG:WHATEVER=\"x,y\"\n#EXT-X-KEY:METHOD=NONE\n"
      "#EXTINF:2,\na.m4s\n#EXT-X-GAP\n#EXT-X-ENDLIST\n");
  ASSERT_TRUE(media) << media.error().message;
  ASSERT_EQ(media->segments.size(), 1u);
  EXPECT_TRUE(media->ended);
}

TEST(PlaylistReader, JoiningNeedsOneWholeInitSection) {
  auto joinable = [](const char* text) {
    auto media = parse_media_playlist(text);
    EXPECT_TRUE(media) << media.error().message;
    return media && joinable_init(*media).has_value();
  };
  EXPECT_FALSE(joinable("#EXTM3U\n#EXTINF:6,\na.m4s\n#EXT-X-ENDLIST\n")) << "no EXT-X-MAP: not fMP4";
  EXPECT_FALSE(joinable("#EXTM3U\n#EXTINF:6,\na.m4s\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6,\nb.m4s\n"))
      << "a segment before the map";
  EXPECT_FALSE(
      joinable("#EXTM3U\n#EXT-X-MAP:URI=\"a.mp4\"\n#EXTINF:6,\na.m4s\n#EXT-X-MAP:URI=\"b.mp4\"\n"
               "#EXTINF:6,\nb.m4s\n"))
      << "two different init sections";
  EXPECT_TRUE(
      joinable("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6,\na.m4s\n#EXT-X-DISCONTINUITY\n"
               "#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6,\nb.m4s\n"))
      << "the same one named again";
  EXPECT_TRUE(joinable("#EXTM3U\n#EXT-X-MAP:URI=init.mp4\n#EXTINF:6,\na.m4s\n")) << "an unquoted URI";
}

TEST(PlaylistReader, LoadingNamesTheFileAndLine) {
  test::TempDir dir;
  auto missing = load_media_playlist(dir / "index.m3u8");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, gavel::Errc::not_found);

  test::write_text(dir / "index.m3u8", "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\nseg00000.m4s\n");
  auto bad = load_media_playlist(dir / "index.m3u8");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, gavel::Errc::bad_input);
  EXPECT_EQ(bad.error().message, (dir / "index.m3u8").string() + ": line 3: a URI with no EXTINF before it");
  auto master = load_master_playlist(dir / "index.m3u8");
  ASSERT_FALSE(master);
  EXPECT_NE(master.error().message.find(": line 2: EXT-X-MAP belongs in a media playlist"), std::string::npos)
      << master.error().message;
}

}  // namespace
}  // namespace gavel::transcode::hls
