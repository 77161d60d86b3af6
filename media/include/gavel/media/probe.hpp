#pragma once
// What a recording holds, read with libavformat, and the clerk-facing
// diagnosis when it cannot be read.

#include "gavel/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gavel::media {

struct AudioTrack {
  int stream_index = -1;
  std::string codec;
  int channels = 0;
  int sample_rate = 0;
  std::string language;  // ISO 639 code from the container, empty if untagged
};

struct VideoTrack {
  int stream_index = -1;
  std::string codec;
  int width = 0;
  int height = 0;
  double sample_aspect = 1.0;  // pixel width / pixel height
  double frame_rate = 0;
  bool interlaced = false;
  int rotation = 0;  // degrees clockwise the picture must turn to display upright
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
