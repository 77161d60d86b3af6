#pragma once
// Looking inside what the packager wrote: a rendition joined into one
// playable file, its packets, its loudness, its pictures.

#include <filesystem>
#include <string>
#include <vector>

#include "gavel/media/libav.hpp"
#include "playlist_reader.hpp"

namespace gavel::test {

struct PacketFacts {
  double pts = 0, dts = 0;  // seconds
  bool key = false;
  std::string data;
};

// The segments a media playlist lists; none, and a test failure, when it
// cannot be read or does not parse.
std::vector<transcode::hls::Segment> segments_of(const std::filesystem::path& playlist);

// init.mp4 followed by every segment the playlist names, as one MP4 file.
std::filesystem::path join_rendition(const std::filesystem::path& rendition_dir,
                                     const std::filesystem::path& joined);

// The packets of the first stream of `type`, in file order.
std::vector<PacketFacts> read_packets(const std::filesystem::path& file, AVMediaType type);

// Presentation times (seconds) of the keyframes, sorted.
std::vector<double> keyframe_times(const std::vector<PacketFacts>& packets);

// EBU R128 integrated loudness in LUFS, measured by the ffmpeg program.
double integrated_loudness(const std::filesystem::path& file);

struct Picture {
  int width = 0, height = 0;
  double mean_luma = 0;  // 0..255
};
// Decodes an image file with libav; width 0 when it does not decode.
Picture decode_picture(const std::filesystem::path& file);

}  // namespace gavel::test
