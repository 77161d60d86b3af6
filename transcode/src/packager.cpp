#include "packager.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "copy_policy.hpp"
#include "ladder.hpp"
#include "playlists.hpp"

namespace gavel::transcode {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxAudioTracks = 8;
constexpr double kPosterAt = 0.10;  // of the meeting: past the opening formalities
constexpr int kPlainPosterWidth = 1280, kPlainPosterHeight = 720;

std::string audio_rendition_name(const media::AudioTrack& track, std::size_t index) {
  if (index == 0) return "audio";
  return track.language.empty() ? fmt::format("audio{}", index + 1) : "audio-" + track.language;
}

template <class F>
decltype(auto) with_output(std::variant<RenditionWriter, StreamCopy>& output, F&& f) {
  return std::visit(std::forward<F>(f), output);
}

}  // namespace

Result<Summary> Packager::run(const std::vector<fs::path>& parts) {
  if (options_.suggest_recesses) recess_.emplace(options_.recess_min_seconds, options_.recess_silence_db);
  if (parts.empty())
    return make_error(Errc::bad_input, "no recording was given", "녹화 파일이 주어지지 않았습니다");
  std::vector<media::MediaInfo> infos;
  for (const auto& part : parts) {  // a bad last part fails now, not after hours
    auto info = media::probe(part);
    if (!info) return info.error();
    total_duration_ += info->duration;
    infos.push_back(std::move(*info));
  }
  const std::size_t audio_count = std::min(infos.front().audio.size(), kMaxAudioTracks);
  copy_ = plan_copy(infos, audio_count, options_);
  // Silence is heard on the first track, copied or not.
  copy_.decode_first_audio = recess_.has_value();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto part = PartDecoder::open(parts[i], infos[i], audio_count, offset_, copy_);
    if (!part) return part.error();
    if (i == 0)
      if (auto r = open_renditions(infos[0], *part); !r) return r.error();
    if (auto r = package_part(*part, infos[i]); !r) return r.error();
  }
  return finish();
}

Result<void> Packager::open_renditions(const media::MediaInfo& first, const PartDecoder& part) {
  if (first.video)
    if (auto r = open_video(*first.video, part); !r) return r;
  for (std::size_t i = 0; i < copy_.audio.size(); ++i) {
    const auto& track = first.audio[i];
    const std::string name = audio_rendition_name(track, i);
    if (copy_.audio_copied(i)) {
      auto c = StreamCopy::open(out_dir_, name, part.stream(track.stream_index), AVRational{0, 1},
                                options_.segment_seconds);
      if (!c) return c.error();
      audio_.emplace_back(std::in_place_type<StreamCopy>, std::move(*c));
    } else {
      auto w = RenditionWriter::audio(out_dir_, name, options_.audio_bitrate_kbps, options_.segment_seconds);
      if (!w) return w.error();
      audio_.emplace_back(std::in_place_type<RenditionWriter>, std::move(*w));
    }
    audio_tracks_.push_back(track);
  }
  align_start(video_copy_ ? part.video_reorder_delay() : 0);
  return write_master(false);
}

Result<void> Packager::open_video(const media::VideoTrack& video, const PartDecoder& part) {
  frame_rate_ = output_frame_rate(video.frame_rate, options_.max_frame_rate);
  auto ladder = plan_ladder(video, options_);
  KeyframePlacement keyframes{options_.keyframe_seconds, nullptr};
  if (copy_.video) {
    // The copy is the top rung, at the source's own size; only smaller
    // rungs are encoded.
    auto c = StreamCopy::open(out_dir_, fmt::format("{}p", video.height), part.stream(video.stream_index),
                              frame_rate_, options_.segment_seconds);
    if (!c) return c.error();
    video_copy_.emplace(std::move(*c));
    keyframes.follow = &video_copy_->keyframes();
    std::erase_if(ladder, [&](const PlannedRung& r) { return r.geometry.height >= video.height; });
    fit_under(ladder, video.bit_rate / 1000);
  }
  for (auto& rung : ladder) {
    auto w = RenditionWriter::video(out_dir_, rung.name, rung.geometry, rung.bitrate_kbps,
                                    options_.x264_preset, keyframes, options_.segment_seconds);
    if (!w) return w.error();
    video_.push_back(std::move(*w));
  }
  if (options_.pictures) {
    pictures_ = plan_pictures(video, total_duration_, options_);
    poster_.emplace(total_duration_ * kPosterAt);
    storyboard_.emplace(out_dir_, storyboard_layout(*pictures_, options_));
  }
  return {};
}

