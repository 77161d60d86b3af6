#include "part_decoder.hpp"

#include <fmt/format.h>

#include <utility>

namespace gavel::transcode {
namespace {

// How many packets to read looking for the first picture before giving up
// on knowing its reorder delay (other streams' packets come first in some
// captures).
constexpr int kPeekPackets = 2000;

Result<StreamDecoder> open_stream(AVFormatContext* input, int index, int64_t start_us, double offset,
                                  bool decode, bool copy) {
  AVStream* st = input->streams[index];
  StreamDecoder d;
  d.stream_index = index;
  d.copy = copy;
  d.time_base = st->time_base;
  const int64_t offset_us = static_cast<int64_t>(offset * AV_TIME_BASE);
  d.shift = av_rescale_q(offset_us - start_us, AV_TIME_BASE_Q, st->time_base);
  if (!decode) return d;

  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (!codec)
    return make_error(
        Errc::unsupported_codec, fmt::format("no decoder for {}", avcodec_get_name(st->codecpar->codec_id)),
        fmt::format("{} 형식을 풀 수 있는 디코더가 없습니다", avcodec_get_name(st->codecpar->codec_id)));
  d.context.reset(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(d.context.get(), st->codecpar);
  d.context->pkt_timebase = st->time_base;
  d.context->thread_count = 0;  // one per core
  if (int err = avcodec_open2(d.context.get(), codec, nullptr); err < 0)
    return make_error(Errc::decoder_failed,
                      fmt::format("cannot open the {} decoder: {}", codec->name, media::av_error_text(err)),
                      fmt::format("{} 디코더를 열지 못했습니다: {}", codec->name, media::av_error_text(err)));
  return d;
}

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds);
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

Error unreadable(const std::filesystem::path& file, int err) {
  return make_error(
      Errc::not_media, fmt::format("{}: {}", file.filename().string(), media::av_error_text(err)),
      fmt::format("{}: 파일을 읽을 수 없습니다 ({})", file.filename().string(), media::av_error_text(err)));
}

int64_t start_of(const AVFormatContext* input, const media::MediaInfo& info, bool from_video) {
  if (from_video) {
    const AVStream* st = input->streams[info.video->stream_index];
    if (st->start_time != AV_NOPTS_VALUE) return av_rescale_q(st->start_time, st->time_base, AV_TIME_BASE_Q);
  }
  return input->start_time == AV_NOPTS_VALUE ? 0 : input->start_time;
}

}  // namespace

Result<PartDecoder> PartDecoder::open(const std::filesystem::path& file, const media::MediaInfo& info,
                                      std::size_t audio_tracks, double offset, const CopyPlan& copy) {
  PartDecoder part;
  part.file_ = file;
  AVFormatContext* raw = nullptr;
  if (int err = avformat_open_input(&raw, file.c_str(), nullptr, nullptr); err < 0)
    return unreadable(file, err);
  part.input_.reset(raw);
  if (int err = avformat_find_stream_info(raw, nullptr); err < 0) return unreadable(file, err);

  // The timeline starts at 0 whatever the source's clock said (broadcast
  // captures often start at 10 h).
  const bool copy_video = copy.video && info.video;
  const int64_t start_us = start_of(raw, info, copy_video);
  if (info.video) {
    auto d = open_stream(raw, info.video->stream_index, start_us, offset, true, copy_video);
    if (!d) return d.error();
    part.video_ = std::move(*d);
  }
  for (std::size_t i = 0; i < audio_tracks && !info.audio.empty(); ++i) {
    // A part with fewer tracks than the first repeats its first track, so
    // every audio rendition stays continuous.
    const auto& track = info.audio[i < info.audio.size() ? i : 0];
    const bool copied = copy.audio_copied(i);
    const bool decode = !copied || (i == 0 && copy.decode_first_audio);
    auto d = open_stream(raw, track.stream_index, start_us, offset, decode, copied);
    if (!d) return d.error();
    part.audio_.push_back(std::move(*d));
  }
  for (unsigned i = 0; i < raw->nb_streams; ++i) raw->streams[i]->discard = AVDISCARD_ALL;
  if (part.video_) raw->streams[part.video_->stream_index]->discard = AVDISCARD_DEFAULT;
  for (auto& a : part.audio_) raw->streams[a.stream_index]->discard = AVDISCARD_DEFAULT;
  if (copy_video) part.peek_video_delay();
  return part;
}

void PartDecoder::peek_video_delay() {
  const AVStream* st = input_->streams[video_->stream_index];
  // Fallback: what the codec declares, one frame per reordered picture.
  const AVRational rate = st->avg_frame_rate.num ? st->avg_frame_rate : st->r_frame_rate;
  if (rate.num > 0 && rate.den > 0) video_reorder_delay_ = st->codecpar->video_delay / av_q2d(rate);
  for (int i = 0; i < kPeekPackets; ++i) {
    media::Packet packet = media::make_packet();
    if (int err = av_read_frame(input_.get(), packet.get()); err < 0) {
      read_ahead_error_ = err;
      return;
    }
    const bool first_picture = packet->stream_index == video_->stream_index;
    if (first_picture && packet->pts != AV_NOPTS_VALUE && packet->dts != AV_NOPTS_VALUE)
      video_reorder_delay_ = std::max<int64_t>(0, packet->pts - packet->dts) * av_q2d(st->time_base);
    read_ahead_.push_back(std::move(packet));
    if (first_picture) return;
  }
}

int PartDecoder::next_packet(AVPacket* packet) {
  if (!read_ahead_.empty()) {
    av_packet_move_ref(packet, read_ahead_.front().get());
    read_ahead_.pop_front();
    return 0;
  }
  if (read_ahead_error_ != 0) return std::exchange(read_ahead_error_, 0);
  return av_read_frame(input_.get(), packet);
}

void PartDecoder::note_end(int64_t pts, int64_t length, AVRational time_base) {
  end_time_ = std::max(end_time_, static_cast<double>(pts + length) * av_q2d(time_base));
}

Result<void> PartDecoder::copy(StreamDecoder& d, AVPacket* packet, Kind kind, std::size_t audio_index,
                               const PacketSink& sink) {
  if (av_packet_ref(copied_.get(), packet) < 0)
    return make_error(Errc::write_failed, "out of memory", "서버의 메모리가 부족합니다");
  if (copied_->pts != AV_NOPTS_VALUE) {
    copied_->pts += d.shift;
    note_end(copied_->pts, copied_->duration, d.time_base);
  }
  if (copied_->dts != AV_NOPTS_VALUE) copied_->dts += d.shift;
  auto done = sink(kind, audio_index, copied_.get(), d.time_base);
  av_packet_unref(copied_.get());
  return done;
}

Result<void> PartDecoder::decode(StreamDecoder& d, AVPacket* packet, Kind kind, std::size_t audio_index,
                                 const FrameSink& sink) {
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
      const int64_t length =
          frame_->nb_samples > 0
              ? av_rescale_q(frame_->nb_samples, AVRational{1, frame_->sample_rate}, d.time_base)
              : frame_->pkt_duration;
      note_end(frame_->pts, length, d.time_base);
      auto handled = sink(kind, audio_index, frame_.get());
      av_frame_unref(frame_.get());
      if (!handled) return handled;
    } else {
      av_frame_unref(frame_.get());
    }
  }
}

