#include "copy_policy.hpp"

#include <algorithm>
#include <cmath>

#include "ladder.hpp"

namespace gavel::transcode {
namespace {

bool h264_profile_plays_everywhere(int profile) {
  // Constrained Baseline carries a constraint flag on top of Baseline.
  const int base = profile & ~FF_PROFILE_H264_CONSTRAINED;
  return base == FF_PROFILE_H264_BASELINE || base == FF_PROFILE_H264_MAIN || base == FF_PROFILE_H264_HIGH;
}

bool same_video(const media::VideoTrack& a, const media::VideoTrack& b) {
  return a.codec_config == b.codec_config && a.width == b.width && a.height == b.height &&
         std::abs(a.frame_rate - b.frame_rate) < 0.01;
}

// The track part `part` feeds audio rendition `i` from (see PartDecoder::open).
const media::AudioTrack* feeding_track(const media::MediaInfo& part, std::size_t i) {
  if (part.audio.empty()) return nullptr;
  return &part.audio[i < part.audio.size() ? i : 0];
}

}  // namespace

bool video_is_browser_ready(const media::VideoTrack& v, const Options& options) {
  if (v.codec != "h264" || v.pixel_format != "yuv420p" || !h264_profile_plays_everywhere(v.profile))
    return false;
  if (v.level <= 0 || v.level > 41 || v.interlaced || v.rotation != 0) return false;
  if (std::abs(v.sample_aspect - 1.0) > 0.01 || v.width % 2 || v.height % 2) return false;
  if (v.codec_config.empty()) return false;  // the init segment needs the SPS/PPS
  // The encoded rungs run at the ladder's rate; the copy keeps the source's.
  if (!v.constant_frame_rate) return false;
  const AVRational ladder_rate = output_frame_rate(v.frame_rate, options.max_frame_rate);
  if (std::abs(av_q2d(ladder_rate) - v.frame_rate) > 0.001 * v.frame_rate) return false;
  if (v.bit_rate > static_cast<long long>(options.copy_max_kbps) * 1000) return false;
  // Segments can only cut at the copy's keyframes: keyframes further apart
  // than a segment would stretch every segment of every rung past the
  // target length (players then fetch and buffer far more than asked).
  if (v.longest_keyframe_interval > options.segment_seconds + 0.01) return false;
  const auto tallest = std::max_element(options.ladder.begin(), options.ladder.end(),
                                        [](auto& a, auto& b) { return a.height < b.height; });
  return tallest != options.ladder.end() && v.height <= tallest->height;
}

bool audio_is_browser_ready(const media::AudioTrack& a) {
  return a.codec == "aac" && a.profile == FF_PROFILE_AAC_LOW && a.channels == 2 &&
         (a.sample_rate == 48000 || a.sample_rate == 44100) && !a.codec_config.empty();
}

CopyPlan plan_copy(const std::vector<media::MediaInfo>& parts, std::size_t audio_renditions,
                   const Options& options) {
  CopyPlan plan;
  plan.audio.assign(audio_renditions, false);
  if (parts.empty()) return plan;
  const media::MediaInfo& first = parts.front();

  if (options.copy_browser_ready_video && first.video) {
    plan.video = std::all_of(parts.begin(), parts.end(), [&](const media::MediaInfo& p) {
      // A part without pictures leaves a gap whether copied or not.
      return !p.video || (video_is_browser_ready(*p.video, options) && same_video(*p.video, *first.video));
    });
  }
  for (std::size_t i = 0; i < audio_renditions && options.copy_browser_ready_audio; ++i) {
    const media::AudioTrack* reference = feeding_track(first, i);
    plan.audio[i] = reference && std::all_of(parts.begin(), parts.end(), [&](const media::MediaInfo& p) {
                      const media::AudioTrack* t = feeding_track(p, i);
                      return !t || (audio_is_browser_ready(*t) && t->codec_config == reference->codec_config);
                    });
  }
  return plan;
}

}  // namespace gavel::transcode
