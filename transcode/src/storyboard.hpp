#pragma once
// The seek-bar preview: a thumbnail every `interval` seconds, packed into
// sprite sheets (sprite-0.jpg, sprite-1.jpg, ...), and storyboard.vtt,
// whose cues map each time range to its tile as `sprite-N.jpg#xywh=x,y,w,h`
// (the form video.js, Plyr and Vidstack thumbnail tracks read).

#include <filesystem>
#include <string>

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"

namespace gavel::transcode {

struct StoryboardLayout {
  double interval = 2.0;  // seconds per tile
  int tile_width = 160, tile_height = 90;
  int columns = 10, rows = 10;
};

class Storyboard {
 public:
  Storyboard(std::filesystem::path dir, StoryboardLayout layout);

  // `tile` is full-range yuv420p at the tile size, taken at `seconds` on the
  // joined timeline. Tile k stands for [k, k+1) * interval: a tile repeated
  // or early is skipped, a gap is filled with the next tile. Full sheets are
  // written as they fill, so memory stays at one sheet.
  Result<void> add(const AVFrame* tile, double seconds);

  // Writes the last sheet and storyboard.vtt with cues covering [0, duration).
  // Returns the VTT's file name, or "" when there was no picture at all.
  Result<std::string> finish(double duration);

  int tiles() const { return count_; }

 private:
  Result<void> place(const AVFrame* tile);
  Result<void> write_sheet(int used_rows);
  std::string cue_target(int index) const;

  std::filesystem::path dir_;
  StoryboardLayout layout_;
  media::Frame sheet_;
  media::Frame last_tile_;
  int count_ = 0;     // tiles placed in all sheets
  int in_sheet_ = 0;  // tiles placed in the current sheet
};

}  // namespace gavel::transcode
