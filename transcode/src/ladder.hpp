#pragma once
// What a source becomes: which renditions (rung sizes keep the picture's
// display shape, non-square pixels and rotation included, never upscale)
// and the size and rate of its poster and storyboard pictures.

#include <string>
#include <vector>

#include "filter_chain.hpp"
#include "gavel/media/probe.hpp"
#include "gavel/transcode/options.hpp"
#include "rendition_writer.hpp"
#include "storyboard.hpp"

namespace gavel::transcode {

struct PlannedRung {
  std::string name;  // "720p"
  VideoGeometry geometry;
  int bitrate_kbps = 0;
};

AVRational output_frame_rate(double source_rate, double max_rate);
std::vector<PlannedRung> plan_ladder(const media::VideoTrack& source, const Options& options);

// Below a copied top rung of `top_kbps` (0: unknown), each encoded rung
// (tallest first) gets at most 90% of the one above: a player choosing by
// bandwidth must never find a smaller picture costing more.
void fit_under(std::vector<PlannedRung>& ladder, long long top_kbps);

// Seconds between storyboard tiles: one per 1% of the meeting, but no
// closer than 2 s and no further apart than 10 s (~1,000 tiles for 3 hours).
double storyboard_interval(double duration, const Options& options);
PictureBranch plan_pictures(const media::VideoTrack& source, double duration, const Options& options);
StoryboardLayout storyboard_layout(const PictureBranch& pictures, const Options& options);

}  // namespace gavel::transcode
