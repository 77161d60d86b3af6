#pragma once
// One recording part opened for decoding: its chosen video and audio
// streams, with timestamps moved onto the joined meeting timeline.

#include "gavel/media/libav.hpp"
#include "gavel/media/probe.hpp"
#include "gavel/result.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

namespace gavel::transcode {

struct StreamDecoder {
  int stream_index = -1;
  media::CodecContext context;
  AVRational time_base{1, 1};
  int64_t shift = 0;  // added to every timestamp, in time_base units
  long long damaged_packets = 0;
};

class PartDecoder {
 public:
  // `offset` is where this part starts on the joined timeline, in seconds.
  static Result<PartDecoder> open(const std::filesystem::path& file, const media::MediaInfo& info,
                                  std::size_t audio_tracks, double offset);

  // Which decoded stream a frame came from.
  enum class Kind { video, audio };
  using FrameSink = std::function<Result<void>(Kind, std::size_t audio_index, AVFrame*)>;

  // Reads and decodes the whole part, handing each frame (timestamp already
  // moved) to `sink`; null frames are never passed. Stops early, with the
  // sink's error, when the sink fails. Damage is reported in `warnings`.
  Result<void> run(const FrameSink& sink, std::vector<std::string>& warnings);

  StreamDecoder* video() { return video_ ? &*video_ : nullptr; }
  std::vector<StreamDecoder>& audio() { return audio_; }
  // Latest end time (seconds, joined timeline) of any decoded frame.
  double end_time() const { return end_time_; }

 private:
  Result<void> decode(StreamDecoder& d, AVPacket* packet, Kind kind, std::size_t audio_index,
                      const FrameSink& sink);

  std::filesystem::path file_;
  media::InputFormat input_;
  std::optional<StreamDecoder> video_;
  std::vector<StreamDecoder> audio_;
  media::Frame frame_ = media::make_frame();
  double end_time_ = 0;
};

}  // namespace gavel::transcode
