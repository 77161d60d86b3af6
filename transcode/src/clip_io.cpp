#include "clip_io.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gavel::transcode {
namespace {
constexpr int kBufferSize = 256 * 1024;
}

ClipIo::ClipIo(ByteSink sink) : sink_(std::move(sink)) {
  auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferSize));
  if (!buffer) return;
  io_ = avio_alloc_context(buffer, kBufferSize, 1, this, nullptr, &ClipIo::write_callback,
                           &ClipIo::seek_callback);
  if (!io_) av_free(buffer);
}

ClipIo::~ClipIo() {
  if (!io_) return;
  av_freep(&io_->buffer);
  avio_context_free(&io_);
}

Result<void> ClipIo::begin(Phase phase) {
  if (!io_) return make_error(Errc::write_failed, "out of memory");
  avio_flush(io_);
  if (sink_error_) return *sink_error_;
  if (io_->error < 0) return make_error(Errc::write_failed, media::av_error_text(io_->error));
  if (phase == Phase::body) body_start_ = body_end_ = pos_;
  phase_ = phase;
  return {};
}

void ClipIo::store(std::string& into, std::uint64_t at, const std::uint8_t* buf, std::size_t size) {
  if (into.size() < at + size) into.resize(at + size);
  std::copy(buf, buf + size, into.begin() + static_cast<std::ptrdiff_t>(at));
}

int ClipIo::write(const std::uint8_t* buf, int size) {
  const auto n = static_cast<std::size_t>(size);
  switch (phase_) {
    case Phase::head:
      store(head_, pos_, buf, n);
      break;
    case Phase::body:
      if (pos_ != body_end_) return AVERROR(EINVAL);  // the muxer does not seek while writing packets
      if (sink_) {
        if (auto r = sink_(reinterpret_cast<const char*>(buf), n); !r) {
          sink_error_ = r.error();
          return AVERROR(EIO);
        }
      }
      body_end_ += n;
      break;
    case Phase::tail:
      // The trailer fills in the mdat size in the head, then appends moov.
      if (pos_ + n <= body_start_) {
        store(head_, pos_, buf, n);
      } else if (pos_ >= body_end_) {
        store(tail_, pos_ - body_end_, buf, n);
      } else {
        return AVERROR(EINVAL);
      }
      break;
  }
  pos_ += n;
  end_ = std::max(end_, pos_);
  return size;
}

int ClipIo::write_callback(void* opaque, std::uint8_t* buf, int size) {
  return static_cast<ClipIo*>(opaque)->write(buf, size);
}

std::int64_t ClipIo::seek_callback(void* opaque, std::int64_t offset, int whence) {
  auto* self = static_cast<ClipIo*>(opaque);
  whence &= ~AVSEEK_FORCE;
  std::int64_t to = offset;
  if (whence == AVSEEK_SIZE) return static_cast<std::int64_t>(self->end_);
  if (whence == SEEK_CUR) to += static_cast<std::int64_t>(self->pos_);
  if (whence == SEEK_END) to += static_cast<std::int64_t>(self->end_);
  if (to < 0) return AVERROR(EINVAL);
  self->pos_ = static_cast<std::uint64_t>(to);
  return to;
}

}  // namespace gavel::transcode
