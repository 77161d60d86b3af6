#include "playlists.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "playlist_reader.hpp"

namespace gavel::transcode {
namespace {

// The SPS's profile, constraint and level bytes, from Annex B or avcC extradata.
bool h264_profile_bytes(const uint8_t* data, int size, uint8_t out[3]) {
  if (size >= 4 && data[0] == 1) {  // avcC
    std::copy(data + 1, data + 4, out);
    return true;
  }
  for (int i = 0; i + 4 < size; ++i) {
    bool start = data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1;
    if (start && (data[i + 3] & 0x1f) == 7 && i + 6 < size) {
      std::copy(data + i + 4, data + i + 7, out);
      return true;
    }
  }
  return false;
}

// Less free space than this beside a playlist that does not parse means the
// disk filled up while the muxer wrote it.
constexpr std::uintmax_t kRoomForAPlaylist = 1 << 20;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string media_line(const RenditionSummary& a, bool is_default) {
  const std::string lang = a.language.empty() ? "und" : a.language;
  std::string name = a.language.empty() ? a.name : a.language;
  return fmt::format(
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"{}\",LANGUAGE=\"{}\",DEFAULT={},"
      "AUTOSELECT=YES,CHANNELS=\"2\",URI=\"{}/index.m3u8\"\n",
      name, lang, is_default ? "YES" : "NO", a.name);
}

}  // namespace

std::string codec_string(AVCodecID codec, const uint8_t* extradata, int extradata_size) {
  if (codec == AV_CODEC_ID_AAC) return "mp4a.40.2";
  uint8_t p[3] = {0x64, 0x00, 0x29};  // High@4.1 if the SPS cannot be read
  if (codec == AV_CODEC_ID_H264 && extradata) h264_profile_bytes(extradata, extradata_size, p);
  return fmt::format("avc1.{:02x}{:02x}{:02x}", p[0], p[1], p[2]);
}

std::string codec_string(const AVCodecContext* encoder) {
  return codec_string(encoder->codec_id, encoder->extradata, encoder->extradata_size);
}

void measure_rendition(const std::filesystem::path& dir, RenditionSummary& r) {
  const auto playlist = hls::load_media_playlist(dir / "index.m3u8");
  const std::vector<hls::Segment> none;
  const auto& segments = playlist ? playlist->segments : none;
  double total_duration = 0;
  long long total_bytes = 0;
  long long peak = 0;
  for (const auto& s : segments) {
    std::error_code ec;
    const auto bytes = static_cast<long long>(std::filesystem::file_size(dir / s.uri, ec));
    if (ec) continue;
    total_duration += s.duration;
    total_bytes += bytes;
    // A segment shorter than a second (the last one, often) says little
    // about the sustained rate a player must sustain.
    if (s.duration >= 1.0 || segments.size() == 1)
      peak = std::max(peak, static_cast<long long>(bytes * 8 / std::max(s.duration, 0.001)));
  }
  r.segments = static_cast<int>(segments.size());
  r.duration = total_duration;
  r.average_bps = total_duration > 0 ? static_cast<long long>(total_bytes * 8 / total_duration) : 0;
  r.peak_bps = std::max(peak, r.average_bps);
}

std::string render_master(const std::vector<RenditionSummary>& renditions) {
  std::string out = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  std::vector<const RenditionSummary*> audio, video;
  for (const auto& r : renditions) (r.audio_only ? audio : video).push_back(&r);

  if (video.empty()) {
    for (const auto* a : audio) {
      out += fmt::format("#EXT-X-STREAM-INF:BANDWIDTH={},AVERAGE-BANDWIDTH={},CODECS=\"{}\"\n{}/index.m3u8\n",
                         a->peak_bps, a->average_bps, a->codecs, a->name);
    }
    return out;
  }
  long long audio_peak = 0, audio_average = 0;
  std::string audio_codecs;
  for (std::size_t i = 0; i < audio.size(); ++i) {
    out += media_line(*audio[i], i == 0);
    audio_peak = std::max(audio_peak, audio[i]->peak_bps);
    audio_average = std::max(audio_average, audio[i]->average_bps);
    audio_codecs = audio[i]->codecs;
  }
  for (const auto* v : video) {
    std::string codecs = v->codecs + (audio_codecs.empty() ? "" : "," + audio_codecs);
    out += fmt::format(
        "#EXT-X-STREAM-INF:BANDWIDTH={},AVERAGE-BANDWIDTH={},CODECS=\"{}\",RESOLUTION={}x{},"
        "FRAME-RATE={:.3f}{}\n{}/index.m3u8\n",
        v->peak_bps + audio_peak, v->average_bps + audio_average, codecs, v->width, v->height, v->frame_rate,
        audio.empty() ? "" : ",AUDIO=\"audio\"", v->name);
  }
  return out;
}

Result<void> write_file_atomically(const std::filesystem::path& path, const std::string& content) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      // Say why (a full disk is the clerk's to fix) and leave no .tmp behind.
      const int err = errno;
      out.close();
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      if (err == ENOSPC)
        return make_error(Errc::disk_full, fmt::format("disk full while writing {}", path.string()),
                          fmt::format("{}에 쓰는 중에 디스크가 가득 찼습니다", path.string()));
      return make_error(Errc::write_failed,
                        fmt::format("cannot write {}: {}", tmp.string(), std::strerror(err)),
                        fmt::format("{}에 쓰지 못했습니다: {}", tmp.string(), std::strerror(err)));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return make_error(Errc::write_failed, fmt::format("cannot write {}: {}", path.string(), ec.message()),
                      fmt::format("{}에 쓰지 못했습니다: {}", path.string(), ec.message()));
  return {};
}

