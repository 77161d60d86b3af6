#pragma once
// One packaging run: probe every part, plan the ladder and what can be
// copied, then read each part once and feed every rendition (and the
// poster and storyboard) from that one decode.

#include <chrono>
#include <filesystem>
#include <optional>
#include <variant>
#include <vector>

#include "audio_chain.hpp"
#include "filter_chain.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "part_decoder.hpp"
#include "poster.hpp"
#include "recess_detector.hpp"
#include "rendition_writer.hpp"
#include "storyboard.hpp"
#include "stream_copy.hpp"

namespace gavel::transcode {

class Packager {
 public:
  // REQUIRES: `out_dir` exists and is empty; `options` and `on_progress`
  // outlive the Packager.
  Packager(std::filesystem::path out_dir, const Options& options, const ProgressFn& on_progress)
      : out_dir_(std::move(out_dir)), options_(options), on_progress_(on_progress) {}

  Result<Summary> run(const std::vector<std::filesystem::path>& parts);

 private:
  using Clock = std::chrono::steady_clock;
  // An audio rendition is re-encoded or copied, track by track.
  using AudioOutput = std::variant<RenditionWriter, StreamCopy>;

  Result<void> open_renditions(const media::MediaInfo& first, const PartDecoder& part);
  Result<void> open_video(const media::VideoTrack& video, const PartDecoder& part);
  void align_start(double video_reorder_delay);
  Result<void> package_part(PartDecoder& part, const media::MediaInfo& info);
  Result<void> on_frame(PartDecoder::Kind kind, std::size_t audio_index, AVFrame* frame);
  Result<void> on_packet(PartDecoder::Kind kind, std::size_t audio_index, AVPacket* packet,
                         AVRational time_base);
  Result<void> drain_video();
  Result<void> drain_audio(std::size_t index);
  void advance(double seconds) { position_ = std::max(position_, seconds); }
  bool has_video() const { return video_copy_ || !video_.empty(); }
  Result<void> report_progress(bool force);
  Result<void> write_master(bool measured);
  Result<void> write_pictures();
  Result<Summary> finish();

  // Constant after construction.
  const std::filesystem::path out_dir_;
  const Options& options_;
  const ProgressFn& on_progress_;

  // Planned from the probes, before the first part is read.
  CopyPlan copy_;
  AVRational frame_rate_{30, 1};  // of every encoded rung
  std::optional<PictureBranch> pictures_;
  std::vector<media::AudioTrack> audio_tracks_;  // of the first part, naming the renditions

  std::optional<StreamCopy> video_copy_;  // the top rung, when the source is browser-ready
  std::vector<RenditionWriter> video_;    // encoded rungs, tallest first
  std::vector<AudioOutput> audio_;
  std::optional<PosterPicker> poster_;
  std::optional<Storyboard> storyboard_;
  std::optional<RecessDetector> recess_;  // when options_.suggest_recesses

  // Per part.
  std::optional<FilterChain> video_chain_;
  std::vector<std::optional<AudioChain>> audio_chains_;  // empty where copied
  media::Frame filtered_ = media::make_frame();

  double total_duration_ = 0;
  double offset_ = 0;    // where the current part starts on the timeline
  double position_ = 0;  // latest packaged instant
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_report_{};
  Summary summary_;
};

}  // namespace gavel::transcode
