#pragma once
// What the packager makes: the ladder and the HLS segmentation.

#include <string>
#include <vector>

namespace gavel::transcode {

struct VideoRung {
  int height = 0;         // picture height; width follows the display aspect
  int bitrate_kbps = 0;   // target average; peaks are capped at 1.5x
};

struct Options {
  // Bitrates fit for low-motion meeting video; rungs taller than the source
  // are left out, and a source shorter than every rung gets one at its size.
  std::vector<VideoRung> ladder{{1080, 3000}, {720, 1600}, {480, 800}, {360, 450}};
  int audio_bitrate_kbps = 128;
  double segment_seconds = 6.0;
  double keyframe_seconds = 2.0;  // divides segment_seconds, so every rung cuts alike
  double max_frame_rate = 30.0;   // meeting video gains nothing from 50/60 fps
  std::string x264_preset = "veryfast";
};

struct Progress {
  double position = 0;  // seconds of the meeting packaged so far
  double duration = 0;  // seconds in all parts, 0 if unknown
  double speed = 0;     // multiple of real time
  double eta = 0;       // seconds left at the current speed
};

struct RenditionSummary {
  std::string name;       // folder under the output dir, e.g. "720p", "audio"
  bool audio_only = false;
  std::string language;   // audio renditions: ISO 639 code, empty if unknown
  std::string codecs;     // RFC 6381 codec string
  int width = 0, height = 0;
  double frame_rate = 0;
  long long peak_bps = 0, average_bps = 0;
  double duration = 0;    // sum of the playlist's segment durations
  int segments = 0;
};

struct Summary {
  double duration = 0;
  std::vector<RenditionSummary> renditions;
  std::vector<std::string> warnings;  // what was lost from damaged input
};

}  // namespace gavel::transcode
