#pragma once
// One audio track's way to its AAC encoder: resampled to 48 kHz stereo on
// the video's clock, levelled to the loudness target, framed for AAC.

#include <optional>

#include "filter_chain.hpp"
#include "loudness_leveler.hpp"

namespace gavel::transcode {

class AudioChain {
 public:
  // `loudness_lufs` 0 leaves the level alone; `start_seconds` as in
  // FilterChain::video.
  static Result<AudioChain> open(const AVCodecContext* decoder, AVRational time_base, int encoder_frame_size,
                                 double loudness_lufs, double start_seconds);

  // Feeds a decoded frame (null: end of input). The frame is left untouched.
  Result<void> push(AVFrame* frame);
  // Moves the next frame for the encoder into `out`; false when none is ready.
  bool pull(AVFrame* out);

 private:
  explicit AudioChain(FilterChain input) : input_(std::move(input)) {}
  Result<void> pump();

  FilterChain input_;  // resampling; with a loudness target, also the meter
  std::optional<LoudnessLeveler> leveler_;
  std::optional<FilterChain> limiter_;
  media::Frame scratch_ = media::make_frame();
};

}  // namespace gavel::transcode
