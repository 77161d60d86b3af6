#pragma once
// The packaging engine: recording parts in, an HLS tree out (master.m3u8 and
// one folder per rendition), on the libav API. Knows no database.

#include <filesystem>
#include <functional>
#include <vector>

#include "gavel/result.hpp"
#include "gavel/transcode/options.hpp"

namespace gavel::transcode {

// Called about once a second from the transcoding thread. Returning false
// cancels the job, which then fails with code "cancelled".
using ProgressFn = std::function<bool(const Progress&)>;

// Packages `parts` (in order, joined into one timeline starting at 0) into
// `out_dir`, which must be empty or absent. Playlists are written as the
// work goes (EVENT), so the start is playable before the end is done.
Result<Summary> transcode(const std::vector<std::filesystem::path>& parts,
                          const std::filesystem::path& out_dir, const Options& options,
                          const ProgressFn& on_progress = {});

}  // namespace gavel::transcode
