#include "loudness_leveler.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace gavel::transcode {
namespace {

// Below this a 3-second window is a pause, a recess or room noise: the gain
// holds rather than chase it.
constexpr double kSpeechGateLufs = -45;
// Bounds on the correction: enough for a far-off microphone, not so much
// that a dead channel's hiss becomes a roar.
constexpr double kMaxBoostDb = 24, kMaxCutDb = -24;
// Turning down fast spares ears; turning up slowly keeps pauses from
// swelling.
constexpr double kRiseDbPerSecond = 2, kFallDbPerSecond = 6;

}  // namespace

void LoudnessLeveler::push(const AVFrame* frame) {
  if (const AVDictionaryEntry* s = av_dict_get(frame->metadata, "lavfi.r128.S", nullptr, 0))
    reading_ = std::strtod(s->value, nullptr);
  held_.emplace_back(av_frame_clone(frame));
  held_samples_ += frame->nb_samples;
}

bool LoudnessLeveler::pull(AVFrame* out) {
  if (held_.empty()) return false;
  const AVFrame* front = held_.front().get();
  // Released once the 3 s after its start have been measured: the reading
  // then describes what this frame begins.
  const long long lookahead = std::llround(kLookaheadSeconds * front->sample_rate);
  if (!closed_ && held_samples_ - front->nb_samples < lookahead) return false;

  av_frame_move_ref(out, held_.front().get());
  held_.pop_front();
  held_samples_ -= out->nb_samples;
  const double before = gain_db_;
  steer(static_cast<double>(out->nb_samples) / out->sample_rate);
  if (av_frame_make_writable(out) >= 0) apply(out, before, gain_db_);
  return true;
}

void LoudnessLeveler::steer(double seconds) {
  if (reading_ < kSpeechGateLufs) return;
  const double wanted = std::clamp(target_ - reading_, kMaxCutDb, kMaxBoostDb);
  if (!settled_) {
    // Everything before the first speech was below the gate: the jump
    // happens over silence.
    gain_db_ = wanted;
    settled_ = true;
    return;
  }
  const double step = wanted > gain_db_ ? std::min(wanted - gain_db_, kRiseDbPerSecond * seconds)
                                        : std::max(wanted - gain_db_, -kFallDbPerSecond * seconds);
  gain_db_ += step;
}

void LoudnessLeveler::apply(AVFrame* frame, double from_db, double to_db) {
  // Ramped across the frame so a change of gain never clicks.
  const int channels = frame->ch_layout.nb_channels;
  auto* samples = reinterpret_cast<double*>(frame->data[0]);
  const double from = std::pow(10.0, from_db / 20), to = std::pow(10.0, to_db / 20);
  const double step = frame->nb_samples > 0 ? (to - from) / frame->nb_samples : 0;
  for (int i = 0; i < frame->nb_samples; ++i) {
    const double g = from + step * i;
    for (int c = 0; c < channels; ++c) samples[i * channels + c] *= g;
  }
}

}  // namespace gavel::transcode
