#include "storyboard.hpp"

#include <fmt/format.h>

#include <cmath>

#include "jpeg.hpp"
#include "playlists.hpp"

namespace gavel::transcode {
namespace {

constexpr int kSpriteQscale = 5;  // thumbnails are seen small and briefly

std::string vtt_time(double seconds) {
  const long long ms = std::llround(seconds * 1000);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, ms % 1000);
}

void copy_tile(const AVFrame* tile, AVFrame* sheet, int x, int y) {
  for (int plane = 0; plane < 3; ++plane) {
    const int shift = plane == 0 ? 0 : 1;  // 4:2:0 chroma is half size both ways
    uint8_t* dst =
        sheet->data[plane] + static_cast<std::ptrdiff_t>(y >> shift) * sheet->linesize[plane] + (x >> shift);
    av_image_copy_plane(dst, sheet->linesize[plane], tile->data[plane], tile->linesize[plane],
                        tile->width >> shift, tile->height >> shift);
  }
}

}  // namespace

Storyboard::Storyboard(std::filesystem::path dir, StoryboardLayout layout)
    : dir_(std::move(dir)), layout_(layout) {}

Result<void> Storyboard::add(const AVFrame* tile, double seconds) {
  if (tile->width != layout_.tile_width || tile->height != layout_.tile_height ||
      tile->format != AV_PIX_FMT_YUV420P)
    return make_error(Errc::filter_failed, "storyboard tile of an unexpected size or format",
                      "미리보기 그림의 크기나 형식이 예상과 다릅니다");
  const long long index = std::llround(seconds / layout_.interval);
  if (index < count_) return {};
  while (count_ <= index)
    if (auto placed = place(tile); !placed) return placed;
  last_tile_.reset(av_frame_clone(tile));
  return {};
}

Result<void> Storyboard::place(const AVFrame* tile) {
  if (!sheet_) {
    // Black, so a part-filled last sheet shows nothing odd if ever viewed whole.
    sheet_ =
        make_picture(layout_.columns * layout_.tile_width, layout_.rows * layout_.tile_height, 0, 128, 128);
    if (!sheet_)
      return make_error(Errc::encoder_failed, "out of memory making a storyboard sheet",
                        "메모리가 부족해 미리보기 그림을 만들지 못했습니다");
  }
  const int column = in_sheet_ % layout_.columns, row = in_sheet_ / layout_.columns;
  copy_tile(tile, sheet_.get(), column * layout_.tile_width, row * layout_.tile_height);
  ++in_sheet_;
  ++count_;
  if (in_sheet_ == layout_.columns * layout_.rows) return write_sheet(layout_.rows);
  return {};
}

Result<void> Storyboard::write_sheet(int used_rows) {
  const int sheet_index = (count_ - 1) / (layout_.columns * layout_.rows);
  // The last sheet is cut to the rows it uses: a view of the same buffer.
  media::Frame view(av_frame_clone(sheet_.get()));
  if (!view)
    return make_error(Errc::encoder_failed, "out of memory writing a storyboard sheet",
                      "메모리가 부족해 미리보기 그림을 저장하지 못했습니다");
  view->height = used_rows * layout_.tile_height;
  auto written = write_jpeg(view.get(), dir_ / fmt::format("sprite-{}.jpg", sheet_index), kSpriteQscale);
  sheet_.reset();
  in_sheet_ = 0;
  return written;
}

std::string Storyboard::cue_target(int index) const {
  const int per_sheet = layout_.columns * layout_.rows;
  const int in_sheet = index % per_sheet;
  return fmt::format(
      "sprite-{}.jpg#xywh={},{},{},{}", index / per_sheet, in_sheet % layout_.columns * layout_.tile_width,
      in_sheet / layout_.columns * layout_.tile_height, layout_.tile_width, layout_.tile_height);
}

Result<std::string> Storyboard::finish(double duration) {
  if (count_ == 0 || duration <= 0) return std::string();
  // Cover the whole duration even if the last pictures never came (a part
  // whose video ends before its sound).
  const int needed = std::max(1, static_cast<int>(std::ceil(duration / layout_.interval - 1e-6)));
  while (count_ < needed)
    if (auto placed = place(last_tile_.get()); !placed) return placed.error();
  if (in_sheet_ > 0)
    if (auto w = write_sheet((in_sheet_ + layout_.columns - 1) / layout_.columns); !w) return w.error();

  std::string vtt = "WEBVTT\n";
  for (int i = 0; i < needed; ++i) {
    const double start = i * layout_.interval;
    const double end = i + 1 == needed ? duration : std::min(duration, (i + 1) * layout_.interval);
    vtt += fmt::format("\n{} --> {}\n{}\n", vtt_time(start), vtt_time(end), cue_target(i));
  }
  if (auto w = write_file_atomically(dir_ / "storyboard.vtt", vtt); !w) return w.error();
  return std::string("storyboard.vtt");
}

}  // namespace gavel::transcode
