#include "gavel/transcode/subtitles.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "playlists.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kGroupAttribute = ",SUBTITLES=\"subs\"";

std::string subtitle_playlist(const std::string& language, double duration) {
  const double length = std::max(duration, 1.0);
  return fmt::format(
      "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:"
      "VOD\n"
      "#EXTINF:{:.3f},\n{}.vtt\n#EXT-X-ENDLIST\n",
      static_cast<long long>(std::ceil(length)), length, language);
}

std::string rewrite_master(const std::string& master, const std::vector<SubtitleTrack>& tracks) {
  std::istringstream in(master);
  std::string line, out, media;
  for (std::size_t i = 0; i < tracks.size(); ++i)
    media += fmt::format(
        "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"{}\",LANGUAGE=\"{}\",DEFAULT=NO,AUTOSELECT={},"
        "URI=\"captions/{}.m3u8\"\n",
        tracks[i].name, tracks[i].language, i == 0 ? "YES" : "NO", tracks[i].language);
  bool inserted = false;
  while (std::getline(in, line)) {
    if (line.rfind("#EXT-X-MEDIA:TYPE=SUBTITLES", 0) == 0) continue;
    if (line.rfind("#EXT-X-STREAM-INF:", 0) == 0) {
      if (auto at = line.find(kGroupAttribute); at != std::string::npos)
        line.erase(at, kGroupAttribute.size());
      if (!inserted) out += media;
      inserted = true;
      if (!tracks.empty()) line += kGroupAttribute;
    }
    out += line + "\n";
  }
  if (!inserted) out += media;  // an audio-less, video-less master cannot be, but stay correct
  return out;
}

}  // namespace

Result<void> publish_subtitles(const fs::path& media_dir, const std::vector<SubtitleTrack>& tracks,
                               double duration) {
  std::error_code ec;
  const fs::path dir = media_dir / "captions";
  fs::create_directories(dir, ec);
  if (ec)
    return make_error(Errc::write_failed, fmt::format("cannot create {}: {}", dir.string(), ec.message()),
                      fmt::format("{} 폴더를 만들지 못했습니다: {}", dir.string(), ec.message()));
  for (const auto& entry : fs::directory_iterator(dir, ec))
    fs::remove(entry.path(), ec);  // languages removed
  for (const auto& t : tracks) {
    if (auto r = write_file_atomically(dir / (t.language + ".vtt"), t.webvtt); !r) return r;
    if (auto r = write_file_atomically(dir / (t.language + ".m3u8"), subtitle_playlist(t.language, duration));
        !r)
      return r;
  }
  const fs::path master = media_dir / "master.m3u8";
  if (!fs::exists(master, ec)) return {};
  std::ifstream in(master, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return write_file_atomically(master, rewrite_master(text.str(), tracks));
}

}  // namespace gavel::transcode
