#include "stream_copy.hpp"

#include <cmath>

#include "playlists.hpp"

namespace gavel::transcode {

Result<StreamCopy> StreamCopy::open(const std::filesystem::path& dir, std::string name,
                                    const AVStream* source, AVRational frame_rate, double segment_seconds) {
  media::CodecParameters codec(avcodec_parameters_alloc());
  if (!codec || avcodec_parameters_copy(codec.get(), source->codecpar) < 0)
    return make_error(Errc::write_failed, "out of memory copying stream parameters",
                      "메모리가 부족해 스트림 정보를 복사하지 못했습니다");
  auto out = HlsOutput::open(dir / name, codec.get(), source->time_base, segment_seconds);
  if (!out) return out.error();
  return StreamCopy(std::move(name), std::move(codec), frame_rate, std::move(*out));
}

void StreamCopy::delay_packets(double seconds) {
  delay_ = std::llround(seconds / av_q2d(output_.time_base()));
}

Result<void> StreamCopy::write(AVPacket* packet, AVRational time_base) {
  const AVRational out_tb = output_.time_base();
  av_packet_rescale_ts(packet, time_base, out_tb);
  if (packet->pts != AV_NOPTS_VALUE) {
    // Audio from before the timeline's start (a capture whose sound began
    // before its picture) is dropped; a packet reaching into it is kept, so
    // the decoder has its priming.
    if (!is_video() && packet->pts + packet->duration < 0) return {};
    if (is_video() && (packet->flags & AV_PKT_FLAG_KEY)) keyframes_.add(packet->pts, out_tb);
    packet->pts += delay_;
  }
  if (packet->dts != AV_NOPTS_VALUE) {
    packet->dts += delay_;
    // Where joined parts overlap, the muxer would refuse the second part's
    // first audio packets; a video copy never overlaps (see plan_copy).
    if (last_dts_ != AV_NOPTS_VALUE && packet->dts <= last_dts_) {
      if (!is_video()) return {};
      packet->dts = last_dts_ + 1;
      if (packet->pts != AV_NOPTS_VALUE && packet->pts < packet->dts) return {};
    }
    last_dts_ = packet->dts;
  }
  return output_.write(packet, out_tb);
}

RenditionSummary StreamCopy::describe() const {
  RenditionSummary r;
  r.name = name_;
  r.audio_only = !is_video();
  r.codecs = codec_string(codec_->codec_id, codec_->extradata, codec_->extradata_size);
  r.copied = true;
  if (is_video()) {
    r.width = codec_->width;
    r.height = codec_->height;
    r.frame_rate = frame_rate_.den ? av_q2d(frame_rate_) : 0;
  }
  // The source's own average until measured, with room for its peaks.
  r.average_bps = codec_->bit_rate > 0 ? codec_->bit_rate : 8'000'000;
  r.peak_bps = r.average_bps * 2;
  return r;
}

}  // namespace gavel::transcode
