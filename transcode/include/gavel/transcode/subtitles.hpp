#pragma once
// Captions as HLS subtitle renditions: captions/{lang}.vtt, a one-segment
// captions/{lang}.m3u8, and their EXT-X-MEDIA entries in master.m3u8.

#include <filesystem>
#include <string>
#include <vector>

#include "gavel/result.hpp"

namespace gavel::transcode {

struct SubtitleTrack {
  std::string language;  // "ko", "en"
  std::string name;      // what players show, e.g. "한국어"
  std::string webvtt;    // the whole file
};

// Replaces whatever subtitle renditions the tree had with `tracks` (none:
// removes them). The master is left alone while it does not exist yet;
// call again once packaging has written it.
Result<void> publish_subtitles(const std::filesystem::path& media_dir,
                               const std::vector<SubtitleTrack>& tracks, double duration);

}  // namespace gavel::transcode
