#include "gavel/transcode/clip.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <optional>
#include <vector>

#include "clip_io.hpp"
#include "gavel/media/libav.hpp"
#include "mp4_boxes.hpp"
#include "playlist_reader.hpp"
#include "segment_reader.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;

// EXTINF durations are rounded and the first keyframe of a segment may sit a
// frame away from where the playlist says: take a little more than asked.
constexpr double kSegmentSlack = 0.5;

// "720p/index.m3u8" -> "720p"; anything else is not one of ours.
std::optional<std::string> rendition_folder(const std::string& uri) {
  const auto slash = uri.find('/');
  if (slash == std::string::npos || uri.substr(slash) != "/index.m3u8") return std::nullopt;
  auto name = uri.substr(0, slash);
  if (!is_plain_name(name)) return std::nullopt;
  return name;
}

struct Renditions {
  std::string video;  // empty: the meeting has no picture
  std::string audio;  // empty: the meeting has no sound
};

Error no_packaged_media() {
  return make_error(Errc::not_found, "this meeting has no packaged media",
                    "이 회의에는 변환된 영상이 없습니다");
}

Result<Renditions> choose_renditions(const fs::path& media_dir, int max_height) {
  auto master = hls::load_master_playlist(media_dir / "master.m3u8");
  if (!master) return master.error().code == Errc::not_found ? no_packaged_media() : master.error();
  struct Video {
    int height;
    std::string name;
  };
  std::vector<Video> videos;
  std::string audio, first_audio;
  // Alternative audio before audio-only variants: the order render_master
  // writes them in (a master has one kind or the other).
  for (const auto& r : master->renditions) {
    if (r.type != hls::MediaType::audio) continue;
    auto name = rendition_folder(r.uri);
    if (!name) continue;
    if (first_audio.empty()) first_audio = *name;
    if (r.is_default && audio.empty()) audio = *name;
  }
  for (const auto& v : master->variants) {
    auto name = rendition_folder(v.uri);
    if (!name) continue;
    if (!v.resolution) {  // an audio-only variant: a recording without picture
      if (first_audio.empty()) first_audio = *name;
      continue;
    }
    videos.push_back({v.resolution->height, *name});
  }
  Renditions r;
  r.audio = audio.empty() ? first_audio : audio;
  if (videos.empty()) {
    if (r.audio.empty()) return no_packaged_media();
    return r;  // sound only: the clip is sound only
  }
  std::sort(videos.begin(), videos.end(), [](const Video& a, const Video& b) { return a.height > b.height; });
  const auto fits =
      std::find_if(videos.begin(), videos.end(), [&](const Video& v) { return v.height <= max_height; });
  r.video = fits == videos.end() ? videos.back().name : fits->name;
  return r;
}

// The init segment and the media segments that cover [start, end].
Result<std::vector<fs::path>> covering_files(const fs::path& dir, double start, double end) {
  auto playlist = hls::load_media_playlist(dir / "index.m3u8");
  if (!playlist) {
    if (playlist.error().code != Errc::not_found) return playlist.error();
    return make_error(Errc::not_found, fmt::format("{} has no playlist", dir.string()),
                      fmt::format("{}에 재생 목록이 없습니다", dir.string()));
  }
  if (!playlist->ended)
    return make_error(Errc::not_ready, "this meeting is still being packaged",
                      "이 회의는 아직 변환 중입니다");
  auto init = hls::joinable_init(*playlist);
  if (!init) return init.error();
  if (!is_plain_name(init->uri))
    return make_error(Errc::bad_input, "the init segment is not beside the playlist",
                      "init 세그먼트가 재생 목록과 같은 폴더에 있지 않습니다");
  std::vector<fs::path> files{dir / init->uri};
  double at = 0;
  for (const auto& s : playlist->segments) {
    const double seg_end = at + s.duration;
    if (seg_end > start - kSegmentSlack && at < end + kSegmentSlack) {
      if (!is_plain_name(s.uri))
        return make_error(Errc::bad_input, "a segment is not beside the playlist",
                          "세그먼트가 재생 목록과 같은 폴더에 있지 않습니다");
      files.push_back(dir / s.uri);
    }
    at = seg_end;
  }
  if (files.size() == 1)
    return make_error(Errc::not_found, "the meeting has no media in that span",
                      "그 구간에는 이 회의의 영상이나 소리가 없습니다");
  return files;
}

