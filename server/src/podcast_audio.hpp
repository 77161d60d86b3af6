#pragma once
// DATA/media/{id}/podcast.m4a: a meeting's audio as one plain M4A for
// podcast apps, made on first request from the packaged audio rendition
// (no re-encoding: see transcode::export_audio_m4a) and kept beside it, so
// later requests are plain file serving. A new transcode removes the media
// folder and the file with it.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "gavel/index/archive.hpp"
#include "gavel/result.hpp"
#include "gavel/worker/data_dir.hpp"

namespace gavel::server {

// The file, made now when missing or older than the rendition's playlist.
// Blocks while it is made (half a second per hour of audio here): call it on
// the handler pool. Concurrent callers for one meeting share one export.
// Fails with "not_found" (no such meeting, not ready, no audio) or "busy"
// (another request's export is still running after a long wait).
Result<std::filesystem::path> podcast_audio(index::Archive& archive, const worker::DataDir& data,
                                            std::int64_t meeting);

// True when the meeting has an audio rendition to make the file from.
bool has_podcast_source(const worker::DataDir& data, std::int64_t meeting);

// The size of the file if it has been made; never makes it.
std::optional<std::uint64_t> podcast_audio_size(const worker::DataDir& data, std::int64_t meeting);

}  // namespace gavel::server
