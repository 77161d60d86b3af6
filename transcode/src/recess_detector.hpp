#pragma once
// Suggested recesses, measured on the frames the packager decodes anyway:
// long silence (each audio frame's RMS level below a floor, the way
// ffmpeg's silencedetect judges it) and a still picture (black, or no
// change between frames on a coarse luma grid). A clerk confirms them.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "gavel/media/libav.hpp"
#include "gavel/transcode/options.hpp"

namespace gavel::transcode {

class RecessDetector {
 public:
  // No `min_seconds`: it scales with the meeting (see Options).
  RecessDetector(std::optional<double> min_seconds, double silence_db)
      : min_seconds_(min_seconds), silence_db_(silence_db) {}

  // The time bases of the part's frames about to be offered (pts on the
  // joined timeline); {0, 0} where the part has no such stream.
  void begin_part(AVRational video, AVRational audio);
  void audio(const AVFrame* frame);
  void video(const AVFrame* frame);
  // Closes any run still open at `end` (seconds) and returns the suggestions, by start.
  std::vector<SuggestedRecess> finish(double end);

 private:
  // Runs are kept from this length; the minimum is applied at the end,
  // when the meeting's length is known.
  static constexpr double kShortestRun = 4.0;
  static constexpr double kStillAloneFactor = 3.0;
  struct Run {
    std::optional<double> since;  // start of the current quiet/still stretch
    std::vector<SuggestedRecess> found;
    void step(bool quiet, double at, double shortest, const char* kind);
  };
  static constexpr int kGrid = 24;  // luma samples per side

  double shortest() const { return min_seconds_ ? std::min(*min_seconds_, kShortestRun) : kShortestRun; }
  std::optional<double> min_seconds_;
  double silence_db_;
  AVRational video_tb_{0, 1}, audio_tb_{0, 1};
  Run silence_, still_;
  std::vector<int> previous_;  // the last picture's luma grid
};

// The suggestions as the packaged tree's suggestions.json:
// {"suggested_recesses":[{"start":S,"end":E,"kind":"silence"}]}.
std::string render_suggestions(const std::vector<SuggestedRecess>& suggestions);

// Silence with a still picture during it becomes "silence+still", with the
// silence's edges; stillness without silence is kept ("still") only when
// it lasts at least `still_alone_min`. By start.
std::vector<SuggestedRecess> merge_suggestions(std::vector<SuggestedRecess> silence,
                                               const std::vector<SuggestedRecess>& still,
                                               double still_alone_min);

}  // namespace gavel::transcode