// One rendition's span, read as a demuxed stream of packets.
class Track {
 public:
  Result<void> open(const fs::path& dir, double start, double end, AVMediaType type) {
    dir_ = dir;
    auto files = covering_files(dir, start, end);
    if (!files) return files.error();
    if (auto r = reader_.init(std::move(*files)); !r) return r;
    if (auto opened = open_concat_mp4(reader_, dir, io_, in_); !opened) return opened;
    index_ = av_find_best_stream(in_.get(), type, -1, -1, nullptr, 0);
    if (index_ < 0)
      return make_error(Errc::bad_input, fmt::format("{} lacks the expected stream", dir.string()),
                        fmt::format("{}에 필요한 스트림이 없습니다", dir.string()));
    return {};
  }

  const AVStream* stream() const { return in_->streams[index_]; }
  AVRational time_base() const { return stream()->time_base; }

  // The next packet of the track's stream, or nothing at its end.
  Result<media::Packet> next() {
    for (;;) {
      media::Packet p = media::make_packet();
      if (!p) return av_failure("cannot read", dir_, AVERROR(ENOMEM));
      const int err = av_read_frame(in_.get(), p.get());
      if (err == AVERROR_EOF) return media::Packet();
      if (err < 0)
        return make_error(
            Errc::bad_input, fmt::format("reading {}: {}", dir_.string(), media::av_error_text(err)),
            fmt::format("{} 읽기에 실패했습니다: {}", dir_.string(), media::av_error_text(err)));
      if (p->stream_index == index_ && p->pts != AV_NOPTS_VALUE) return p;
    }
  }

 private:
  fs::path dir_;
  ConcatReader reader_;
  CustomIo io_;
  media::InputFormat in_;
  int index_ = -1;
};

std::int64_t to_ts(double seconds, AVRational tb) {
  return av_rescale_q(static_cast<std::int64_t>(seconds * AV_TIME_BASE), AV_TIME_BASE_Q, tb);
}

// Video from the last keyframe at or before `start`: the packets of that
// keyframe's group up to the first one at or after `start`.
Result<std::deque<media::Packet>> opening_group(Track& video, double start) {
  const auto start_ts = to_ts(start, video.time_base());
  std::deque<media::Packet> group;
  for (;;) {
    auto p = video.next();
    if (!p) return p.error();
    if (!*p) break;
    const bool key = ((*p)->flags & AV_PKT_FLAG_KEY) != 0;
    if (key && (*p)->pts <= start_ts) group.clear();
    const bool reached = (*p)->pts >= start_ts;
    if (!group.empty() || key) group.push_back(std::move(*p));
    if (reached && !group.empty()) break;
  }
  if (group.empty())
    return make_error(Errc::not_found, "the meeting has no video in that span",
                      "그 구간에는 이 회의의 화면이 없습니다");
  return group;
}

struct Output {
  AVStream* stream;
  AVRational in_tb;
  std::int64_t offset;  // in in_tb: the clip's zero
  std::int64_t end;     // in in_tb: the first time not wanted
};

