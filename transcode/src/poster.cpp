#include "poster.hpp"

#include "jpeg.hpp"

namespace gavel::transcode {
namespace {

constexpr int kPosterQscale = 3;

media::Frame reference(const AVFrame* picture) { return media::Frame(av_frame_clone(picture)); }

}  // namespace

bool is_black(const AVFrame* picture) {
  // Sampled every 4th pixel of every 4th row: plenty to tell black apart.
  long long lit = 0, seen = 0;
  for (int y = 0; y < picture->height; y += 4) {
    const uint8_t* row = picture->data[0] + static_cast<std::ptrdiff_t>(y) * picture->linesize[0];
    for (int x = 0; x < picture->width; x += 4, ++seen)
      if (row[x] > 32) ++lit;
  }
  return seen == 0 || lit * 50 < seen;  // under 2% of the picture above deep shadow
}

void PosterPicker::offer(const AVFrame* picture, double seconds) {
  if (chosen_) return;
  const bool black = is_black(picture);
  if (seconds + 1e-3 >= target_ && !black) {
    chosen_ = reference(picture);
    return;
  }
  // Before the target the latest non-black picture is the best fallback;
  // after it a black one only fills an empty place.
  const bool better = !fallback_ || (!black && (seconds < target_ || fallback_is_black_));
  if (better) {
    fallback_ = reference(picture);
    fallback_is_black_ = black;
  }
}

Result<void> PosterPicker::write(const std::filesystem::path& file) const {
  return write_jpeg(chosen_ ? chosen_.get() : fallback_.get(), file, kPosterQscale);
}

Result<void> write_plain_poster(const std::filesystem::path& file, int width, int height) {
  // A deep slate blue: reads as "audio" beside the chamber's video posters.
  media::Frame slate = make_picture(width, height, 52, 150, 118);
  if (!slate)
    return make_error(Errc::encoder_failed, "out of memory making the poster",
                      "메모리가 부족해 대표 사진을 만들지 못했습니다");
  return write_jpeg(slate.get(), file, kPosterQscale);
}

}  // namespace gavel::transcode
