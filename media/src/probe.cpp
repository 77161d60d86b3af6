#include "gavel/media/probe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gavel/media/libav.hpp"

namespace gavel::media {
namespace {

std::string name_of(const std::filesystem::path& file) { return file.filename().string(); }

Error unreadable(const std::filesystem::path& file, int averr) {
  if (auto fraction = truncated_fraction(file)) {
    const double percent = std::floor(*fraction * 100);
    return make_error(Errc::truncated,
                      fmt::format("{}: cut off at {:.0f}% — the file was not fully uploaded; "
                                  "upload the complete file again",
                                  name_of(file), percent),
                      fmt::format("{}: {:.0f}%에서 끊겼습니다 — 파일이 끝까지 올라오지 않았습니다. "
                                  "전체 파일을 다시 올려 주세요",
                                  name_of(file), percent));
  }
  return make_error(Errc::not_media,
                    fmt::format("{}: not a recording — no audio or video could be read ({}); "
                                "check that the right file was chosen",
                                name_of(file), av_error_text(averr)),
                    fmt::format("{}: 녹화 파일이 아닙니다 — 소리도 영상도 읽을 수 없습니다 ({}). "
                                "올바른 파일을 골랐는지 확인해 주세요",
                                name_of(file), av_error_text(averr)));
}

int display_rotation(const AVStream* st) {
  const auto* matrix =
      reinterpret_cast<const int32_t*>(av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
  if (!matrix) return 0;
  // av_display_rotation_get is counter-clockwise; players rotate clockwise.
  const double ccw = av_display_rotation_get(matrix);
  if (std::isnan(ccw)) return 0;
  int cw = static_cast<int>(std::lround(-ccw)) % 360;
  return cw < 0 ? cw + 360 : cw;
}

std::vector<std::uint8_t> codec_config(const AVCodecParameters* p) {
  if (!p->extradata || p->extradata_size <= 0) return {};
  return {p->extradata, p->extradata + p->extradata_size};
}

bool rates_agree(AVRational average, AVRational base) {
  if (average.num <= 0 || average.den <= 0 || base.num <= 0 || base.den <= 0) return false;
  // 0.2%: tighter than any real drift a player would notice, looser than
  // the rounding of millisecond container clocks.
  return std::abs(av_q2d(average) / av_q2d(base) - 1.0) < 0.002;
}

double longest_keyframe_interval(AVStream* st) {
  const int entries = avformat_index_get_entries_count(st);
  int64_t previous = AV_NOPTS_VALUE, longest = 0, last = AV_NOPTS_VALUE;
  for (int i = 0; i < entries; ++i) {
    const AVIndexEntry* e = avformat_index_get_entry(st, i);
    last = e->timestamp;
    if (!(e->flags & AVINDEX_KEYFRAME)) continue;
    if (previous != AV_NOPTS_VALUE) longest = std::max(longest, e->timestamp - previous);
    previous = e->timestamp;
  }
  if (previous == AV_NOPTS_VALUE) return 0;
  longest = std::max(longest, last - previous);
  return static_cast<double>(longest) * av_q2d(st->time_base);
}

VideoTrack video_track(const AVFormatContext* fmt_ctx, AVStream* st) {
  const AVCodecParameters* p = st->codecpar;
  VideoTrack v;
  v.stream_index = st->index;
  v.codec = avcodec_get_name(p->codec_id);
  v.width = p->width;
  v.height = p->height;
  if (p->sample_aspect_ratio.num > 0 && p->sample_aspect_ratio.den > 0)
    v.sample_aspect = av_q2d(p->sample_aspect_ratio);
  AVRational rate = st->avg_frame_rate.num ? st->avg_frame_rate : st->r_frame_rate;
  v.frame_rate = rate.den ? av_q2d(rate) : 0;
  v.interlaced = p->field_order != AV_FIELD_PROGRESSIVE && p->field_order != AV_FIELD_UNKNOWN;
  v.rotation = display_rotation(st);
  v.profile = p->profile == FF_PROFILE_UNKNOWN ? -1 : p->profile;
  v.level = p->level == FF_LEVEL_UNKNOWN ? -1 : p->level;
  if (const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(p->format))) v.pixel_format = name;
  v.constant_frame_rate = rates_agree(st->avg_frame_rate, st->r_frame_rate);
  v.bit_rate = p->bit_rate > 0 ? p->bit_rate : fmt_ctx->bit_rate;
  v.codec_config = codec_config(p);
  v.longest_keyframe_interval = longest_keyframe_interval(st);
  return v;
}

AudioTrack audio_track(const AVStream* st) {
  const AVCodecParameters* p = st->codecpar;
  AudioTrack a;
  a.stream_index = st->index;
  a.codec = avcodec_get_name(p->codec_id);
  a.channels = p->ch_layout.nb_channels;
  a.sample_rate = p->sample_rate;
  if (const AVDictionaryEntry* lang = av_dict_get(st->metadata, "language", nullptr, 0))
    if (std::string(lang->value) != "und") a.language = lang->value;
  a.profile = p->profile == FF_PROFILE_UNKNOWN ? -1 : p->profile;
  a.bit_rate = p->bit_rate;
  a.codec_config = codec_config(p);
  return a;
}

}  // namespace

Result<MediaInfo> probe(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return make_error(Errc::not_found, fmt::format("{}: no such file", file.string()),
                      fmt::format("{}: 파일이 없습니다", file.string()));
  if (std::filesystem::file_size(file, ec) == 0 && !ec)
    return make_error(
        Errc::empty,
        fmt::format("{}: the file is empty (0 bytes) — the upload "
                    "transferred no data; upload it again",
                    name_of(file)),
        fmt::format("{}: 파일이 비어 있습니다(0바이트) — 올라온 내용이 없습니다. 다시 올려 주세요",
                    name_of(file)));
  configure_av_logging();
  AVFormatContext* raw = nullptr;
  if (int err = avformat_open_input(&raw, file.c_str(), nullptr, nullptr); err < 0)
    return unreadable(file, err);
  InputFormat fmt_ctx(raw);
  if (int err = avformat_find_stream_info(fmt_ctx.get(), nullptr); err < 0) return unreadable(file, err);

  MediaInfo info;
  info.container = fmt_ctx->iformat->name;
  if (fmt_ctx->duration != AV_NOPTS_VALUE)
    info.duration = static_cast<double>(fmt_ctx->duration) / AV_TIME_BASE;
  for (unsigned i = 0; i < fmt_ctx->nb_streams; ++i) {
    AVStream* st = fmt_ctx->streams[i];
    const AVCodecParameters* p = st->codecpar;
    if (p->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC) &&
        p->width > 0 && !info.video) {
      info.video = video_track(fmt_ctx.get(), st);
    } else if (p->codec_type == AVMEDIA_TYPE_AUDIO && p->ch_layout.nb_channels > 0) {
      info.audio.push_back(audio_track(st));
    }
  }
  if (!info.video && info.audio.empty()) return unreadable(file, AVERROR_INVALIDDATA);
  return info;
}

}  // namespace gavel::media
