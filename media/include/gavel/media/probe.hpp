#pragma once
// What a recording holds, read with libavformat, and the clerk-facing
// diagnosis when it cannot be read.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gavel/result.hpp"

namespace gavel::media {

struct AudioTrack {
  int stream_index = -1;
  std::string codec;
  int channels = 0;
  int sample_rate = 0;
  std::string language;    // ISO 639 code from the container, empty if untagged
  int profile = -1;        // libavcodec profile (FF_PROFILE_AAC_LOW, ...), -1 if unknown
  long long bit_rate = 0;  // bits per second, 0 if unknown
  // The decoder configuration (extradata). Parts can be joined without
  // re-encoding only when theirs are identical.
  std::vector<std::uint8_t> codec_config;
};

struct VideoTrack {
  int stream_index = -1;
  std::string codec;
  int width = 0;
  int height = 0;
  double sample_aspect = 1.0;  // pixel width / pixel height
  double frame_rate = 0;
  bool interlaced = false;
  int rotation = 0;          // degrees clockwise the picture must turn to display upright
  int profile = -1;          // libavcodec profile (FF_PROFILE_H264_HIGH, ...), -1 if unknown
  int level = -1;            // codec level, e.g. 41 for H.264 level 4.1; -1 if unknown
  std::string pixel_format;  // libav's name, e.g. "yuv420p"
  // The container's average rate agrees with its base rate, so frames come
  // at even intervals (phone and video-call exports often do not).
  bool constant_frame_rate = false;
  long long bit_rate = 0;  // bits per second; the container's total if the stream's is unknown
  std::vector<std::uint8_t> codec_config;  // extradata, see AudioTrack
  // Seconds between the two keyframes furthest apart (the last one to the
  // end included), from the container's index; 0 when it has none (MPEG-TS,
  // some Matroska). Segments of a copied stream can only cut at keyframes.
  double longest_keyframe_interval = 0;
};

struct MediaInfo {
  std::string container;
  double duration = 0;  // seconds, from the first to the last timestamp
  std::optional<VideoTrack> video;
  std::vector<AudioTrack> audio;
};

// Reads the container and stream headers. Fails with code "empty",
// "truncated", "not_media", "not_found" and a message naming the file.
Result<MediaInfo> probe(const std::filesystem::path& file);

// For an ISO-BMFF (MP4/MOV/M4A) file whose top-level boxes run past the end
// of the file: the fraction of the declared size that is present.
std::optional<double> truncated_fraction(const std::filesystem::path& file);

}  // namespace gavel::media
