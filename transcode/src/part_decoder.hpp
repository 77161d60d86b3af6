#pragma once
// One recording part opened for decoding: its chosen video and audio
// streams, with timestamps moved onto the joined meeting timeline. Streams
// that are copied hand over their packets; copied audio is decoded only
// where the copy plan asks (CopyPlan::decode_first_audio).

#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "gavel/media/libav.hpp"
#include "gavel/media/probe.hpp"
#include "gavel/result.hpp"

namespace gavel::transcode {

struct StreamDecoder {
  int stream_index = -1;
  media::CodecContext context;  // null for a stream that is only copied
  AVRational time_base{1, 1};
  int64_t shift = 0;  // added to every timestamp, in time_base units
  bool copy = false;  // packets also go to the packet sink
  long long damaged_packets = 0;
};

// Which of a part's streams are remuxed rather than re-encoded.
struct CopyPlan {
  bool video = false;
  std::vector<bool> audio;  // per audio rendition
  // Decode the first audio track even when it is copied: the recess
  // detector listens to it (the frames go nowhere else).
  bool decode_first_audio = false;
  bool audio_copied(std::size_t i) const { return i < audio.size() && audio[i]; }
};

class PartDecoder {
 public:
  // `offset` is where this part starts on the joined timeline, in seconds.
  // With a video copy the timeline starts at the first picture (so the
  // copy starts at 0 like everything else); otherwise at the earliest
  // stream.
  static Result<PartDecoder> open(const std::filesystem::path& file, const media::MediaInfo& info,
                                  std::size_t audio_tracks, double offset, const CopyPlan& copy);

  // Which stream a frame or packet came from.
  enum class Kind { video, audio };
  using FrameSink = std::function<Result<void>(Kind, std::size_t audio_index, AVFrame*)>;
  // Gets each packet of a copied stream, timestamps already moved, in the
  // stream's time base, before it is decoded. It may change the packet.
  using PacketSink =
      std::function<Result<void>(Kind, std::size_t audio_index, AVPacket*, AVRational time_base)>;

  // Reads and decodes the whole part, handing each frame (timestamp already
  // moved) to `sink`; null frames are never passed. Stops early, with the
  // sink's error, when the sink fails. Damage is reported in `warnings`.
  Result<void> run(const FrameSink& frames, const PacketSink& packets, std::vector<Text>& warnings);

  StreamDecoder* video() { return video_ ? &*video_ : nullptr; }
  std::vector<StreamDecoder>& audio() { return audio_; }
  const AVStream* stream(int index) const { return input_->streams[index]; }
  // Seconds by which the video's first packet decodes before it is shown
  // (B-frame reordering); a copy's DTS starts this far below 0.
  double video_reorder_delay() const { return video_reorder_delay_; }
  // Latest end time (seconds, joined timeline) of any decoded frame or
  // copied packet.
  double end_time() const { return end_time_; }

 private:
  void peek_video_delay();
  int next_packet(AVPacket* packet);
  Result<void> copy(StreamDecoder& d, AVPacket* packet, Kind kind, std::size_t audio_index,
                    const PacketSink& sink);
  Result<void> decode(StreamDecoder& d, AVPacket* packet, Kind kind, std::size_t audio_index,
                      const FrameSink& sink);
  void note_end(int64_t pts, int64_t length, AVRational time_base);

  std::filesystem::path file_;
  media::InputFormat input_;
  std::optional<StreamDecoder> video_;
  std::vector<StreamDecoder> audio_;
  media::Frame frame_ = media::make_frame();
  media::Packet copied_ = media::make_packet();
  std::deque<media::Packet> read_ahead_;  // read while peeking, handed out first
  int read_ahead_error_ = 0;              // what reading ended with while peeking
  double video_reorder_delay_ = 0;
  double end_time_ = 0;
};

}  // namespace gavel::transcode