// `video` is the track the clip is cut on (its keyframes; for a recording
// without picture, the sound, whose every packet is one); `audio` follows it.
Result<ClipMade> remux(Track& video, Track* audio, const ClipSpan& span, ClipIo& io,
                       const fs::path& media_dir) {
  auto group = opening_group(video, span.start);
  if (!group) return group.error();
  const std::int64_t zero_v = group->front()->pts;
  const double zero = zero_v * av_q2d(video.time_base());

  AVFormatContext* raw_out = nullptr;
  if (int err = avformat_alloc_output_context2(&raw_out, nullptr, "mp4", nullptr); err < 0)
    return av_failure("cannot cut", media_dir, err);
  media::OutputFormat out(raw_out);
  auto add = [&](const Track& t) -> AVStream* {
    AVStream* s = avformat_new_stream(out.get(), nullptr);
    if (!s || avcodec_parameters_copy(s->codecpar, t.stream()->codecpar) < 0) return nullptr;
    s->codecpar->codec_tag = 0;
    s->time_base = t.time_base();
    av_dict_copy(&s->metadata, t.stream()->metadata, 0);
    return s;
  };
  Output outs[2];
  outs[0] = {add(video), video.time_base(), zero_v, to_ts(span.end, video.time_base())};
  if (!outs[0].stream) return av_failure("cannot cut", media_dir, AVERROR(ENOMEM));
  if (audio) {
    outs[1] = {add(*audio), audio->time_base(), to_ts(zero, audio->time_base()),
               to_ts(span.end, audio->time_base())};
    if (!outs[1].stream) return av_failure("cannot cut", media_dir, AVERROR(ENOMEM));
  }

  out->pb = io.context();
  out->flags |= AVFMT_FLAG_CUSTOM_IO;
  auto failed = [&](const char* what, int err) -> Error {
    if (io.sink_error()) return *io.sink_error();
    return av_failure(what, media_dir, err);
  };
  // Same muxer, same packets, same bytes: the two passes (see ClipIo) must
  // agree, so nothing here may depend on the clock or on the output.
  out->flags |= AVFMT_FLAG_BITEXACT;
  if (int err = avformat_write_header(out.get(), nullptr); err < 0) return failed("cannot cut", err);
  if (auto r = io.begin(ClipIo::Phase::body); !r) return r.error();

  // The two tracks are read side by side, the one behind first, so the
  // muxer's interleaving never holds more than a moment of either.
  media::Packet pending[2];
  bool done[2] = {false, audio == nullptr};
  std::int64_t last_end = 0;  // of the video, in its time base
  auto refill = [&](int i) -> Result<void> {
    while (!done[i] && !pending[i]) {
      media::Packet p;
      if (i == 0 && !group->empty()) {
        p = std::move(group->front());
        group->pop_front();
      } else {
        auto next = i == 0 ? video.next() : audio->next();
        if (!next) return next.error();
        p = std::move(*next);
      }
      if (!p) {
        done[i] = true;
        break;
      }
      const auto dts = p->dts == AV_NOPTS_VALUE ? p->pts : p->dts;
      if (dts >= outs[i].end) {
        done[i] = true;
        break;
      }
      if (p->pts >= outs[i].end) continue;
      if (i == 1 && p->pts + p->duration <= outs[i].offset) continue;  // sound before the picture starts
      pending[i] = std::move(p);
    }
    return {};
  };
  for (;;) {
    for (int i = 0; i < 2; ++i)
      if (auto r = refill(i); !r) return r.error();
    int pick = -1;
    if (pending[0] && pending[1])
      pick = av_compare_ts(pending[0]->dts, outs[0].in_tb, pending[1]->dts, outs[1].in_tb) <= 0 ? 0 : 1;
    else if (pending[0])
      pick = 0;
    else if (pending[1])
      pick = 1;
    if (pick < 0) break;
    media::Packet p = std::move(pending[pick]);
    const Output& o = outs[pick];
    if (pick == 0) last_end = std::max(last_end, p->pts + p->duration);
    p->pts -= o.offset;
    if (p->dts != AV_NOPTS_VALUE) p->dts -= o.offset;
    av_packet_rescale_ts(p.get(), o.in_tb, o.stream->time_base);
    p->stream_index = o.stream->index;
    p->pos = -1;
    if (int w = av_interleaved_write_frame(out.get(), p.get()); w < 0) return failed("cannot cut", w);
  }
  // The muxer holds packets back to interleave them: out with them before
  // the trailer, so everything written from here on is header or moov.
  if (int w = av_interleaved_write_frame(out.get(), nullptr); w < 0) return failed("cannot cut", w);
  if (auto r = io.begin(ClipIo::Phase::tail); !r) return r.error();
  if (int w = av_write_trailer(out.get()); w < 0) return failed("cannot finish", w);
  out->pb = nullptr;  // ClipIo owns it
  if (auto r = io.begin(ClipIo::Phase::tail); !r) return r.error();
  return ClipMade{{}, zero, (last_end - zero_v) * av_q2d(video.time_base())};
}

