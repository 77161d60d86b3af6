#pragma once
// Loudness normalisation in one pass, for sound that is re-encoded. The
// gain follows the EBU R128 short-term loudness (3 s windows, measured by
// libavfilter's ebur128 ahead of this) of the next 3 seconds, so it turns
// down before a loud speaker arrives and never jumps mid-word; it moves a
// few dB a second at most and holds through pauses and recesses, so room
// noise is never raised to speech level. A limiter after it catches the
// peaks a raised gain would clip.
//
// Why not libavfilter's loudnorm (dynamic mode): it runs at 192 kHz and its
// 3 s frames sit in libavfilter's pools, about 100 MB per track, which a
// 1080i ladder with two interpretation tracks cannot spare; measuring the
// whole recording first would delay the first playable segment by the
// time it takes to read a 3-hour file.

#include <deque>

#include "gavel/media/libav.hpp"

namespace gavel::transcode {

class LoudnessLeveler {
 public:
  // The short-term window ebur128 reports, and so how far the gain looks ahead.
  static constexpr double kLookaheadSeconds = 3.0;

  explicit LoudnessLeveler(double target_lufs) : target_(target_lufs) {}

  // Takes a packed-double frame (AV_SAMPLE_FMT_DBL); frames crossing a
  // 100 ms boundary carry "lavfi.r128.S" from ebur128. Keeps a reference.
  void push(const AVFrame* frame);
  // End of input: the frames still held become ready.
  void close() { closed_ = true; }
  // Moves the next frame whose look-ahead has been measured into `out`,
  // with its gain applied; false when none is ready.
  bool pull(AVFrame* out);

  double gain_db() const { return gain_db_; }

 private:
  void steer(double seconds);
  static void apply(AVFrame* frame, double from_db, double to_db);

  double target_;
  std::deque<media::Frame> held_;
  long long held_samples_ = 0;
  double reading_ = kSilent;  // latest short-term loudness, LUFS
  double gain_db_ = 0;
  bool settled_ = false;  // a reading of speech has set the gain once
  bool closed_ = false;

  static constexpr double kSilent = -70;
};

}  // namespace gavel::transcode
