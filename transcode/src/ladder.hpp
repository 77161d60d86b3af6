#pragma once
// Which renditions a source gets: rung sizes keep the picture's display
// shape (non-square pixels and rotation included), never upscale.

#include "gavel/media/probe.hpp"
#include "gavel/transcode/options.hpp"
#include "rendition_writer.hpp"

#include <string>
#include <vector>

namespace gavel::transcode {

struct PlannedRung {
  std::string name;  // "720p"
  VideoGeometry geometry;
  int bitrate_kbps = 0;
};

AVRational output_frame_rate(double source_rate, double max_rate);
std::vector<PlannedRung> plan_ladder(const media::VideoTrack& source, const Options& options);

}  // namespace gavel::transcode
