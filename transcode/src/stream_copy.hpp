#pragma once
// A rendition whose packets come from the source as they are (no decode,
// no encode), moved onto the joined timeline and into one HLS output.

#include <string>

#include "gavel/transcode/options.hpp"
#include "hls_output.hpp"
#include "keyframe_schedule.hpp"

namespace gavel::transcode {

class StreamCopy {
 public:
  // `source` is the first part's stream; later parts must carry the same
  // codec configuration (see plan_copy). `frame_rate` is {0, 1} for audio.
  static Result<StreamCopy> open(const std::filesystem::path& dir, std::string name, const AVStream* source,
                                 AVRational frame_rate, double segment_seconds);

  // Takes a packet whose timestamps are already on the joined timeline, in
  // `time_base`. Keyframes of a video copy are added to the schedule.
  Result<void> write(AVPacket* packet, AVRational time_base);
  Result<void> finish() { return output_.finish(); }

  // Moves every packet later by `seconds` (see RenditionWriter::delay_packets).
  void delay_packets(double seconds);
  // Where the copied video's keyframes are, for the encoded rungs to follow.
  const KeyframeSchedule& keyframes() const { return keyframes_; }

  const std::string& name() const { return name_; }
  bool is_video() const { return codec_->codec_type == AVMEDIA_TYPE_VIDEO; }
  double media_duration() const { return output_.media_duration(); }
  // What the master announces until the written segments are measured.
  RenditionSummary describe() const;

 private:
  StreamCopy(std::string name, media::CodecParameters codec, AVRational frame_rate, HlsOutput output)
      : name_(std::move(name)),
        codec_(std::move(codec)),
        frame_rate_(frame_rate),
        output_(std::move(output)),
        keyframes_(output_.time_base()) {}

  std::string name_;
  media::CodecParameters codec_;
  AVRational frame_rate_;
  HlsOutput output_;
  KeyframeSchedule keyframes_;
  int64_t delay_ = 0;                  // in output_.time_base()
  int64_t last_dts_ = AV_NOPTS_VALUE;  // in output_.time_base(), after the delay
};

}  // namespace gavel::transcode
