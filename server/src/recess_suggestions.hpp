#pragma once
// Recesses the packager suggests (DATA/media/{id}/suggestions.json, written
// with the HLS tree): long silence or a still picture, for a clerk to accept.

#include <boost/json/array.hpp>
#include <cstdint>
#include <vector>

#include "gavel/index/records.hpp"
#include "gavel/worker/data_dir.hpp"

namespace gavel::server {

// [{start, end, kind}], empty when the meeting has none or was packaged
// before suggestions were made. Reads a small file: call it off the io threads.
boost::json::array suggested_recesses(const worker::DataDir& data, std::int64_t meeting);

// A chair declares a recess ("정회를 선포합니다") and then the room falls
// silent: the recess starts at the declaration, not at the silence. A
// suggestion whose start follows, within a few seconds, a caption cue
// declaring a recess is moved back to that cue's start (and marked
// "declared": true).
void align_to_declarations(boost::json::array& suggestions, const std::vector<index::CaptionCue>& cues);

}  // namespace gavel::server
