#include "ladder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gavel::transcode {
namespace {

int even(double v) { return std::max(2, static_cast<int>(std::lround(v / 2)) * 2); }

// Width over height as the picture is meant to be seen.
double display_aspect(const media::VideoTrack& source) {
  double w = source.width * source.sample_aspect, h = source.height;
  if (source.rotation == 90 || source.rotation == 270) std::swap(w, h);
  return h > 0 ? w / h : 16.0 / 9;
}

double display_height(const media::VideoTrack& source) {
  return (source.rotation == 90 || source.rotation == 270) ? source.width * source.sample_aspect
                                                           : source.height;
}

}  // namespace

AVRational output_frame_rate(double source_rate, double max_rate) {
  if (!(source_rate > 1 && source_rate < 241)) return AVRational{30, 1};
  AVRational rate = av_d2q(source_rate, 60000);
  // Prefer the NTSC forms the source almost certainly meant.
  for (double ntsc : {23.976, 29.97, 59.94})
    if (std::abs(source_rate - ntsc) < 0.01)
      rate = AVRational{static_cast<int>(std::lround(ntsc * 1001)), 1001};
  // Halving keeps every output frame on a source frame (50 -> 25, 59.94 -> 29.97).
  while (av_q2d(rate) > max_rate + 0.01) rate = av_mul_q(rate, AVRational{1, 2});
  return rate;
}

std::vector<PlannedRung> plan_ladder(const media::VideoTrack& source, const Options& options) {
  const double aspect = display_aspect(source);
  const double display_h = display_height(source);
  const AVRational rate = output_frame_rate(source.frame_rate, options.max_frame_rate);

  auto rung = [&](int height, int kbps) {
    PlannedRung r;
    r.name = fmt::format("{}p", height);
    r.geometry.height = even(height);
    r.geometry.width = even(height * aspect);
    r.geometry.frame_rate = rate;
    r.geometry.time_base = av_inv_q(rate);
    r.bitrate_kbps = kbps;
    return r;
  };

  std::vector<PlannedRung> ladder;
  for (const VideoRung& r : options.ladder)
    if (r.height <= display_h + 0.5) ladder.push_back(rung(r.height, r.bitrate_kbps));
  std::sort(ladder.begin(), ladder.end(),
            [](const PlannedRung& a, const PlannedRung& b) { return a.geometry.height > b.geometry.height; });
  if (ladder.empty() && !options.ladder.empty()) {
    // Smaller than every rung: one rendition at the source's own size, with
    // the smallest rung's bitrate scaled by area.
    auto smallest = *std::min_element(options.ladder.begin(), options.ladder.end(),
                                      [](auto& a, auto& b) { return a.height < b.height; });
    const double scale = (display_h * display_h) / (double(smallest.height) * smallest.height);
    ladder.push_back(rung(even(display_h), std::max(100, int(smallest.bitrate_kbps * scale))));
  }
  return ladder;
}

void fit_under(std::vector<PlannedRung>& ladder, long long top_kbps) {
  constexpr long long kFloorKbps = 100;  // below this a rung shows only blocks
  long long ceiling = top_kbps;
  for (auto& rung : ladder) {
    if (ceiling > 0)
      rung.bitrate_kbps =
          static_cast<int>(std::min<long long>(rung.bitrate_kbps, std::max(kFloorKbps, ceiling * 9 / 10)));
    ceiling = rung.bitrate_kbps;
  }
}

double storyboard_interval(double duration, const Options& options) {
  if (options.storyboard_interval > 0) return options.storyboard_interval;
  return std::clamp(std::round(duration / 100), 2.0, 10.0);
}

PictureBranch plan_pictures(const media::VideoTrack& source, double duration, const Options& options) {
  const double aspect = display_aspect(source);
  const double display_h = display_height(source);
  PictureBranch p;
  p.interval = storyboard_interval(duration, options);
  p.poster_width = even(std::min<double>(options.poster_max_width, display_h * aspect));
  p.poster_height = even(p.poster_width / aspect);
  p.tile_width = even(options.tile_width);
  p.tile_height = even(options.tile_width / aspect);
  return p;
}

StoryboardLayout storyboard_layout(const PictureBranch& pictures, const Options& options) {
  StoryboardLayout l;
  l.interval = pictures.interval;
  l.tile_width = pictures.tile_width;
  l.tile_height = pictures.tile_height;
  l.columns = std::max(1, options.tile_columns);
  l.rows = std::max(1, options.tile_rows);
  return l;
}

}  // namespace gavel::transcode
