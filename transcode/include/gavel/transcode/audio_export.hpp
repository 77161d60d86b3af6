#pragma once
// The podcast file: a packaged audio rendition (init.mp4 plus the fragments
// its playlist lists) remuxed without re-encoding into one plain M4A with
// the moov box first. Concatenated fragments are valid fragmented MP4, but
// many podcast apps and download managers accept only the plain kind.

#include <filesystem>
#include <string>

#include "gavel/result.hpp"

namespace gavel::transcode {

// iTunes-style tags written into the file; empty ones are left out.
struct AudioTags {
  std::string title;
  std::string artist;
  std::string album;
  std::string date;  // YYYY-MM-DD
};

// Reads `rendition_dir`/index.m3u8 and writes `out_file` (created or
// truncated; removed again on failure). Fails with "not_ready" while the
// playlist has no EXT-X-ENDLIST (still packaging), "not_found" when there
// is no playlist or a listed file is missing, "bad_input" when the
// rendition carries no audio. Blocks for as long as reading the rendition
// takes: call it off the io threads. The caller writes to a temporary name
// and renames, so readers never see half a file.
Result<void> export_audio_m4a(const std::filesystem::path& rendition_dir,
                              const std::filesystem::path& out_file, const AudioTags& tags = {});

}  // namespace gavel::transcode
