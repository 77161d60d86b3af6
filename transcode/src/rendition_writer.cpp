#include "rendition_writer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "playlists.hpp"

namespace gavel::transcode {
namespace {

Error codec_error(const std::string& what, int err) {
  return make_error(Errc::encoder_failed, fmt::format("{}: {}", what, media::av_error_text(err)),
                    fmt::format("인코딩에 실패했습니다 ({}: {})", what, media::av_error_text(err)));
}

}  // namespace

Result<RenditionWriter> RenditionWriter::video(const std::filesystem::path& dir, std::string name,
                                               const VideoGeometry& g, int bitrate_kbps,
                                               const std::string& preset, const KeyframePlacement& keyframes,
                                               double segment_seconds) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (!codec)
    return make_error(Errc::encoder_missing, "libavcodec was built without libx264",
                      "이 서버의 libavcodec에는 libx264가 없습니다. 관리자에게 알려 주세요");
  media::CodecContext enc(avcodec_alloc_context3(codec));
  enc->width = g.width;
  enc->height = g.height;
  enc->sample_aspect_ratio = AVRational{1, 1};
  enc->pix_fmt = AV_PIX_FMT_YUV420P;
  enc->time_base = g.time_base;
  enc->framerate = g.frame_rate;
  enc->bit_rate = static_cast<int64_t>(bitrate_kbps) * 1000;
  enc->rc_max_rate = enc->bit_rate * 3 / 2;
  enc->rc_buffer_size = static_cast<int>(enc->bit_rate * 2);
  const int gop = std::max(1, static_cast<int>(std::lround(keyframes.every_seconds * av_q2d(g.frame_rate))));
  enc->gop_size = gop;
  enc->keyint_min = gop;
  enc->max_b_frames = 2;
  enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER | AV_CODEC_FLAG_CLOSED_GOP;
  enc->color_range = AVCOL_RANGE_MPEG;
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "preset", preset.c_str(), 0);
  av_dict_set(&opts, "profile", "high", 0);
  av_dict_set(&opts, "level", "4.1", 0);
  // Keyframes only where we force them (identical in every rung), so all
  // renditions cut segments at the same instants. Following a copy, x264
  // must never add one of its own however long the copy's GOP.
  av_dict_set(&opts, "x264-params",
              keyframes.follow ? "scenecut=0:open-gop=0:keyint=infinite" : "scenecut=0:open-gop=0", 0);
  av_dict_set(&opts, "forced-idr", "1", 0);
  int err = avcodec_open2(enc.get(), codec, &opts);
  av_dict_free(&opts);
  if (err < 0) return codec_error("cannot open the H.264 encoder", err);

  auto out = HlsOutput::open(dir / name, enc.get(), segment_seconds);
  if (!out) return out.error();
  RenditionWriter w(std::move(name), std::move(enc), std::move(*out));
  w.keyframe_seconds_ = keyframes.every_seconds;
  w.follow_ = keyframes.follow;
  return w;
}

Result<RenditionWriter> RenditionWriter::audio(const std::filesystem::path& dir, std::string name,
                                               int bitrate_kbps, double segment_seconds) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (!codec)
    return make_error(Errc::encoder_missing, "libavcodec has no AAC encoder",
                      "이 서버의 libavcodec에는 AAC 인코더가 없습니다. 관리자에게 알려 주세요");
  media::CodecContext enc(avcodec_alloc_context3(codec));
  enc->sample_rate = 48000;
  enc->sample_fmt = AV_SAMPLE_FMT_FLTP;
  av_channel_layout_default(&enc->ch_layout, 2);
  enc->time_base = AVRational{1, 48000};
  enc->bit_rate = static_cast<int64_t>(bitrate_kbps) * 1000;
  enc->profile = FF_PROFILE_AAC_LOW;
  enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (int err = avcodec_open2(enc.get(), codec, nullptr); err < 0)
    return codec_error("cannot open the AAC encoder", err);
  auto out = HlsOutput::open(dir / name, enc.get(), segment_seconds);
  if (!out) return out.error();
  return RenditionWriter(std::move(name), std::move(enc), std::move(*out));
}

void RenditionWriter::force_keyframe_if_due(AVFrame* frame) {
  frame->pict_type = AV_PICTURE_TYPE_NONE;
  if (frame->pts == AV_NOPTS_VALUE) return;
  if (follow_) {
    const int64_t frame_length = av_rescale_q(1, av_inv_q(encoder_->framerate), encoder_->time_base);
    if (follow_->due(frame->pts, frame_length, encoder_->time_base, follow_cursor_))
      frame->pict_type = AV_PICTURE_TYPE_I;
    return;
  }
  if (keyframe_seconds_ <= 0) return;
  const double t = static_cast<double>(frame->pts) * av_q2d(encoder_->time_base);
  const double half_frame = 0.5 / av_q2d(encoder_->framerate);
  if (t + half_frame < next_keyframe_) return;
  frame->pict_type = AV_PICTURE_TYPE_I;
  while (next_keyframe_ <= t + half_frame) next_keyframe_ += keyframe_seconds_;
}

Result<void> RenditionWriter::encode(AVFrame* frame) {
  if (frame && encoder_->codec_type == AVMEDIA_TYPE_VIDEO) force_keyframe_if_due(frame);
  int err = avcodec_send_frame(encoder_.get(), frame);
  if (err < 0 && err != AVERROR_EOF) return codec_error("encoding " + name_, err);
  for (;;) {
    err = avcodec_receive_packet(encoder_.get(), packet_.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return {};
    if (err < 0) return codec_error("encoding " + name_, err);
    if (packet_->duration == 0 && encoder_->codec_type == AVMEDIA_TYPE_VIDEO)
      packet_->duration = av_rescale_q(1, av_inv_q(encoder_->framerate), encoder_->time_base);
    if (packet_->pts != AV_NOPTS_VALUE) packet_->pts += packet_delay_;
    if (packet_->dts != AV_NOPTS_VALUE) packet_->dts += packet_delay_;
    auto written = output_.write(packet_.get(), encoder_->time_base);
    av_packet_unref(packet_.get());
    if (!written) return written;
  }
}

double RenditionWriter::reorder_delay() const {
  if (encoder_->codec_type != AVMEDIA_TYPE_VIDEO || encoder_->framerate.num == 0) return 0;
  return encoder_->has_b_frames / av_q2d(encoder_->framerate);
}

void RenditionWriter::delay_packets(double seconds) {
  packet_delay_ = static_cast<int64_t>(std::llround(seconds / av_q2d(encoder_->time_base)));
}

RenditionSummary RenditionWriter::describe() const {
  RenditionSummary r;
  r.name = name_;
  r.audio_only = encoder_->codec_type == AVMEDIA_TYPE_AUDIO;
  r.codecs = codec_string(encoder_.get());
  r.width = encoder_->width;
  r.height = encoder_->height;
  if (!r.audio_only) r.frame_rate = av_q2d(encoder_->framerate);
  // The encoder's cap, so players never underestimate.
  r.average_bps = encoder_->bit_rate;
  r.peak_bps = encoder_->rc_max_rate > 0 ? encoder_->rc_max_rate : encoder_->bit_rate;
  return r;
}

Result<void> RenditionWriter::finish() {
  if (auto flushed = encode(nullptr); !flushed) return flushed;
  return output_.finish();
}

}  // namespace gavel::transcode
