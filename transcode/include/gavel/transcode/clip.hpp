#pragma once
// A span of a packaged meeting as one plain MP4 (moov first), cut from the
// HLS renditions without re-encoding: the video rendition chosen by height
// plus the default audio rendition, starting at the last keyframe at or
// before the span's start (the ladder has one every 2 s) and ending at its
// end. A recording without picture gives a clip of its sound alone.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "gavel/result.hpp"

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

// A clip laid out before its media data is read: the bytes that open the
// file (ftyp, moov, the mdat header), how many bytes of media data follow
// and any boxes after them. Knowing this first is what lets a clip be sent
// moov first, with its Content-Length, while it is still being cut.
struct ClipLayout {
  std::string head;
  std::uint64_t body_size = 0;
  std::string tail;
  ClipMade made;
  std::uint64_t size() const { return head.size() + body_size + tail.size(); }
};

// Receives a clip's bytes in order; an error stops the cut.
using ByteSink = std::function<Result<void>(const char* data, std::size_t size)>;

// Lays the clip out: reads the span once (packet sizes and times are what
// matter) without keeping its data. Errors as export_clip's.
Result<ClipLayout> plan_clip(const std::filesystem::path& media_dir, const ClipSpan& span);
// Cuts the media data and tail of a planned clip into `sink`: the bytes
// that follow layout.head. Fails if the packaged media changed since the
// plan (the data no longer matches its size).
Result<void> write_clip_body(const std::filesystem::path& media_dir, const ClipSpan& span,
                             const ClipLayout& layout, const ByteSink& sink);

// plan_clip and write_clip_body into a file.
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
