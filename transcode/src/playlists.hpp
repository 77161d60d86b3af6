#pragma once
// The master playlist, the RFC 6381 codec strings it names, and the
// measurements (bitrates, durations) taken from what was actually written.

#include <filesystem>
#include <string>
#include <vector>

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"
#include "gavel/transcode/options.hpp"

namespace gavel::transcode {

std::string codec_string(AVCodecID codec, const uint8_t* extradata, int extradata_size);
std::string codec_string(const AVCodecContext* encoder);

// Fills duration, segments, peak and average bitrate from the rendition's
// playlist (read with hls::load_media_playlist) and segment files; leaves
// them at zero when the playlist cannot be read.
void measure_rendition(const std::filesystem::path& dir, RenditionSummary& rendition);

std::string render_master(const std::vector<RenditionSummary>& renditions);

// Writes beside the target and renames, so a reader sees the old or the new
// file, never half of one.
Result<void> write_file_atomically(const std::filesystem::path& path, const std::string& content);

// A finished EVENT playlist becomes VOD: players may then cache it whole.
// libavformat's hls muxer measures the last segment to the start of its
// last packet; `media_duration` (first packet's start to last packet's
// end) lets the last EXTINF include that packet too. Fails, writing
// nothing, when the playlist cannot be read or does not parse.
Result<void> mark_playlist_complete(const std::filesystem::path& playlist, double media_duration);

}  // namespace gavel::transcode
