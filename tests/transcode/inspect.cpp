#include "inspect.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "fixtures.hpp"

namespace gavel::test {

namespace fs = std::filesystem;

std::vector<transcode::hls::Segment> segments_of(const fs::path& playlist) {
  auto parsed = transcode::hls::load_media_playlist(playlist);
  if (!parsed) {
    ADD_FAILURE() << parsed.error().message;
    return {};
  }
  return std::move(parsed->segments);
}

fs::path join_rendition(const fs::path& dir, const fs::path& joined) {
  std::ofstream out(joined, std::ios::binary | std::ios::trunc);
  out << read_text(dir / "init.mp4");
  for (const auto& segment : segments_of(dir / "index.m3u8")) out << read_text(dir / segment.uri);
  return joined;
}

std::vector<PacketFacts> read_packets(const fs::path& file, AVMediaType type) {
  std::vector<PacketFacts> packets;
  AVFormatContext* raw = nullptr;
  if (avformat_open_input(&raw, file.c_str(), nullptr, nullptr) < 0) {
    ADD_FAILURE() << "cannot open " << file;
    return packets;
  }
  media::InputFormat input(raw);
  avformat_find_stream_info(raw, nullptr);
  const int index = av_find_best_stream(raw, type, -1, -1, nullptr, 0);
  if (index < 0) {
    ADD_FAILURE() << "no stream of that type in " << file;
    return packets;
  }
  const AVRational tb = raw->streams[index]->time_base;
  media::Packet packet = media::make_packet();
  while (av_read_frame(raw, packet.get()) >= 0) {
    if (packet->stream_index == index) {
      PacketFacts p;
      p.pts = packet->pts == AV_NOPTS_VALUE ? 0 : packet->pts * av_q2d(tb);
      p.dts = packet->dts == AV_NOPTS_VALUE ? 0 : packet->dts * av_q2d(tb);
      p.key = packet->flags & AV_PKT_FLAG_KEY;
      p.data.assign(reinterpret_cast<const char*>(packet->data), static_cast<std::size_t>(packet->size));
      packets.push_back(std::move(p));
    }
    av_packet_unref(packet.get());
  }
  return packets;
}

std::vector<double> keyframe_times(const std::vector<PacketFacts>& packets) {
  std::vector<double> times;
  for (const auto& p : packets)
    if (p.key) times.push_back(p.pts);
  std::sort(times.begin(), times.end());
  return times;
}

double integrated_loudness(const fs::path& file) {
  std::string out;
  const int rc = run_command(fmt::format("{} -nostdin -hide_banner -nostats -i '{}' -af ebur128 -f null -",
                                         GAVEL_FFMPEG, file.string()),
                             &out);
  EXPECT_EQ(rc, 0) << out.substr(out.size() > 2000 ? out.size() - 2000 : 0);
  // The summary comes last; its "I:" line is the integrated loudness.
  const auto summary = out.rfind("Summary:");
  const auto i = out.find("I:", summary == std::string::npos ? 0 : summary);
  if (summary == std::string::npos || i == std::string::npos) {
    ADD_FAILURE() << "no ebur128 summary for " << file;
    return 0;
  }
  return std::strtod(out.c_str() + i + 2, nullptr);
}

Picture decode_picture(const fs::path& file) {
  Picture picture;
  AVFormatContext* raw = nullptr;
  if (avformat_open_input(&raw, file.c_str(), nullptr, nullptr) < 0) return picture;
  media::InputFormat input(raw);
  if (avformat_find_stream_info(raw, nullptr) < 0 || raw->nb_streams == 0) return picture;
  const AVCodecParameters* par = raw->streams[0]->codecpar;
  const AVCodec* codec = avcodec_find_decoder(par->codec_id);
  if (!codec) return picture;
  media::CodecContext dec(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(dec.get(), par);
  if (avcodec_open2(dec.get(), codec, nullptr) < 0) return picture;
  media::Packet packet = media::make_packet();
  media::Frame frame = media::make_frame();
  if (av_read_frame(raw, packet.get()) < 0 || avcodec_send_packet(dec.get(), packet.get()) < 0)
    return picture;
  avcodec_send_packet(dec.get(), nullptr);
  if (avcodec_receive_frame(dec.get(), frame.get()) < 0) return picture;
  picture.width = frame->width;
  picture.height = frame->height;
  double sum = 0;
  for (int y = 0; y < frame->height; ++y)
    for (int x = 0; x < frame->width; ++x) sum += frame->data[0][y * frame->linesize[0] + x];
  picture.mean_luma = sum / (static_cast<double>(frame->width) * frame->height);
  return picture;
}

}  // namespace gavel::test
