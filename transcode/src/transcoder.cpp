// Orchestrates one packaging run: probe every part, plan the ladder, then
// decode each part once and feed every rendition's encoder from it.
#include "gavel/transcode/transcoder.hpp"

#include "filter_chain.hpp"
#include "ladder.hpp"
#include "part_decoder.hpp"
#include "playlists.hpp"
#include "rendition_writer.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxAudioTracks = 8;

std::string audio_rendition_name(const media::AudioTrack& track, std::size_t index) {
  if (index == 0) return "audio";
  return track.language.empty() ? fmt::format("audio{}", index + 1) : "audio-" + track.language;
}

class Packager {
 public:
  Packager(fs::path out_dir, const Options& options, const ProgressFn& on_progress)
      : out_dir_(std::move(out_dir)), options_(options), on_progress_(on_progress) {}

  Result<Summary> run(const std::vector<fs::path>& parts);

 private:
  Result<void> open_renditions(const media::MediaInfo& first);
  Result<void> package_part(const fs::path& file, const media::MediaInfo& info);
  Result<void> on_frame(PartDecoder::Kind kind, std::size_t audio_index, AVFrame* frame);
  Result<void> drain(FilterChain& chain, RenditionWriter* writers, std::size_t count);
  Result<void> report_progress(bool force);
  Result<void> write_master(bool measured);
  Result<Summary> finish();

  const fs::path out_dir_;
  const Options& options_;
  const ProgressFn& on_progress_;

  std::vector<RenditionWriter> video_;
  std::vector<RenditionWriter> audio_;
  std::vector<media::AudioTrack> audio_tracks_;  // of the first part, naming the renditions
  std::optional<FilterChain> video_chain_;
  std::vector<FilterChain> audio_chains_;
  media::Frame filtered_ = media::make_frame();

  double total_duration_ = 0;
  double offset_ = 0;    // where the current part starts on the timeline
  double position_ = 0;  // latest packaged instant
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_report_{};
  Summary summary_;
};

Result<void> Packager::open_renditions(const media::MediaInfo& first) {
  if (first.video) {
    for (auto& rung : plan_ladder(*first.video, options_)) {
      auto w = RenditionWriter::video(out_dir_, rung.name, rung.geometry, rung.bitrate_kbps,
                                      options_.x264_preset, options_.keyframe_seconds,
                                      options_.segment_seconds);
      if (!w) return w.error();
      video_.push_back(std::move(*w));
    }
  }
  for (std::size_t i = 0; i < first.audio.size() && i < kMaxAudioTracks; ++i) {
    auto w = RenditionWriter::audio(out_dir_, audio_rendition_name(first.audio[i], i),
                                    options_.audio_bitrate_kbps, options_.segment_seconds);
    if (!w) return w.error();
    audio_.push_back(std::move(*w));
    audio_tracks_.push_back(first.audio[i]);
  }
  const double video_delay = video_.empty() ? 0 : video_.front().reorder_delay();
  for (auto& a : audio_) a.delay_packets(video_delay);
  return write_master(false);
}

Result<void> Packager::package_part(const fs::path& file, const media::MediaInfo& info) {
  auto part = PartDecoder::open(file, info, audio_.size(), offset_);
  if (!part) return part.error();

  video_chain_.reset();
  audio_chains_.clear();
  if (part->video() && !video_.empty()) {
    const auto& v = *info.video;
    std::vector<VideoGeometry> rungs;
    for (auto& w : video_)
      rungs.push_back({w.codec()->width, w.codec()->height, w.codec()->framerate, w.codec()->time_base});
    auto chain = FilterChain::video({part->video()->context.get(), part->video()->time_base,
                                     /*deinterlace=*/true, v.rotation},
                                    rungs, offset_);
    if (!chain) return chain.error();
    video_chain_ = std::move(*chain);
  }
  for (std::size_t i = 0; i < part->audio().size(); ++i) {
    auto& d = part->audio()[i];
    auto chain = FilterChain::audio(d.context.get(), d.time_base, audio_[i].frame_size(), offset_);
    if (!chain) return chain.error();
    audio_chains_.push_back(std::move(*chain));
  }

  auto ran = part->run(
      [this](PartDecoder::Kind k, std::size_t i, AVFrame* f) { return on_frame(k, i, f); },
      summary_.warnings);
  if (!ran) return ran;
  // End of part: flush what the filters hold back (fps, bwdif, resampler).
  if (video_chain_) {
    if (auto r = video_chain_->push(nullptr); !r) return r;
    if (auto r = drain(*video_chain_, video_.data(), video_.size()); !r) return r;
  }
  for (std::size_t i = 0; i < audio_chains_.size(); ++i) {
    if (auto r = audio_chains_[i].push(nullptr); !r) return r;
    if (auto r = drain(audio_chains_[i], &audio_[i], 1); !r) return r;
  }
  offset_ = std::max(offset_, part->end_time());
  return {};
}

