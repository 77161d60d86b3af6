#include "audio_chain.hpp"

namespace gavel::transcode {
namespace {

constexpr double kCeilingDbfs = -2.0;  // sample peaks; AAC and true-peak overshoot add about 1 dB

}  // namespace

Result<AudioChain> AudioChain::open(const AVCodecContext* decoder, AVRational time_base,
                                    int encoder_frame_size, double loudness_lufs, double start_seconds) {
  const bool level = loudness_lufs < 0;
  auto input = FilterChain::audio(decoder, time_base, start_seconds, level, encoder_frame_size);
  if (!input) return input.error();
  AudioChain chain(std::move(*input));
  if (!level) return chain;
  auto limiter = FilterChain::limiter(chain.input_.output_time_base(0), kCeilingDbfs, encoder_frame_size);
  if (!limiter) return limiter.error();
  chain.limiter_ = std::move(*limiter);
  chain.leveler_.emplace(loudness_lufs);
  return chain;
}

Result<void> AudioChain::push(AVFrame* frame) {
  if (auto r = input_.push(frame); !r) return r;
  if (!leveler_) return {};
  if (auto r = pump(); !r) return r;
  if (frame) return {};
  leveler_->close();
  if (auto r = pump(); !r) return r;
  return limiter_->push(nullptr);
}

Result<void> AudioChain::pump() {
  while (input_.pull(0, scratch_.get())) {
    leveler_->push(scratch_.get());
    av_frame_unref(scratch_.get());
  }
  while (leveler_->pull(scratch_.get())) {
    auto pushed = limiter_->push(scratch_.get());
    av_frame_unref(scratch_.get());
    if (!pushed) return pushed;
  }
  return {};
}

bool AudioChain::pull(AVFrame* out) { return limiter_ ? limiter_->pull(0, out) : input_.pull(0, out); }

}  // namespace gavel::transcode
