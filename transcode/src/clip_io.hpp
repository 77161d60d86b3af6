#pragma once
// Where the MP4 muxer writes a clip. The muxer puts moov at the end, after
// the media data; a clip is wanted with moov first and sent while it is
// being cut. So the clip is muxed twice through this one AVIOContext:
//  - recording: header and trailer bytes are kept and media data only
//    counted, which gives the moov and the clip's exact size without
//    holding its data;
//  - forwarding: the same packets muxed again; now only the media data
//    is passed on, in order, to a sink.
// The caller marks the phases: head (avformat_write_header), body (the
// packets) and tail (av_write_trailer).

#include <cstdint>
#include <optional>
#include <string>

#include "gavel/media/libav.hpp"
#include "gavel/result.hpp"
#include "gavel/transcode/clip.hpp"

namespace gavel::transcode {

class ClipIo {
 public:
  enum class Phase { head, body, tail };

  // Recording when `sink` is empty, forwarding otherwise.
  explicit ClipIo(ByteSink sink = {});
  ClipIo(const ClipIo&) = delete;
  ClipIo& operator=(const ClipIo&) = delete;
  ~ClipIo();

  AVIOContext* context() { return io_; }
  // Flushes what the muxer has buffered, then starts `phase`.
  Result<void> begin(Phase phase);

  // The bytes before the media data: ftyp, wide/mdat header (with its size
  // once the trailer has been written).
  const std::string& head() const { return head_; }
  // Boxes written after the media data: the moov.
  const std::string& tail() const { return tail_; }
  std::uint64_t body_size() const { return body_end_ - body_start_; }
  // The sink's error when it refused bytes.
  const std::optional<Error>& sink_error() const { return sink_error_; }

 private:
  static int write_callback(void* opaque, std::uint8_t* buf, int size);
  static std::int64_t seek_callback(void* opaque, std::int64_t offset, int whence);
  int write(const std::uint8_t* buf, int size);
  static void store(std::string& into, std::uint64_t at, const std::uint8_t* buf, std::size_t size);

  ByteSink sink_;
  AVIOContext* io_ = nullptr;
  Phase phase_ = Phase::head;
  std::uint64_t pos_ = 0, end_ = 0;
  std::uint64_t body_start_ = 0, body_end_ = 0;
  std::string head_, tail_;
  std::optional<Error> sink_error_;
};

}  // namespace gavel::transcode
