#include "recess_detector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace gavel::transcode {
namespace {

// Mean square of the frame's samples on a 0..1 scale; nothing for a
// format not measured.
std::optional<double> mean_square(const AVFrame* f) {
  const auto format = static_cast<AVSampleFormat>(f->format);
  const int channels = f->ch_layout.nb_channels;
  if (channels <= 0 || f->nb_samples <= 0) return std::nullopt;
  const bool planar = av_sample_fmt_is_planar(format);
  const int planes = planar ? channels : 1;
  const int per_plane = planar ? f->nb_samples : f->nb_samples * channels;
  double sum = 0;
  for (int p = 0; p < planes; ++p) {
    const uint8_t* data = f->extended_data[p];
    for (int i = 0; i < per_plane; ++i) {
      double v;
      switch (av_get_packed_sample_fmt(format)) {
        case AV_SAMPLE_FMT_FLT:
          v = reinterpret_cast<const float*>(data)[i];
          break;
        case AV_SAMPLE_FMT_DBL:
          v = reinterpret_cast<const double*>(data)[i];
          break;
        case AV_SAMPLE_FMT_S16:
          v = reinterpret_cast<const int16_t*>(data)[i] / 32768.0;
          break;
        case AV_SAMPLE_FMT_S32:
          v = reinterpret_cast<const int32_t*>(data)[i] / 2147483648.0;
          break;
        case AV_SAMPLE_FMT_U8:
          v = (data[i] - 128) / 128.0;
          break;
        default:
          return std::nullopt;
      }
      sum += v * v;
    }
  }
  return sum / (static_cast<double>(planes) * per_plane);
}

}  // namespace

void RecessDetector::Run::step(bool quiet, double at, double shortest, const char* kind) {
  if (quiet) {
    if (!since) since = at;
    return;
  }
  if (since && at - *since >= shortest) found.push_back({*since, at, kind});
  since.reset();
}

void RecessDetector::begin_part(AVRational video, AVRational audio) {
  video_tb_ = video;
  audio_tb_ = audio;
  previous_.clear();  // a new part's first picture is no change from the last
}

void RecessDetector::audio(const AVFrame* frame) {
  if (audio_tb_.num == 0 || frame->pts == AV_NOPTS_VALUE) return;
  const auto ms = mean_square(frame);
  if (!ms) return;
  const double db = 10 * std::log10(std::max(*ms, 1e-20));
  silence_.step(db < silence_db_, frame->pts * av_q2d(audio_tb_), shortest(), "silence");
}

void RecessDetector::video(const AVFrame* frame) {
  if (video_tb_.num == 0 || frame->pts == AV_NOPTS_VALUE || frame->width < kGrid || frame->height < kGrid)
    return;
  const auto* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
  // Plane 0 is luma in every 8-bit YUV layout; others are not measured.
  if (!desc || (desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_HWACCEL)) ||
      desc->comp[0].depth != 8 || desc->comp[0].plane != 0 || desc->nb_components < 3)
    return;
  std::vector<int> grid(kGrid * kGrid);
  long long sum = 0;
  for (int y = 0; y < kGrid; ++y) {
    const uint8_t* row =
        frame->data[0] +
        static_cast<std::ptrdiff_t>((2 * y + 1) * frame->height / (2 * kGrid)) * frame->linesize[0];
    for (int x = 0; x < kGrid; ++x) {
      const int v = row[((2 * x + 1) * frame->width / (2 * kGrid)) * desc->comp[0].step];
      grid[y * kGrid + x] = v;
      sum += v;
    }
  }
  const double mean = static_cast<double>(sum) / grid.size();
  double change = 255;
  if (previous_.size() == grid.size()) {
    long long diff = 0;
    for (std::size_t i = 0; i < grid.size(); ++i) diff += std::abs(grid[i] - previous_[i]);
    change = static_cast<double>(diff) / grid.size();
  }
  previous_ = std::move(grid);
  // Limited-range black is 16; a frozen frame still carries a little codec noise.
  const bool still = mean < 24 || change < 1.0;
  still_.step(still, frame->pts * av_q2d(video_tb_), shortest(), "still");
}

std::vector<SuggestedRecess> RecessDetector::finish(double end) {
  const double min_seconds = min_seconds_ ? *min_seconds_ : std::clamp(end / 40, kShortestRun, 60.0);
  for (Run* r : {&silence_, &still_}) {
    if (r->since && end - *r->since >= shortest())
      r->found.push_back({*r->since, end, r == &silence_ ? "silence" : "still"});
    r->since.reset();
  }
  std::erase_if(silence_.found, [&](const SuggestedRecess& s) { return s.end - s.start < min_seconds; });
  // A camera on an empty lectern or a slide is still while the meeting
  // goes on; only a long stillness is a recess by itself.
  return merge_suggestions(silence_.found, still_.found, kStillAloneFactor * min_seconds);
}

std::vector<SuggestedRecess> merge_suggestions(std::vector<SuggestedRecess> silence,
                                               const std::vector<SuggestedRecess>& still,
                                               double still_alone_min) {
  auto overlaps = [](const SuggestedRecess& a, const SuggestedRecess& b) {
    return a.start < b.end && b.start < a.end;
  };
  std::vector<SuggestedRecess> merged = std::move(silence);
  // The room falls quiet when the chair declares the recess and sound
  // returns when the sitting resumes: silence gives the edges, a still
  // picture during it only confirms it.
  for (auto& s : merged)
    if (std::any_of(still.begin(), still.end(), [&](const auto& p) { return overlaps(s, p); }))
      s.kind = "silence+still";
  for (const auto& p : still) {
    const bool heard =
        std::any_of(merged.begin(), merged.end(), [&](const auto& s) { return overlaps(s, p); });
    if (!heard && p.end - p.start >= still_alone_min) merged.push_back(p);
  }
  std::sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  return merged;
}

std::string render_suggestions(const std::vector<SuggestedRecess>& suggestions) {
  std::string out = "{\"suggested_recesses\":[";
  for (std::size_t i = 0; i < suggestions.size(); ++i)
    out += fmt::format("{}{{\"start\":{:.2f},\"end\":{:.2f},\"kind\":\"{}\"}}", i ? "," : "",
                       suggestions[i].start, suggestions[i].end,
                       suggestions[i].kind);  // kinds are our own words
  return out + "]}\n";
}

}  // namespace gavel::transcode
