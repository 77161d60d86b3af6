#include "gavel/transcode/audio_export.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "gavel/media/libav.hpp"
#include "playlist_reader.hpp"
#include "segment_reader.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;

// The init segment, then the media segments in playlist order.
Result<std::vector<fs::path>> listed_files(const fs::path& dir) {
  auto playlist = hls::load_media_playlist(dir / "index.m3u8");
  if (!playlist) {
    if (playlist.error().code != Errc::not_found) return playlist.error();
    return make_error(Errc::not_found, fmt::format("{} has no playlist", dir.string()));
  }
  if (!playlist->ended)
    return make_error(Errc::not_ready, fmt::format("{} is still being packaged", dir.string()));
  auto init = hls::joinable_init(*playlist);
  if (!init) return init.error();
  if (playlist->segments.empty()) return make_error(Errc::bad_input, "the playlist lists no segments");
  std::vector<std::string> names{init->uri};
  for (const auto& s : playlist->segments) names.push_back(s.uri);
  std::vector<fs::path> files;
  for (const auto& name : names) {
    if (!is_plain_name(name))
      return make_error(Errc::bad_input, fmt::format("'{}' is not a file beside the playlist", name));
    files.push_back(dir / name);
  }
  return files;
}

void set_tag(AVDictionary** dict, const char* key, const std::string& value) {
  if (!value.empty()) av_dict_set(dict, key, value.c_str(), 0);
}

Result<void> remux(ConcatReader& reader, const fs::path& source_dir, const fs::path& out_file,
                   const AudioTags& tags) {
  CustomIo io;
  media::InputFormat in;
  if (auto opened = open_concat_mp4(reader, source_dir, io, in); !opened) return opened;
  const int audio = av_find_best_stream(in.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  if (audio < 0) return make_error(Errc::bad_input, fmt::format("{} carries no audio", source_dir.string()));
  const AVStream* source = in->streams[audio];

  AVFormatContext* raw_out = nullptr;
  // "ipod" is the M4A flavour of the MP4 muxer (brand M4A, iTunes tags).
  if (int err = avformat_alloc_output_context2(&raw_out, nullptr, "ipod", out_file.c_str()); err < 0)
    return av_failure("cannot write", out_file, err);
  media::OutputFormat out(raw_out);
  AVStream* stream = avformat_new_stream(out.get(), nullptr);
  if (!stream) return av_failure("cannot write", out_file, AVERROR(ENOMEM));
  if (int err = avcodec_parameters_copy(stream->codecpar, source->codecpar); err < 0)
    return av_failure("cannot write", out_file, err);
  stream->codecpar->codec_tag = 0;
  stream->time_base = source->time_base;
  av_dict_copy(&stream->metadata, source->metadata, 0);
  set_tag(&out->metadata, "title", tags.title);
  set_tag(&out->metadata, "artist", tags.artist);
  set_tag(&out->metadata, "album", tags.album);
  set_tag(&out->metadata, "date", tags.date);

  OutputFileCloser closer{out.get()};
  if (int err = avio_open(&out->pb, out_file.c_str(), AVIO_FLAG_WRITE); err < 0)
    return av_failure("cannot create", out_file, err);
  AVDictionary* opts = nullptr;
  // faststart: the trailer moves moov ahead of mdat, so a player can start
  // (and seek with ranges) before it has the whole file.
  av_dict_set(&opts, "movflags", "+faststart", 0);
  int err = avformat_write_header(out.get(), &opts);
  av_dict_free(&opts);
  if (err < 0) return av_failure("cannot write", out_file, err);

  media::Packet packet = media::make_packet();
  if (!packet) return av_failure("cannot write", out_file, AVERROR(ENOMEM));
  while ((err = av_read_frame(in.get(), packet.get())) >= 0) {
    if (packet->stream_index != audio) {
      av_packet_unref(packet.get());
      continue;
    }
    av_packet_rescale_ts(packet.get(), source->time_base, stream->time_base);
    packet->stream_index = 0;
    packet->pos = -1;
    if (int w = av_interleaved_write_frame(out.get(), packet.get()); w < 0)
      return av_failure("cannot write", out_file, w);
  }
  if (err != AVERROR_EOF)
    return make_error(Errc::bad_input,
                      fmt::format("reading {}: {}", source_dir.string(), media::av_error_text(err)));
  if (int w = av_write_trailer(out.get()); w < 0) return av_failure("cannot finish", out_file, w);
  if (int w = avio_closep(&out->pb); w < 0) return av_failure("cannot finish", out_file, w);
  return {};
}

}  // namespace

Result<void> export_audio_m4a(const fs::path& rendition_dir, const fs::path& out_file,
                              const AudioTags& tags) {
  auto files = listed_files(rendition_dir);
  if (!files) return files.error();
  ConcatReader reader;
  if (auto r = reader.init(std::move(*files)); !r) return r;
  auto done = remux(reader, rendition_dir, out_file, tags);
  if (!done) {
    std::error_code ec;
    fs::remove(out_file, ec);
  }
  return done;
}

}  // namespace gavel::transcode
