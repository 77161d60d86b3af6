#include "jpeg.hpp"

#include <fmt/format.h>

#include <cstring>

#include "playlists.hpp"

namespace gavel::transcode {
namespace {

Error jpeg_error(const std::filesystem::path& file, int err) {
  return make_error(
      Errc::encoder_failed,
      fmt::format("cannot make {}: {}", file.filename().string(), media::av_error_text(err)),
      fmt::format("{} 파일을 만들지 못했습니다: {}", file.filename().string(), media::av_error_text(err)));
}

}  // namespace

media::Frame make_picture(int width, int height, uint8_t y, uint8_t cb, uint8_t cr) {
  media::Frame f = media::make_frame();
  f->format = AV_PIX_FMT_YUV420P;
  f->width = width;
  f->height = height;
  f->color_range = AVCOL_RANGE_JPEG;
  if (av_frame_get_buffer(f.get(), 0) < 0) return nullptr;
  const uint8_t fill[3] = {y, cb, cr};
  for (int plane = 0; plane < 3; ++plane) {
    const int rows = plane == 0 ? height : (height + 1) / 2;
    std::memset(f->data[plane], fill[plane], static_cast<std::size_t>(f->linesize[plane]) * rows);
  }
  return f;
}

Result<void> write_jpeg(const AVFrame* picture, const std::filesystem::path& file, int qscale) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (!codec)
    return make_error(Errc::encoder_missing, "libavcodec has no JPEG encoder",
                      "이 서버의 libavcodec에는 JPEG 인코더가 없습니다. 관리자에게 알려 주세요");
  media::CodecContext enc(avcodec_alloc_context3(codec));
  enc->width = picture->width;
  enc->height = picture->height;
  enc->pix_fmt = AV_PIX_FMT_YUV420P;
  // JPEG is full range; saying so lets mjpeg take plain yuv420p.
  enc->color_range = AVCOL_RANGE_JPEG;
  enc->time_base = AVRational{1, 1};
  enc->flags |= AV_CODEC_FLAG_QSCALE;
  enc->global_quality = qscale * FF_QP2LAMBDA;
  enc->thread_count = 1;  // one small picture: threads cost more than they save
  if (int err = avcodec_open2(enc.get(), codec, nullptr); err < 0) return jpeg_error(file, err);

  media::Frame frame(av_frame_clone(picture));
  if (!frame) return jpeg_error(file, AVERROR(ENOMEM));
  frame->quality = enc->global_quality;
  frame->pts = 0;
  frame->pict_type = AV_PICTURE_TYPE_NONE;
  if (int err = avcodec_send_frame(enc.get(), frame.get()); err < 0) return jpeg_error(file, err);
  if (int err = avcodec_send_frame(enc.get(), nullptr); err < 0) return jpeg_error(file, err);
  media::Packet packet = media::make_packet();
  if (int err = avcodec_receive_packet(enc.get(), packet.get()); err < 0) return jpeg_error(file, err);
  return write_file_atomically(
      file, std::string(reinterpret_cast<const char*>(packet->data), static_cast<std::size_t>(packet->size)));
}

}  // namespace gavel::transcode
