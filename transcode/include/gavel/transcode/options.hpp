#pragma once
// What the packager makes: the ladder and the HLS segmentation.

#include <optional>
#include <string>
#include <vector>

#include "gavel/text.hpp"

namespace gavel::transcode {

struct VideoRung {
  int height = 0;        // picture height; width follows the display aspect
  int bitrate_kbps = 0;  // target average; peaks are capped at 1.5x
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

  // A source already fit for browsers (H.264 up to High@4.1, 8-bit 4:2:0,
  // progressive, upright, square pixels, constant rate, at most
  // copy_max_kbps, keyframes at most a segment apart) becomes the top
  // rendition as it is: no generation loss
  // and the costliest encode saved. The encoded rungs then put their
  // keyframes where the copy has them, so segments still cut alike.
  bool copy_browser_ready_video = true;
  int copy_max_kbps = 8000;  // above this the top rung would stall most viewers
  // AAC-LC stereo at 48 or 44.1 kHz is remuxed rather than re-encoded
  // (and so keeps its own loudness).
  bool copy_browser_ready_audio = true;

  // EBU R128 integrated loudness for encoded audio, in LUFS; 0 leaves the
  // level alone. Council microphones vary widely from room to room.
  double loudness_lufs = -16.0;

  // poster.jpg and the seek-bar storyboard (storyboard.vtt + sprite-N.jpg).
  bool pictures = true;
  int poster_max_width = 1280;
  int tile_width = 160;  // storyboard thumbnails; height follows the picture
  int tile_columns = 10, tile_rows = 10;
  double storyboard_interval = 0;  // seconds per thumbnail; 0 picks from the duration

  // Suggested recesses: silence below recess_silence_db (RMS per audio
  // frame, first audio track) or a black/frozen picture lasting at least
  // recess_min_seconds. Unset, the minimum scales with the meeting: a
  // fortieth of its length, between 4 s and a minute (a pause between
  // speakers is shorter; a recess in a three-hour sitting is longer).
  bool suggest_recesses = true;
  std::optional<double> recess_min_seconds;
  double recess_silence_db = -50.0;
};

// Reported as work starts, then about once a second, then once at the
// end with position == duration and eta 0.
struct Progress {
  double position = 0;  // seconds of the meeting packaged so far
  double duration = 0;  // seconds in all parts, 0 if unknown
  double speed = 0;     // multiple of real time; 0 while not yet measurable
  double eta = 0;       // seconds left at the current speed; 0 also while speed is 0
};

struct RenditionSummary {
  std::string name;  // folder under the output dir, e.g. "720p", "audio"
  bool audio_only = false;
  std::string language;  // audio renditions: ISO 639 code, empty if unknown
  std::string codecs;    // RFC 6381 codec string
  int width = 0, height = 0;
  double frame_rate = 0;
  long long peak_bps = 0, average_bps = 0;
  double duration = 0;  // sum of the playlist's segment durations
  int segments = 0;
  bool copied = false;  // remuxed from the source, not re-encoded
};

// kind: "silence", "still" (black or frozen picture) or "silence+still".
struct SuggestedRecess {
  double start = 0, end = 0;
  std::string kind;
};

struct Summary {
  double duration = 0;
  std::vector<RenditionSummary> renditions;
  std::vector<Text> warnings;  // what was lost from damaged input, for the clerk
  std::string poster;          // file name under the output dir, empty if none
  std::string storyboard;      // "storyboard.vtt", empty if none
  std::vector<SuggestedRecess> suggested_recesses;
};

}  // namespace gavel::transcode
