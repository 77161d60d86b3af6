#pragma once
// poster.jpg: the still a meeting is shown by before it plays.

#include <filesystem>

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"

namespace gavel::transcode {

// Chooses the poster among the low-rate pictures offered in time order:
// the first one at or after `target_seconds` (about 10% in, past the
// opening formalities and any black lead-in) that is not black; failing
// that the latest non-black one before it; failing that any picture.
class PosterPicker {
 public:
  explicit PosterPicker(double target_seconds) : target_(target_seconds) {}

  // `picture` is full-range yuv420p; only a reference is kept.
  void offer(const AVFrame* picture, double seconds);
  bool has_picture() const { return chosen_ || fallback_; }
  // REQUIRES: has_picture().
  Result<void> write(const std::filesystem::path& file) const;

 private:
  double target_;
  media::Frame chosen_;
  media::Frame fallback_;
  bool fallback_is_black_ = true;
};

// Whether a full-range picture is (nearly) all black: a fade, a camera not
// yet switched on, a recess slate.
bool is_black(const AVFrame* picture);

// Audio-only recordings get a plain slate so every meeting has a poster.
Result<void> write_plain_poster(const std::filesystem::path& file, int width, int height);

}  // namespace gavel::transcode
