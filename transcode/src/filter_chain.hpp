#pragma once
// libavfilter graphs: one decoded video stream split into every rung of the
// ladder (one decode feeds all renditions), and one audio track resampled
// to the AAC encoder's format.

#include <optional>
#include <vector>

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"
#include "rendition_writer.hpp"

namespace gavel::transcode {

// The low-rate branch for the poster and the storyboard: one picture every
// `interval` seconds, at two sizes.
struct PictureBranch {
  double interval = 2.0;
  int poster_width = 0, poster_height = 0;
  int tile_width = 0, tile_height = 0;
};

class FilterChain {
 public:
  struct VideoInput {
    const AVCodecContext* decoder;
    AVRational time_base;  // of the timestamps fed in
    bool deinterlace;
    int rotation;           // degrees clockwise
    AVRational frame_rate;  // of every output but the pictures
  };
  // Outputs 0..rungs-1 feed the encoders; with `pictures`, two more follow:
  // poster-size and tile-size pictures, full-range for JPEG.
  // `start_seconds` is where this part begins on the joined timeline: the
  // first output frame is stretched back to it so nothing starts late.
  static Result<FilterChain> video(const VideoInput& in, const std::vector<VideoGeometry>& rungs,
                                   const std::optional<PictureBranch>& pictures, double start_seconds);
  // A decoded track resampled to 48 kHz stereo on the timeline. Plain, it
  // ends in the encoder's format and frame size; with `meter` it ends in
  // packed doubles carrying ebur128's readings (see LoudnessLeveler).
  static Result<FilterChain> audio(const AVCodecContext* decoder, AVRational time_base, double start_seconds,
                                   bool meter, int encoder_frame_size);
  // Packed-double 48 kHz stereo in, peaks held under `ceiling_dbfs`, the
  // encoder's format and frame size out.
  static Result<FilterChain> limiter(AVRational time_base, double ceiling_dbfs, int encoder_frame_size);

  // Feeds a frame (null: end of input). The frame is left untouched.
  Result<void> push(AVFrame* frame);
  // Moves the next filtered frame of output `index` into `out`; false when
  // none is ready.
  bool pull(std::size_t index, AVFrame* out);
  std::size_t outputs() const { return sinks_.size(); }
  AVRational output_time_base(std::size_t index) const { return av_buffersink_get_time_base(sinks_[index]); }

 private:
  static Result<FilterChain> build(AVFilterContext* (*make_source)(AVFilterGraph*, const void*),
                                   const void* source_args, const char* sink_name,
                                   const std::string& description, std::size_t outputs);

  media::FilterGraph graph_;
  AVFilterContext* source_ = nullptr;    // owned by graph_
  std::vector<AVFilterContext*> sinks_;  // owned by graph_
  AVRational time_base_{1, 1};           // of the frames pushed
  int64_t end_pts_ = AV_NOPTS_VALUE;     // end of the latest frame pushed
};

}  // namespace gavel::transcode
