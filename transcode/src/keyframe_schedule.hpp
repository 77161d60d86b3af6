#pragma once
// The instants at which a copied rendition has keyframes. Segments can only
// cut at those, so the encoded rungs put their IDR frames at exactly the
// same instants; every rendition then cuts its segments alike.

#include <cstddef>
#include <vector>

#include "gavel/media/libav.hpp"

namespace gavel::transcode {

class KeyframeSchedule {
 public:
  explicit KeyframeSchedule(AVRational time_base) : time_base_(time_base) {}

  // Adds a keyframe at `pts` (joined timeline, in `time_base`). Keyframes
  // arrive in presentation order, as the copy demuxes them: always before
  // the decoded picture at that instant reaches an encoder.
  void add(int64_t pts, AVRational time_base);

  // Whether the picture at `pts` (in `time_base`, lasting `frame` units)
  // must be a keyframe: it is the first at or after a scheduled instant
  // not yet taken, to within half a frame. `cursor` is the caller's place
  // in the schedule; each encoder keeps its own.
  bool due(int64_t pts, int64_t frame, AVRational time_base, std::size_t& cursor) const;

  std::size_t size() const { return times_.size(); }

 private:
  AVRational time_base_;
  std::vector<int64_t> times_;  // in time_base_, increasing
};

}  // namespace gavel::transcode
