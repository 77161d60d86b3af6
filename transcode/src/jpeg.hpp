#pragma once
// JPEG stills (poster, storyboard sprites) with libavcodec's mjpeg encoder.

#include <filesystem>

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"

namespace gavel::transcode {

// A full-range 4:2:0 picture filled with one colour (Y, Cb, Cr, 0..255).
media::Frame make_picture(int width, int height, uint8_t y, uint8_t cb, uint8_t cr);

// Encodes `picture` (full-range yuv420p) at quantiser `qscale` (2 best ..
// 31 worst) and writes it atomically to `file`.
Result<void> write_jpeg(const AVFrame* picture, const std::filesystem::path& file, int qscale);

}  // namespace gavel::transcode
