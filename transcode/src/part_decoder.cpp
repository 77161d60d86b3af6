#include "part_decoder.hpp"

#include <fmt/format.h>

namespace gavel::transcode {
namespace {

Result<StreamDecoder> open_decoder(AVFormatContext* input, int index, int64_t start_us,
                                   double offset) {
  AVStream* st = input->streams[index];
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (!codec)
    return make_error("unsupported_codec",
                      fmt::format("no decoder for {}", avcodec_get_name(st->codecpar->codec_id)));
  StreamDecoder d;
  d.stream_index = index;
  d.context.reset(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(d.context.get(), st->codecpar);
  d.context->pkt_timebase = st->time_base;
  d.context->thread_count = 0;  // one per core
  if (int err = avcodec_open2(d.context.get(), codec, nullptr); err < 0)
    return make_error("decoder_failed", fmt::format("cannot open the {} decoder: {}", codec->name,
                                                    media::av_error_text(err)));
  d.time_base = st->time_base;
  const int64_t offset_us = static_cast<int64_t>(offset * AV_TIME_BASE);
  d.shift = av_rescale_q(offset_us - start_us, AV_TIME_BASE_Q, st->time_base);
  return d;
}

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds);
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

}  // namespace

Result<PartDecoder> PartDecoder::open(const std::filesystem::path& file, const media::MediaInfo& info,
                                      std::size_t audio_tracks, double offset) {
  PartDecoder part;
  part.file_ = file;
  AVFormatContext* raw = nullptr;
  if (int err = avformat_open_input(&raw, file.c_str(), nullptr, nullptr); err < 0)
    return make_error("not_media", fmt::format("{}: {}", file.filename().string(), media::av_error_text(err)));
  part.input_.reset(raw);
  if (int err = avformat_find_stream_info(raw, nullptr); err < 0)
    return make_error("not_media", fmt::format("{}: {}", file.filename().string(), media::av_error_text(err)));

  // The timeline starts at 0 whatever the source's clock said (broadcast
  // captures often start at 10 h).
  const int64_t start_us = raw->start_time == AV_NOPTS_VALUE ? 0 : raw->start_time;
  if (info.video) {
    auto d = open_decoder(raw, info.video->stream_index, start_us, offset);
    if (!d) return d.error();
    part.video_ = std::move(*d);
  }
  for (std::size_t i = 0; i < audio_tracks && !info.audio.empty(); ++i) {
    // A part with fewer tracks than the first repeats its first track, so
    // every audio rendition stays continuous.
    const auto& track = info.audio[i < info.audio.size() ? i : 0];
    auto d = open_decoder(raw, track.stream_index, start_us, offset);
    if (!d) return d.error();
    part.audio_.push_back(std::move(*d));
  }
  for (unsigned i = 0; i < raw->nb_streams; ++i) raw->streams[i]->discard = AVDISCARD_ALL;
  if (part.video_) raw->streams[part.video_->stream_index]->discard = AVDISCARD_DEFAULT;
  for (auto& a : part.audio_) raw->streams[a.stream_index]->discard = AVDISCARD_DEFAULT;
  return part;
}

Result<void> PartDecoder::decode(StreamDecoder& d, AVPacket* packet, Kind kind,
                                 std::size_t audio_index, const FrameSink& sink) {
  int err = avcodec_send_packet(d.context.get(), packet);
  if (err == AVERROR_INVALIDDATA || (err < 0 && err != AVERROR(EAGAIN) && err != AVERROR_EOF)) {
    ++d.damaged_packets;  // damaged data: skip the packet, keep the rest
    return {};
  }
  for (;;) {
    err = avcodec_receive_frame(d.context.get(), frame_.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return {};
    if (err < 0) {
      ++d.damaged_packets;
      continue;
    }
    int64_t pts = frame_->best_effort_timestamp;
    if (pts != AV_NOPTS_VALUE) {
      frame_->pts = pts + d.shift;
      const int64_t length = frame_->nb_samples > 0
                                 ? av_rescale_q(frame_->nb_samples, AVRational{1, frame_->sample_rate},
                                                d.time_base)
                                 : frame_->pkt_duration;
      const double end = static_cast<double>(frame_->pts + length) * av_q2d(d.time_base);
      end_time_ = std::max(end_time_, end);
      auto handled = sink(kind, audio_index, frame_.get());
      av_frame_unref(frame_.get());
      if (!handled) return handled;
    } else {
      av_frame_unref(frame_.get());
    }
  }
}

Result<void> PartDecoder::run(const FrameSink& sink, std::vector<std::string>& warnings) {
  media::Packet packet = media::make_packet();
  for (;;) {
    int err = av_read_frame(input_.get(), packet.get());
    if (err == AVERROR_EOF) break;
    if (err < 0) {
      warnings.push_back(fmt::format("{}: reading stopped at {} ({}); the rest of the file is lost",
                                     file_.filename().string(), clock_text(end_time_),
                                     media::av_error_text(err)));
      break;
    }
    Result<void> done{};
    if (video_ && packet->stream_index == video_->stream_index) {
      done = decode(*video_, packet.get(), Kind::video, 0, sink);
    } else {
      // One input stream may feed several renditions (see open()).
      for (std::size_t i = 0; i < audio_.size() && done; ++i)
        if (packet->stream_index == audio_[i].stream_index)
          done = decode(audio_[i], packet.get(), Kind::audio, i, sink);
    }
    av_packet_unref(packet.get());
    if (!done) return done;
  }
  if (video_)
    if (auto flushed = decode(*video_, nullptr, Kind::video, 0, sink); !flushed) return flushed;
  for (std::size_t i = 0; i < audio_.size(); ++i)
    if (auto flushed = decode(audio_[i], nullptr, Kind::audio, i, sink); !flushed) return flushed;

  long long damaged = video_ ? video_->damaged_packets : 0;
  for (auto& a : audio_) damaged += a.damaged_packets;
  if (damaged > 0)
    warnings.push_back(fmt::format("{}: {} damaged packets were skipped",
                                   file_.filename().string(), damaged));
  return {};
}

}  // namespace gavel::transcode