void Packager::align_start(double video_reorder_delay) {
  // Every rendition is delayed by the largest reorder delay among the
  // videos: then no first DTS is negative (the muxer would shift that
  // rendition alone) and all renditions, sound included, start together.
  double delay = video_reorder_delay;
  for (auto& w : video_) delay = std::max(delay, w.reorder_delay());
  if (video_copy_) video_copy_->delay_packets(delay);
  for (auto& w : video_) w.delay_packets(delay);
  for (auto& a : audio_) with_output(a, [&](auto& o) { o.delay_packets(delay); });
}

Result<void> Packager::package_part(PartDecoder& part, const media::MediaInfo& info) {
  video_chain_.reset();
  audio_chains_.clear();
  if (part.video() && (!video_.empty() || pictures_)) {
    std::vector<VideoGeometry> rungs;
    for (auto& w : video_)
      rungs.push_back({w.codec()->width, w.codec()->height, w.codec()->framerate, w.codec()->time_base});
    // A copy is progressive by definition; otherwise bwdif only touches
    // pictures flagged interlaced.
    const FilterChain::VideoInput in{part.video()->context.get(), part.video()->time_base,
                                     /*deinterlace=*/!copy_.video, info.video->rotation, frame_rate_};
    auto chain = FilterChain::video(in, rungs, pictures_, offset_);
    if (!chain) return chain.error();
    video_chain_ = std::move(*chain);
  }
  for (std::size_t i = 0; i < part.audio().size(); ++i) {
    auto& d = part.audio()[i];
    auto* encoder = std::get_if<RenditionWriter>(&audio_[i]);
    if (!encoder || !d.context) {
      audio_chains_.emplace_back();
      continue;
    }
    auto chain = AudioChain::open(d.context.get(), d.time_base, encoder->frame_size(), options_.loudness_lufs,
                                  offset_);
    if (!chain) return chain.error();
    audio_chains_.push_back(std::move(*chain));
  }

  if (recess_)
    recess_->begin_part(
        part.video() && part.video()->context ? part.video()->time_base : AVRational{0, 1},
        !part.audio().empty() && part.audio()[0].context ? part.audio()[0].time_base : AVRational{0, 1});
  using Kind = PartDecoder::Kind;
  auto ran =
      part.run([this](Kind k, std::size_t i, AVFrame* f) { return on_frame(k, i, f); },
               [this](Kind k, std::size_t i, AVPacket* p, AVRational tb) { return on_packet(k, i, p, tb); },
               summary_.warnings);
  if (!ran) return ran;
  // End of part: flush what the filters hold back (fps, bwdif, resampler,
  // the leveller's look-ahead).
  if (video_chain_) {
    if (auto r = video_chain_->push(nullptr); !r) return r;
    if (auto r = drain_video(); !r) return r;
  }
  for (std::size_t i = 0; i < audio_chains_.size(); ++i) {
    if (!audio_chains_[i]) continue;
    if (auto r = audio_chains_[i]->push(nullptr); !r) return r;
    if (auto r = drain_audio(i); !r) return r;
  }
  offset_ = std::max(offset_, part.end_time());
  return {};
}

Result<void> Packager::on_frame(PartDecoder::Kind kind, std::size_t audio_index, AVFrame* frame) {
  if (recess_ && kind == PartDecoder::Kind::video) recess_->video(frame);
  if (recess_ && kind == PartDecoder::Kind::audio && audio_index == 0) recess_->audio(frame);
  if (kind == PartDecoder::Kind::video) {
    if (!video_chain_) return {};
    if (auto r = video_chain_->push(frame); !r) return r;
    if (auto r = drain_video(); !r) return r;
  } else {
    auto& chain = audio_chains_[audio_index];
    if (!chain) return {};
    if (auto r = chain->push(frame); !r) return r;
    if (auto r = drain_audio(audio_index); !r) return r;
  }
  return report_progress(false);
}

Result<void> Packager::on_packet(PartDecoder::Kind kind, std::size_t audio_index, AVPacket* packet,
                                 AVRational time_base) {
  const double t = packet->pts == AV_NOPTS_VALUE ? 0 : packet->pts * av_q2d(time_base);
  Result<void> written{};
  if (kind == PartDecoder::Kind::video) {
    if (!video_copy_) return {};
    written = video_copy_->write(packet, time_base);
    // Encoded rungs trail the copy by the decoder's and x264's delay;
    // progress follows the slowest.
    if (video_.empty()) advance(t);
  } else {
    written = std::get<StreamCopy>(audio_[audio_index]).write(packet, time_base);
    if (!has_video()) advance(t);
  }
  if (!written) return written;
  return report_progress(false);
}

