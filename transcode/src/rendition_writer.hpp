#pragma once
// An encoder feeding one rendition's HLS output.

#include <optional>
#include <string>

#include "gavel/transcode/options.hpp"
#include "hls_output.hpp"
#include "keyframe_schedule.hpp"

namespace gavel::transcode {

struct VideoGeometry {
  int width = 0, height = 0;
  AVRational frame_rate{30, 1};
  AVRational time_base{1, 30};
};

// Where an encoded rung puts its IDR frames.
struct KeyframePlacement {
  double every_seconds = 2.0;
  // When set, exactly at a copied rendition's keyframes instead (and
  // nowhere else), because the copy's segments can cut only there.
  const KeyframeSchedule* follow = nullptr;
};

class RenditionWriter {
 public:
  static Result<RenditionWriter> video(const std::filesystem::path& dir, std::string name,
                                       const VideoGeometry& geometry, int bitrate_kbps,
                                       const std::string& preset, const KeyframePlacement& keyframes,
                                       double segment_seconds);
  static Result<RenditionWriter> audio(const std::filesystem::path& dir, std::string name, int bitrate_kbps,
                                       double segment_seconds);

  // Encodes one frame (null flushes the encoder) and muxes what comes out.
  Result<void> encode(AVFrame* frame);
  Result<void> finish();

  const std::string& name() const { return name_; }
  const AVCodecContext* codec() const { return encoder_.get(); }
  // Samples per frame the encoder requires, 0 for video.
  int frame_size() const { return encoder_->frame_size; }
  double media_duration() const { return output_.media_duration(); }
  // How far B-frame reordering pushes the first picture's timestamp once
  // muxed (the muxer lifts a negative first DTS to 0), in seconds.
  double reorder_delay() const;
  // Moves every packet later by `seconds`: every rendition is delayed by
  // the largest video reorder delay, so all start together in the muxed
  // files and none has a negative first DTS for the muxer to shift.
  void delay_packets(double seconds);
  // What the master announces until the written segments are measured.
  RenditionSummary describe() const;

 private:
  RenditionWriter(std::string name, media::CodecContext encoder, HlsOutput output)
      : name_(std::move(name)), encoder_(std::move(encoder)), output_(std::move(output)) {}

  void force_keyframe_if_due(AVFrame* frame);

  std::string name_;
  media::CodecContext encoder_;
  HlsOutput output_;
  media::Packet packet_ = media::make_packet();
  double keyframe_seconds_ = 0;  // 0 for audio
  double next_keyframe_ = 0;
  const KeyframeSchedule* follow_ = nullptr;
  std::size_t follow_cursor_ = 0;
  int64_t packet_delay_ = 0;  // in the encoder's time base
};

}  // namespace gavel::transcode