Result<void> Packager::on_frame(PartDecoder::Kind kind, std::size_t audio_index, AVFrame* frame) {
  if (kind == PartDecoder::Kind::video) {
    if (!video_chain_) return {};
    if (auto r = video_chain_->push(frame); !r) return r;
    if (auto r = drain(*video_chain_, video_.data(), video_.size()); !r) return r;
  } else {
    if (auto r = audio_chains_[audio_index].push(frame); !r) return r;
    if (auto r = drain(audio_chains_[audio_index], &audio_[audio_index], 1); !r) return r;
  }
  return report_progress(false);
}

Result<void> Packager::drain(FilterChain& chain, RenditionWriter* writers, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    while (chain.pull(i, filtered_.get())) {
      const double t = static_cast<double>(filtered_->pts) * av_q2d(writers[i].codec()->time_base);
      position_ = std::max(position_, t);
      auto r = writers[i].encode(filtered_.get());
      av_frame_unref(filtered_.get());
      if (!r) return r;
    }
  }
  return {};
}

Result<void> Packager::report_progress(bool force) {
  const auto now = Clock::now();
  if (!on_progress_ || (!force && now - last_report_ < std::chrono::seconds(1))) return {};
  last_report_ = now;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  Progress p;
  p.position = position_;
  p.duration = total_duration_;
  p.speed = elapsed > 0 ? position_ / elapsed : 0;
  p.eta = p.speed > 0 && total_duration_ > position_ ? (total_duration_ - position_) / p.speed : 0;
  if (!on_progress_(p)) return make_error("cancelled", "the transcode was cancelled");
  return {};
}

Result<void> Packager::write_master(bool measured) {
  std::vector<RenditionSummary> all;
  auto describe = [&](const RenditionWriter& w, bool audio, const std::string& language) {
    RenditionSummary r;
    r.name = w.name();
    r.audio_only = audio;
    r.language = language;
    r.codecs = codec_string(w.codec());
    r.width = w.codec()->width;
    r.height = w.codec()->height;
    if (!audio) r.frame_rate = av_q2d(w.codec()->framerate);
    // Until measured, announce the encoder's cap so players never underestimate.
    r.average_bps = w.codec()->bit_rate;
    r.peak_bps = w.codec()->rc_max_rate > 0 ? w.codec()->rc_max_rate : w.codec()->bit_rate;
    if (measured) measure_rendition(out_dir_ / r.name, r);
    all.push_back(r);
  };
  for (auto& w : video_) describe(w, false, "");
  for (std::size_t i = 0; i < audio_.size(); ++i) describe(audio_[i], true, audio_tracks_[i].language);
  if (measured) summary_.renditions = all;
  return write_file_atomically(out_dir_ / "master.m3u8", render_master(all));
}

Result<Summary> Packager::finish() {
  for (auto* group : {&video_, &audio_})
    for (auto& w : *group) {
      if (auto r = w.finish(); !r) return r.error();
      if (auto r = mark_playlist_complete(out_dir_ / w.name() / "index.m3u8", w.media_duration()); !r) return r.error();
    }
  if (auto r = write_master(true); !r) return r.error();
  // The picture defines the meeting's length; AAC framing rounds audio up.
  for (auto& r : summary_.renditions)
    if (!r.audio_only || video_.empty()) summary_.duration = std::max(summary_.duration, r.duration);
  position_ = summary_.duration;
  if (auto r = report_progress(true); !r) return r.error();
  return summary_;
}

Result<Summary> Packager::run(const std::vector<fs::path>& parts) {
  if (parts.empty()) return make_error("bad_input", "no recording was given");
  std::vector<media::MediaInfo> infos;
  for (const auto& part : parts) {  // a bad last part fails now, not after hours
    auto info = media::probe(part);
    if (!info) return info.error();
    total_duration_ += info->duration;
    infos.push_back(std::move(*info));
  }
  if (auto r = open_renditions(infos.front()); !r) return r.error();
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (auto r = package_part(parts[i], infos[i]); !r) return r.error();
  return finish();
}

}  // namespace

Result<Summary> transcode(const std::vector<fs::path>& parts, const fs::path& out_dir,
                          const Options& options, const ProgressFn& on_progress) {
  media::configure_av_logging();
  std::error_code ec;
  const bool existed = fs::exists(out_dir, ec);
  if (existed && !fs::is_empty(out_dir, ec))
    return make_error("bad_output", fmt::format("{} is not empty", out_dir.string()));
  fs::create_directories(out_dir, ec);
  if (ec) return make_error("write_failed", fmt::format("cannot create {}: {}", out_dir.string(), ec.message()));

  Result<Summary> result = Packager(out_dir, options, on_progress).run(parts);
  if (!result) {
    // Nothing half-made stays behind to be mistaken for a rendition.
    for (const auto& entry : fs::directory_iterator(out_dir, ec)) fs::remove_all(entry.path(), ec);
    if (!existed) fs::remove(out_dir, ec);
  }
  return result;
}

}  // namespace gavel::transcode
