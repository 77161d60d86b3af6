#pragma once
// libavfilter graphs: one decoded video stream split into every rung of the
// ladder (one decode feeds all renditions), and one audio track resampled
// to the AAC encoder's format.

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"
#include "rendition_writer.hpp"

#include <vector>

namespace gavel::transcode {

class FilterChain {
 public:
  struct VideoInput {
    const AVCodecContext* decoder;
    AVRational time_base;  // of the timestamps fed in
    bool deinterlace;
    int rotation;          // degrees clockwise
  };
  // `start_seconds` is where this part begins on the joined timeline: the
  // first output frame is stretched back to it so nothing starts late.
  static Result<FilterChain> video(const VideoInput& in, const std::vector<VideoGeometry>& rungs,
                                   double start_seconds);
  static Result<FilterChain> audio(const AVCodecContext* decoder, AVRational time_base,
                                   int encoder_frame_size, double start_seconds);

  // Feeds a frame (null: end of input). The frame is left untouched.
  Result<void> push(AVFrame* frame);
  // Moves the next filtered frame of output `index` into `out`; false when
  // none is ready.
  bool pull(std::size_t index, AVFrame* out);
  std::size_t outputs() const { return sinks_.size(); }

 private:
  static Result<FilterChain> build(AVFilterContext* (*make_source)(AVFilterGraph*, const void*),
                                   const void* source_args, const char* sink_name,
                                   const std::string& description, std::size_t outputs);

  media::FilterGraph graph_;
  AVFilterContext* source_ = nullptr;        // owned by graph_
  std::vector<AVFilterContext*> sinks_;      // owned by graph_
  AVRational time_base_{1, 1};               // of the frames pushed
  int64_t end_pts_ = AV_NOPTS_VALUE;         // end of the latest frame pushed
};

}  // namespace gavel::transcode
