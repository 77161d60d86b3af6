#pragma once
// When a source stream can reach players as it is. Remuxing saves the
// costliest encode and a generation of quality loss; it is only done when
// every browser and phone can play the stream and every part of the
// meeting carries the same configuration (one init segment serves all).

#include <vector>

#include "gavel/media/probe.hpp"
#include "gavel/transcode/options.hpp"
#include "part_decoder.hpp"

namespace gavel::transcode {

// H.264 up to High@4.1, 8-bit 4:2:0, progressive, upright, square pixels,
// a constant rate the ladder keeps as it is, at most copy_max_kbps,
// keyframes at most a segment apart, and no taller than the ladder's
// top rung.
bool video_is_browser_ready(const media::VideoTrack& video, const Options& options);

// AAC-LC stereo at 48 or 44.1 kHz.
bool audio_is_browser_ready(const media::AudioTrack& audio);

CopyPlan plan_copy(const std::vector<media::MediaInfo>& parts, std::size_t audio_renditions,
                   const Options& options);

}  // namespace gavel::transcode
