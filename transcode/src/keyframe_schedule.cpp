#include "keyframe_schedule.hpp"

namespace gavel::transcode {

void KeyframeSchedule::add(int64_t pts, AVRational time_base) {
  const int64_t t = av_rescale_q(pts, time_base, time_base_);
  // A repeated or out-of-order keyframe adds no new cut point.
  if (times_.empty() || t > times_.back()) times_.push_back(t);
}

bool KeyframeSchedule::due(int64_t pts, int64_t frame, AVRational time_base, std::size_t& cursor) const {
  // Compare on the copy's own clock, where its keyframe instants are exact.
  const int64_t half = av_rescale_q(frame, time_base, time_base_) / 2;
  const int64_t t = av_rescale_q(pts, time_base, time_base_);
  bool hit = false;
  // Every scheduled instant up to this picture is taken by it: if the frame
  // rate filter dropped the exact picture, the next one keeps segments as
  // close to aligned as the picture grid allows.
  while (cursor < times_.size() && times_[cursor] <= t + half) {
    hit = true;
    ++cursor;
  }
  return hit;
}

}  // namespace gavel::transcode