// One pass over the span into `io`.
Result<ClipMade> cut(const fs::path& media_dir, const ClipSpan& span, ClipIo& io) {
  if (!(span.start >= 0) || !(span.end > span.start))
    return make_error(Errc::bad_input, "a clip needs 0 <= start < end", "구간은 0 <= 시작 < 끝이어야 합니다");
  auto chosen = choose_renditions(media_dir, span.max_height);
  if (!chosen) return chosen.error();
  const bool has_picture = !chosen->video.empty();
  Track lead;
  const auto& lead_name = has_picture ? chosen->video : chosen->audio;
  if (auto r = lead.open(media_dir / lead_name, span.start, span.end,
                         has_picture ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO);
      !r)
    return r.error();
  std::optional<Track> audio;
  if (has_picture && !chosen->audio.empty()) {
    audio.emplace();
    if (auto r = audio->open(media_dir / chosen->audio, span.start, span.end, AVMEDIA_TYPE_AUDIO); !r)
      return r.error();
  }
  if (!io.context()) return make_error(Errc::write_failed, "out of memory");
  auto made = remux(lead, audio ? &*audio : nullptr, span, io, media_dir);
  if (made) made->rendition = lead_name;
  return made;
}

}  // namespace

Result<ClipLayout> plan_clip(const fs::path& media_dir, const ClipSpan& span) {
  ClipIo io;
  auto made = cut(media_dir, span, io);
  if (!made) return made.error();
  // The muxer wrote [ftyp][wide][mdat header] data [moov]; the clip is
  // [ftyp][moov][wide][mdat header] data, every chunk offset moved by the
  // moov's size.
  const std::string& head = io.head();
  const auto ftyp = box_size(head);
  if (box_type(head) != "ftyp" || ftyp == 0)
    return make_error(Errc::write_failed, "the muxer wrote no ftyp first");
  ClipLayout layout;
  layout.made = *made;
  layout.body_size = io.body_size();
  std::string moov;
  for (std::string_view rest = io.tail(); !rest.empty();) {
    const auto size = box_size(rest);
    if (size == 0) return make_error(Errc::write_failed, "the muxer's trailer is not whole boxes");
    if (box_type(rest) == "moov") {
      auto front = moov_for_front(rest.substr(0, size));
      if (!front) return front.error();
      moov = std::move(*front);
    } else {
      layout.tail.append(rest.substr(0, size));
    }
    rest.remove_prefix(size);
  }
  if (moov.empty()) return make_error(Errc::write_failed, "the muxer wrote no moov");
  layout.head.reserve(head.size() + moov.size());
  layout.head.append(head, 0, ftyp);
  layout.head += moov;
  layout.head.append(head, ftyp);
  return layout;
}

Result<void> write_clip_body(const fs::path& media_dir, const ClipSpan& span, const ClipLayout& layout,
                             const ByteSink& sink) {
  std::uint64_t sent = 0;
  ClipIo io([&](const char* data, std::size_t size) -> Result<void> {
    sent += size;
    if (sent > layout.body_size)
      return make_error(Errc::changed, "the meeting's media changed while the clip was cut");
    return sink(data, size);
  });
  auto made = cut(media_dir, span, io);
  if (!made) return made.error();
  if (sent != layout.body_size)
    return make_error(Errc::changed, "the meeting's media changed while the clip was cut");
  if (!layout.tail.empty()) return sink(layout.tail.data(), layout.tail.size());
  return {};
}

Result<ClipMade> export_clip(const fs::path& media_dir, const ClipSpan& span, const fs::path& out_file) {
  auto layout = plan_clip(media_dir, span);
  if (!layout) return layout.error();
  unique_fd fd(::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) return av_failure("cannot create", out_file, AVERROR(errno));
  auto write_all = [&](const char* data, std::size_t size) -> Result<void> {
    while (size > 0) {
      const ssize_t n = ::write(fd.get(), data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return av_failure("cannot write", out_file, AVERROR(errno));
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return {};
  };
  auto written = write_all(layout->head.data(), layout->head.size());
  if (written) written = write_clip_body(media_dir, span, *layout, write_all);
  // Closed here, not by the owner, because a failed close can mean lost writes (NFS, quotas).
  if (::close(fd.release()) != 0 && written) written = av_failure("cannot finish", out_file, AVERROR(errno));
  if (!written) {
    std::error_code ec;
    fs::remove(out_file, ec);
    return written.error();
  }
  return layout->made;
}

}  // namespace gavel::transcode
