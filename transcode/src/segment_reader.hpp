#pragma once
// Reading a rendition's files (init segment + media segments) as one MP4
// stream through a custom AVIOContext, and writing the result: shared by
// the podcast audio export and clips.

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"
#include "gavel/unique_fd.hpp"

namespace gavel::transcode {

namespace fs = std::filesystem;

// A playlist names files beside it; anything that could leave the folder
// is refused rather than followed.
inline bool is_plain_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.size() > 128) return false;
  return name.find('/') == std::string_view::npos && name.find('\\') == std::string_view::npos &&
         name.find("..") == std::string_view::npos;
}

// The listed files read as one file, which is what the MP4 demuxer is
// given. One file is open at a time: a long meeting has thousands of
// segments, more than a process may hold open.
class ConcatReader {
 public:
  ConcatReader() = default;
  ConcatReader(const ConcatReader&) = delete;
  ConcatReader& operator=(const ConcatReader&) = delete;
  ~ConcatReader() { close_current(); }

  Result<void> init(std::vector<fs::path> files) {
    files_ = std::move(files);
    starts_.assign(1, 0);
    for (const auto& f : files_) {
      std::error_code ec;
      const auto size = fs::file_size(f, ec);
      if (ec) return make_error(Errc::not_found, fmt::format("cannot read {}: {}", f.string(), ec.message()));
      starts_.push_back(starts_.back() + static_cast<std::int64_t>(size));
    }
    return {};
  }

  int read(std::uint8_t* buf, int size) {
    const std::int64_t total = starts_.back();
    if (pos_ >= total) return AVERROR_EOF;
    const auto file = static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), pos_) -
                                               starts_.begin() - 1);
    if (file != current_) {
      close_current();
      fd_.reset(::open(files_[file].c_str(), O_RDONLY | O_CLOEXEC));
      if (!fd_) return AVERROR(errno);
      current_ = file;
    }
    const auto want = static_cast<std::size_t>(std::min<std::int64_t>(size, starts_[file + 1] - pos_));
    ssize_t n;
    do n = ::pread(fd_.get(), buf, want, static_cast<off_t>(pos_ - starts_[file]));
    while (n < 0 && errno == EINTR);
    if (n < 0) return AVERROR(errno);
    if (n == 0) return AVERROR(EIO);  // the file shrank since it was measured
    pos_ += n;
    return static_cast<int>(n);
  }

  std::int64_t seek(std::int64_t offset, int whence) {
    const std::int64_t total = starts_.back();
    whence &= ~AVSEEK_FORCE;
    if (whence == AVSEEK_SIZE) return total;
    std::int64_t to = offset;
    if (whence == SEEK_CUR)
      to += pos_;
    else if (whence == SEEK_END)
      to += total;
    else if (whence != SEEK_SET)
      return AVERROR(EINVAL);
    if (to < 0) return AVERROR(EINVAL);
    pos_ = to;
    return pos_;
  }

  static int read_callback(void* opaque, std::uint8_t* buf, int size) {
    return static_cast<ConcatReader*>(opaque)->read(buf, size);
  }
  static std::int64_t seek_callback(void* opaque, std::int64_t offset, int whence) {
    return static_cast<ConcatReader*>(opaque)->seek(offset, whence);
  }

 private:
  void close_current() {
    fd_.reset();
    current_ = static_cast<std::size_t>(-1);
  }

  std::vector<fs::path> files_;
  std::vector<std::int64_t> starts_;  // offset of each file in the whole; back() is the total size
  std::int64_t pos_ = 0;
  std::size_t current_ = static_cast<std::size_t>(-1);
  unique_fd fd_;  // the file `current_` names
};

struct AvioFreer {
  void operator()(AVIOContext* io) const {
    av_freep(&io->buffer);  // libav may have replaced the buffer it was given
    avio_context_free(&io);
  }
};
using CustomIo = std::unique_ptr<AVIOContext, AvioFreer>;

// Closes the output file before OutputFormat frees the context.
struct OutputFileCloser {
  AVFormatContext* ctx;
  ~OutputFileCloser() {
    if (ctx && ctx->pb) avio_closep(&ctx->pb);
  }
};

inline Error av_failure(const char* what, const fs::path& file, int err) {
  if (err == AVERROR(ENOSPC))
    return make_error(Errc::disk_full, fmt::format("disk full while writing {}", file.string()));
  return make_error(Errc::write_failed,
                    fmt::format("{} {}: {}", what, file.string(), media::av_error_text(err)));
}

// Opens `reader`'s files as one MP4 input, its streams probed. `io` must
// outlive `in` (declare it first); `source_dir` names them in errors.
inline Result<void> open_concat_mp4(ConcatReader& reader, const fs::path& source_dir, CustomIo& io,
                                    media::InputFormat& in) {
  constexpr int kBufferSize = 64 * 1024;
  auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferSize));
  if (!buffer) return av_failure("cannot read", source_dir, AVERROR(ENOMEM));
  io.reset(avio_alloc_context(buffer, kBufferSize, 0, &reader, &ConcatReader::read_callback, nullptr,
                              &ConcatReader::seek_callback));
  if (!io) {
    av_free(buffer);
    return av_failure("cannot read", source_dir, AVERROR(ENOMEM));
  }
  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) return av_failure("cannot read", source_dir, AVERROR(ENOMEM));
  raw->pb = io.get();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  // On failure avformat_open_input frees the context (but not our pb).
  if (int err = avformat_open_input(&raw, nullptr, av_find_input_format("mp4"), nullptr); err < 0)
    return make_error(Errc::bad_input, fmt::format("{} is not readable MP4: {}", source_dir.string(),
                                                   media::av_error_text(err)));
  in.reset(raw);
  if (int err = avformat_find_stream_info(in.get(), nullptr); err < 0)
    return make_error(Errc::bad_input, fmt::format("{}: {}", source_dir.string(), media::av_error_text(err)));
  return {};
}

}  // namespace gavel::transcode
