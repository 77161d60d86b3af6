#pragma once
// The one reader of HLS playlists (RFC 8216, plus the low-latency tags of
// its successor draft, rfc8216bis): master playlists as variants and
// renditions, media playlists as segments. The packager, the clip cutter
// and the podcast export all read playlists here, so they agree on what a
// playlist says.
//
// Strict where a reader could be misled: a URI with no EXTINF before it, an
// EXT-X-MAP without URI, a duration that is not a finite number >= 0, an
// unterminated quoted string, a master tag in a media playlist (or the
// reverse). Each fails as a "bad_input" Error whose message starts with the
// line ("line 7: ..."). Unknown tags and comments are ignored, as RFC 8216
// asks of clients. A UTF-8 BOM, CRLF line ends and trailing blanks are
// accepted. Nothing here throws.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gavel/result.hpp"

namespace gavel::transcode::hls {

// BYTERANGE="<length>[@<offset>]": part of a file rather than all of it.
struct ByteRange {
  std::uint64_t length = 0;
  std::optional<std::uint64_t> offset;  // absent: right after the previous range of that file
  bool operator==(const ByteRange&) const = default;
};

// ---- Master playlists -------------------------------------------------

struct Resolution {
  int width = 0, height = 0;
  bool operator==(const Resolution&) const = default;
};

// EXT-X-STREAM-INF and the URI line after it.
struct Variant {
  std::uint64_t bandwidth = 0;  // peak, bits/s
  std::optional<std::uint64_t> average_bandwidth;
  std::string codecs;                    // as written: "avc1.64001f,mp4a.40.2"
  std::optional<Resolution> resolution;  // absent: no picture
  std::optional<double> frame_rate;
  std::string audio;      // GROUP-ID of its EXT-X-MEDIA audio; empty if none
  std::string subtitles;  // GROUP-ID of its subtitles; empty if none
  std::string uri;        // never empty
  bool operator==(const Variant&) const = default;
};

enum class MediaType { audio, video, subtitles, closed_captions };

// EXT-X-MEDIA: an alternative rendition in a group.
struct Rendition {
  MediaType type = MediaType::audio;
  std::string group_id;  // never empty
  std::string name;      // never empty
  std::string language;  // empty if not given
  std::string uri;       // empty: carried in the variant's own stream
  bool is_default = false;
  bool autoselect = false;
  bool operator==(const Rendition&) const = default;
};

struct MasterPlaylist {
  int version = 1;  // EXT-X-VERSION; 1 when absent
  bool independent_segments = false;
  std::vector<Variant> variants;      // in playlist order
  std::vector<Rendition> renditions;  // in playlist order
  bool operator==(const MasterPlaylist&) const = default;
};

// ---- Media playlists ---------------------------------------------------

// EXT-X-MAP: the init section every segment after it needs.
struct InitSection {
  std::string uri;  // never empty
  std::optional<ByteRange> byte_range;
  bool operator==(const InitSection&) const = default;
};

// EXT-X-PART (LL-HLS): a piece of a segment, published before the segment.
struct Part {
  double duration = 0;  // seconds: finite, >= 0
  std::string uri;      // never empty
  bool independent = false;
  std::optional<ByteRange> byte_range;
  bool operator==(const Part&) const = default;
};

// EXTINF and the URI line after it, with the tags that apply to it.
struct Segment {
  double duration = 0;                  // seconds: finite, >= 0
  std::string title;                    // EXTINF text after the comma
  std::string uri;                      // never empty
  std::optional<std::size_t> map;       // index in MediaPlaylist::maps; none before any EXT-X-MAP
  std::optional<ByteRange> byte_range;  // EXT-X-BYTERANGE
  bool discontinuity = false;           // EXT-X-DISCONTINUITY before it
  std::string program_date_time;        // EXT-X-PROGRAM-DATE-TIME as written; empty if none
  std::vector<Part> parts;              // the parts it was first published as
  bool operator==(const Segment&) const = default;
};

enum class PlaylistType { unspecified, event, vod };

// EXT-X-SERVER-CONTROL: what a client may ask of a live playlist's server.
struct ServerControl {
  bool can_block_reload = false;
  std::optional<double> hold_back, part_hold_back, can_skip_until;  // seconds
  bool operator==(const ServerControl&) const = default;
};

// EXT-X-PRELOAD-HINT: a part or init section the server will publish next.
struct PreloadHint {
  std::string type;  // "PART" or "MAP"
  std::string uri;   // never empty
  bool operator==(const PreloadHint&) const = default;
};

// EXT-X-DATERANGE: a span of wall-clock time with attributes (chapters,
// recesses, ad markers).
struct DateRange {
  std::string id;  // never empty
  std::string class_name;
  std::string start_date;  // ISO 8601 as written
  std::optional<double> duration;
  // X-<name> client attributes, in order, quotes removed, otherwise as written.
  std::vector<std::pair<std::string, std::string>> client_attributes;
  bool operator==(const DateRange&) const = default;
};

struct MediaPlaylist {
  int version = 1;          // EXT-X-VERSION; 1 when absent
  int target_duration = 0;  // EXT-X-TARGETDURATION, seconds
  std::uint64_t media_sequence = 0;
  PlaylistType type = PlaylistType::unspecified;
  bool independent_segments = false;
  bool ended = false;  // EXT-X-ENDLIST: no segment will be added
  std::vector<InitSection> maps;
  std::vector<Segment> segments;
  std::optional<ServerControl> server_control;
  std::optional<double> part_target;  // EXT-X-PART-INF PART-TARGET, seconds
  std::vector<Part> open_parts;       // parts of the segment still being written
  std::vector<PreloadHint> preload_hints;
  std::vector<DateRange> date_ranges;
  bool operator==(const MediaPlaylist&) const = default;
};

Result<MasterPlaylist> parse_master_playlist(std::string_view text);
Result<MediaPlaylist> parse_media_playlist(std::string_view text);

// The file read and parsed: "not_found" when it cannot be read, "bad_input"
// naming the file and line when it is not a playlist of that kind.
Result<MasterPlaylist> load_master_playlist(const std::filesystem::path& file);
Result<MediaPlaylist> load_media_playlist(const std::filesystem::path& file);

// The init section to put before a finished playlist's segments to join
// them into one MP4 (what clips and the podcast file are cut from): every
// segment must use the same one, and it and they must be whole files.
// "bad_input" saying which rule is broken otherwise.
Result<InitSection> joinable_init(const MediaPlaylist& playlist);

}  // namespace gavel::transcode::hls
