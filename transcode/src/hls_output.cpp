#include "hls_output.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gavel::transcode {
namespace {

Error write_error(const std::filesystem::path& dir, int err) {
  if (err == AVERROR(ENOSPC))
    return make_error(Errc::disk_full, fmt::format("disk full while writing {}", dir.string()),
                      fmt::format("{}에 쓰는 중에 디스크가 가득 찼습니다", dir.string()));
  return make_error(Errc::write_failed,
                    fmt::format("cannot write {}: {}", dir.string(), media::av_error_text(err)),
                    fmt::format("{}에 쓰지 못했습니다: {}", dir.string(), media::av_error_text(err)));
}

}  // namespace

Result<HlsOutput> HlsOutput::open(const std::filesystem::path& dir, const AVCodecContext* encoder,
                                  double segment_seconds) {
  media::CodecParameters codec(avcodec_parameters_alloc());
  if (!codec) return write_error(dir, AVERROR(ENOMEM));
  if (int err = avcodec_parameters_from_context(codec.get(), encoder); err < 0) return write_error(dir, err);
  return open(dir, codec.get(), encoder->time_base, segment_seconds);
}

Result<HlsOutput> HlsOutput::open(const std::filesystem::path& dir, const AVCodecParameters* codec,
                                  AVRational time_base, double segment_seconds) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return make_error(Errc::write_failed, fmt::format("cannot create {}: {}", dir.string(), ec.message()),
                      fmt::format("{} 폴더를 만들지 못했습니다: {}", dir.string(), ec.message()));

  const std::string playlist = (dir / "index.m3u8").string();
  AVFormatContext* raw = nullptr;
  if (int err = avformat_alloc_output_context2(&raw, nullptr, "hls", playlist.c_str()); err < 0)
    return write_error(dir, err);
  media::OutputFormat ctx(raw);

  AVStream* stream = avformat_new_stream(ctx.get(), nullptr);
  if (!stream) return write_error(dir, AVERROR(ENOMEM));
  if (int err = avcodec_parameters_copy(stream->codecpar, codec); err < 0) return write_error(dir, err);
  // The source container's tag (e.g. an AVI fourcc) means nothing in MP4.
  stream->codecpar->codec_tag = 0;
  stream->time_base = time_base;

  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "hls_time", fmt::format("{}", segment_seconds).c_str(), 0);
  av_dict_set(&opts, "hls_list_size", "0", 0);
  av_dict_set(&opts, "hls_playlist_type", "event", 0);
  av_dict_set(&opts, "hls_segment_type", "fmp4", 0);
  av_dict_set(&opts, "hls_fmp4_init_filename", "init.mp4", 0);
  av_dict_set(&opts, "hls_segment_filename", (dir / "seg%05d.m4s").c_str(), 0);
  // temp_file: a segment appears under its name only when complete, so a
  // player or a CDN never fetches half a segment of a growing playlist.
  av_dict_set(&opts, "hls_flags", "independent_segments+temp_file", 0);
  int err = avformat_write_header(ctx.get(), &opts);
  av_dict_free(&opts);
  if (err < 0) return write_error(dir, err);
  return HlsOutput(std::move(ctx), stream);
}

Result<void> HlsOutput::write(AVPacket* packet, AVRational time_base) {
  packet->stream_index = 0;
  av_packet_rescale_ts(packet, time_base, stream_->time_base);
  bytes_ += packet->size;
  if (packet->pts != AV_NOPTS_VALUE) {
    if (first_pts_ == AV_NOPTS_VALUE || packet->pts < first_pts_) first_pts_ = packet->pts;
    end_pts_ = std::max(end_pts_, packet->pts + packet->duration);
  }
  if (int err = av_write_frame(ctx_.get(), packet); err < 0) return write_error(ctx_->url, err);
  return {};
}

double HlsOutput::media_duration() const {
  if (first_pts_ == AV_NOPTS_VALUE) return 0;
  return static_cast<double>(end_pts_ - first_pts_) * av_q2d(stream_->time_base);
}

HlsOutput::~HlsOutput() {
  if (ctx_ && !finished_) av_write_trailer(ctx_.get());
}

Result<void> HlsOutput::finish() {
  if (finished_) return {};
  finished_ = true;
  if (int err = av_write_trailer(ctx_.get()); err < 0) return write_error(ctx_->url, err);
  return {};
}

}  // namespace gavel::transcode