Result<void> PartDecoder::run(const FrameSink& frames, const PacketSink& packets,
                              std::vector<Text>& warnings) {
  media::Packet packet = media::make_packet();
  auto handle = [&](StreamDecoder& d, Kind kind, std::size_t index) -> Result<void> {
    // The copy sees a keyframe before its picture can come out of the
    // decoder, so the encoded rungs know to match it in time.
    if (d.copy)
      if (auto copied = copy(d, packet.get(), kind, index, packets); !copied) return copied;
    if (d.context) return decode(d, packet.get(), kind, index, frames);
    return {};
  };
  for (;;) {
    int err = next_packet(packet.get());
    if (err == AVERROR_EOF) break;
    if (err < 0) {
      const auto name = file_.filename().string();
      const auto at = clock_text(end_time_);
      warnings.emplace_back(
          fmt::format("{}: reading stopped at {} ({}); the rest of the file is lost", name, at,
                      media::av_error_text(err)),
          fmt::format("{}: {} 지점부터 더 읽을 수 없었습니다 ({}). 그 뒤 내용은 영상에 담기지 않았습니다",
                      name, at, media::av_error_text(err)));
      break;
    }
    Result<void> done{};
    if (video_ && packet->stream_index == video_->stream_index) {
      done = handle(*video_, Kind::video, 0);
    } else {
      // One input stream may feed several renditions (see open()).
      for (std::size_t i = 0; i < audio_.size() && done; ++i)
        if (packet->stream_index == audio_[i].stream_index) done = handle(audio_[i], Kind::audio, i);
    }
    av_packet_unref(packet.get());
    if (!done) return done;
  }
  if (video_)
    if (auto flushed = decode(*video_, nullptr, Kind::video, 0, frames); !flushed) return flushed;
  for (std::size_t i = 0; i < audio_.size(); ++i)
    if (audio_[i].context)
      if (auto flushed = decode(audio_[i], nullptr, Kind::audio, i, frames); !flushed) return flushed;

  long long damaged = video_ ? video_->damaged_packets : 0;
  for (auto& a : audio_) damaged += a.damaged_packets;
  if (damaged > 0)
    warnings.emplace_back(
        fmt::format("{}: {} damaged packets were skipped", file_.filename().string(), damaged),
        fmt::format("{}: 손상된 패킷 {}개를 건너뛰었습니다", file_.filename().string(), damaged));
  return {};
}

}  // namespace gavel::transcode
