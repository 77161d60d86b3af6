#pragma once
// A span of a packaged meeting as one plain MP4 (moov first), cut from the
// HLS renditions without re-encoding: the video rendition chosen by height
// plus the default audio rendition, starting at the last keyframe at or
// before the span's start (the ladder has one every 2 s) and ending at its
// end.

#include "gavel/result.hpp"

#include <filesystem>
#include <string>

namespace gavel::transcode {

struct ClipSpan {
  double start = 0;  // seconds into the meeting
  double end = 0;
  int max_height = 720;  // the tallest rendition at or below this; the shortest if none is
};

struct ClipMade {
  std::string rendition;  // "720p"
  double start = 0;       // where the clip really starts (a keyframe at or before span.start)
  double duration = 0;
};

// Reads `media_dir` (master.m3u8 and its rendition folders) and writes
// `out_file` (created or truncated; removed again on failure). Fails with
// "not_found" when there is no master playlist or no segment covers the
// span, "not_ready" while a rendition is still being packaged,
// "bad_input" for an empty or inverted span. Blocks for as long as
// reading the span takes: call it off the io threads. The caller writes to
// a temporary name and renames, so readers never see half a file.
Result<ClipMade> export_clip(const std::filesystem::path& media_dir, const ClipSpan& span,
                             const std::filesystem::path& out_file);

}  // namespace gavel::transcode
