#pragma once
// One rendition's HLS writer: libavformat's hls muxer producing CMAF
// (init.mp4 + .m4s) segments and an EVENT playlist that ends as VOD.

#include <filesystem>

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"

namespace gavel::transcode {

class HlsOutput {
 public:
  // REQUIRES: `encoder` is open (its extradata is final).
  static Result<HlsOutput> open(const std::filesystem::path& dir, const AVCodecContext* encoder,
                                double segment_seconds);
  // For packets that come as they are from a source stream.
  static Result<HlsOutput> open(const std::filesystem::path& dir, const AVCodecParameters* codec,
                                AVRational time_base, double segment_seconds);

  // Takes a packet in `time_base` (the encoder's or the source stream's).
  Result<void> write(AVPacket* packet, AVRational time_base);
  // The time base packets are muxed in, fixed once the header is written.
  AVRational time_base() const { return stream_->time_base; }
  Result<void> finish();

  HlsOutput(HlsOutput&&) noexcept = default;
  HlsOutput& operator=(HlsOutput&&) noexcept = default;
  // An output given up on (a cancelled or failed job) still has its
  // trailer written: only that releases the muxer's open segment and
  // buffers. The caller removes what it wrote.
  ~HlsOutput();

  long long bytes_written() const { return bytes_; }
  // Seconds from the first packet's start to the last packet's end.
  double media_duration() const;

 private:
  HlsOutput(media::OutputFormat ctx, AVStream* stream) : ctx_(std::move(ctx)), stream_(stream) {}

  media::OutputFormat ctx_;
  AVStream* stream_ = nullptr;  // owned by ctx_
  long long bytes_ = 0;
  int64_t first_pts_ = AV_NOPTS_VALUE;  // in stream_->time_base
  int64_t end_pts_ = AV_NOPTS_VALUE;
  bool finished_ = false;
};

}  // namespace gavel::transcode