Result<void> Packager::drain_video() {
  FilterChain& chain = *video_chain_;
  for (std::size_t i = 0; i < video_.size(); ++i) {
    while (chain.pull(i, filtered_.get())) {
      advance(static_cast<double>(filtered_->pts) * av_q2d(video_[i].codec()->time_base));
      auto r = video_[i].encode(filtered_.get());
      av_frame_unref(filtered_.get());
      if (!r) return r;
    }
  }
  if (!pictures_) return {};
  // Pictures must be pulled even once the poster is chosen, or the graph
  // would queue every one of them.
  const std::size_t poster = video_.size(), tile = poster + 1;
  while (chain.pull(poster, filtered_.get())) {
    poster_->offer(filtered_.get(), filtered_->pts * av_q2d(chain.output_time_base(poster)));
    av_frame_unref(filtered_.get());
  }
  while (chain.pull(tile, filtered_.get())) {
    auto r = storyboard_->add(filtered_.get(), filtered_->pts * av_q2d(chain.output_time_base(tile)));
    av_frame_unref(filtered_.get());
    if (!r) return r;
  }
  return {};
}

Result<void> Packager::drain_audio(std::size_t index) {
  auto& encoder = std::get<RenditionWriter>(audio_[index]);
  while (audio_chains_[index]->pull(filtered_.get())) {
    if (!has_video()) advance(static_cast<double>(filtered_->pts) * av_q2d(encoder.codec()->time_base));
    auto r = encoder.encode(filtered_.get());
    av_frame_unref(filtered_.get());
    if (!r) return r;
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
  if (!on_progress_(p))
    return make_error(Errc::cancelled, "the transcode was cancelled", "변환이 취소되었습니다");
  return {};
}

Result<void> Packager::write_master(bool measured) {
  std::vector<RenditionSummary> all;
  auto add = [&](RenditionSummary r, const std::string& language) {
    r.language = language;
    if (measured) measure_rendition(out_dir_ / r.name, r);
    all.push_back(std::move(r));
  };
  if (video_copy_) add(video_copy_->describe(), "");
  for (auto& w : video_) add(w.describe(), "");
  for (std::size_t i = 0; i < audio_.size(); ++i)
    add(with_output(audio_[i], [](auto& o) { return o.describe(); }), audio_tracks_[i].language);
  if (measured) summary_.renditions = all;
  return write_file_atomically(out_dir_ / "master.m3u8", render_master(all));
}

Result<void> Packager::write_pictures() {
  if (storyboard_) {
    auto vtt = storyboard_->finish(summary_.duration);
    if (!vtt) return vtt.error();
    summary_.storyboard = *vtt;
  }
  if (!options_.pictures) return {};
  const fs::path file = out_dir_ / "poster.jpg";
  auto written = poster_ && poster_->has_picture()
                     ? poster_->write(file)
                     : write_plain_poster(file, kPlainPosterWidth, kPlainPosterHeight);
  if (!written) return written;
  summary_.poster = "poster.jpg";
  return {};
}

Result<Summary> Packager::finish() {
  auto complete = [&](auto& output) -> Result<void> {
    if (auto r = output.finish(); !r) return r;
    return mark_playlist_complete(out_dir_ / output.name() / "index.m3u8", output.media_duration());
  };
  if (video_copy_)
    if (auto r = complete(*video_copy_); !r) return r.error();
  for (auto& w : video_)
    if (auto r = complete(w); !r) return r.error();
  for (auto& a : audio_)
    if (auto r = with_output(a, complete); !r) return r.error();
  if (auto r = write_master(true); !r) return r.error();
  // The picture defines the meeting's length; AAC framing rounds audio up.
  for (auto& r : summary_.renditions)
    if (!r.audio_only || !has_video()) summary_.duration = std::max(summary_.duration, r.duration);
  if (auto r = write_pictures(); !r) return r.error();
  if (recess_) {
    summary_.suggested_recesses = recess_->finish(summary_.duration);
    // Beside the media it describes: redone with every packaging, gone with the tree.
    auto written =
        write_file_atomically(out_dir_ / "suggestions.json", render_suggestions(summary_.suggested_recesses));
    if (!written) return written.error();
  }
  // The last report says done: what was written is the measure now.
  position_ = total_duration_ = summary_.duration;
  if (auto r = report_progress(true); !r) return r.error();
  return summary_;
}

}  // namespace gavel::transcode