Result<void> mark_playlist_complete(const std::filesystem::path& playlist, double media_duration) {
  // Parsed for the durations, then edited as text: every other line the
  // muxer wrote stays as it was.
  std::string text = read_file(playlist);
  const auto parsed = hls::parse_media_playlist(text);
  if (!parsed) {
    // The muxer does not report a playlist it failed to write; a disk with
    // (almost) no room left is the usual reason, and the clerk's to fix.
    std::error_code ec;
    const auto room = std::filesystem::space(playlist.parent_path(), ec);
    if (!ec && room.available < kRoomForAPlaylist)
      return make_error(Errc::disk_full, fmt::format("disk full while writing {}", playlist.string()),
                        fmt::format("{}에 쓰는 중에 디스크가 가득 찼습니다", playlist.string()));
    const Error& e = parsed.error();
    return make_error(e.code, fmt::format("{}: {}", playlist.string(), e.message),
                      fmt::format("{}: {}", playlist.string(), e.message_ko));
  }
  const auto& segments = parsed->segments;
  const std::string event = "#EXT-X-PLAYLIST-TYPE:EVENT";
  if (auto pos = text.find(event); pos != std::string::npos)
    text.replace(pos, event.size(), "#EXT-X-PLAYLIST-TYPE:VOD");

  const auto last = text.rfind("#EXTINF:");
  if (!segments.empty() && last != std::string::npos) {
    double before = 0;
    for (std::size_t i = 0; i + 1 < segments.size(); ++i) before += segments[i].duration;
    const double corrected = media_duration - before;
    // Only lengthen, and by less than a segment: anything else means the
    // muxer knew better than our packet count.
    if (corrected > segments.back().duration && corrected < segments.back().duration + 1.0) {
      // The duration ends at the comma, or at the line's end when the title's comma is left out.
      const auto end = std::min(text.find(',', last), text.find_first_of("\r\n", last));
      text.replace(last, end == std::string::npos ? std::string::npos : end - last,
                   fmt::format("#EXTINF:{:.6f}", corrected));
    }
  }
  if (!parsed->ended) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += "#EXT-X-ENDLIST\n";
  }
  return write_file_atomically(playlist, text);
}

}  // namespace gavel::transcode
