#pragma once
// The server side of one RTMP publisher (OBS, vMix, a hardware encoder,
// the ffmpeg program), as a state machine with no socket: bytes from the
// client go in with feed(), the bytes to answer come out of take_output(),
// and once the stream key is accepted the audio, video and metadata
// messages come out of take_media(). Whoever owns the socket (an Asio
// connection, a test) moves the bytes; this knows only the protocol:
// the plain handshake, chunk streams, the commands a publisher sends
// (connect, createStream, publish) and the replies it waits for.
//
// Several channels share one port: the key in `publish` (the last part of
// rtmp://HOST:PORT/live/KEY) says which, and `authorize` decides.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gavel/result.hpp"

namespace gavel::live {

// One RTMP message: an audio (8), video (9) or metadata (18) payload as
// FLV carries it, stamped in milliseconds.
struct RtmpMessage {
  std::uint8_t type = 0;
  std::uint32_t timestamp = 0;
  std::string payload;
};

class RtmpServerSession {
 public:
  static constexpr std::uint8_t kAudio = 8;
  static constexpr std::uint8_t kVideo = 9;
  static constexpr std::uint8_t kMetadata = 18;

  // True when `key` may publish (to application `app`, "live").
  using Authorize = std::function<bool(const std::string& app, const std::string& key)>;
  explicit RtmpServerSession(Authorize authorize);

  // Everything the client sent since the last call. An error means the
  // peer does not speak RTMP (or breaks it): close the connection.
  Result<void> feed(std::string_view bytes);
  // What to send back, in order; empty when nothing is due.
  std::string take_output();
  // Media received since the last call (only while publishing).
  std::vector<RtmpMessage> take_media();

  bool publishing() const { return publishing_; }
  // The publish was refused (a wrong key): send the output, then close.
  bool refused() const { return refused_; }
  // The publisher said it is done (deleteStream / FCUnpublish).
  bool unpublished() const { return unpublished_; }
  const std::string& key() const { return key_; }

 private:
  struct ChunkHeader {  // what the last chunk of one chunk stream id said
    std::uint32_t timestamp = 0;
    std::uint32_t delta = 0;
    std::uint32_t length = 0;
    std::uint8_t type = 0;
    std::uint32_t stream_id = 0;
    bool extended = false;  // its timestamp field overflowed into 4 more bytes
  };
  struct ChunkStream {
    ChunkHeader header;
    std::string payload;  // the message being put together
  };

  // One chunk from the front of the input: 0 when more bytes are needed,
  // otherwise how many bytes it took.
  Result<std::size_t> read_chunk(std::string_view in);
  Result<void> on_message(std::uint8_t type, std::uint32_t timestamp, std::uint32_t stream_id,
                          std::string payload);
  Result<void> on_command(std::string_view amf, std::uint32_t stream_id);
  void send(std::uint32_t chunk_stream, std::uint8_t type, std::uint32_t stream_id, std::string_view payload);
  void send_command(std::uint32_t stream_id, std::string_view payload);

  Authorize authorize_;
  enum class Stage { c0c1, c2, chunks } stage_ = Stage::c0c1;
  std::string in_;
  std::string out_;
  std::vector<RtmpMessage> media_;
  std::map<std::uint32_t, ChunkStream> streams_;
  std::size_t pending_ = 0;  // bytes of messages not yet whole, over all chunk streams
  std::uint32_t in_chunk_size_ = 128;
  std::uint32_t out_chunk_size_ = 128;
  std::uint64_t received_ = 0;          // bytes, for acknowledgements
  std::uint64_t acknowledged_ = 0;      // `received_` when the last one was sent
  std::uint32_t ack_window_ = 2500000;  // the client's Window Acknowledgement Size
  std::string app_;
  std::string key_;
  bool publishing_ = false;
  bool refused_ = false;
  bool unpublished_ = false;
};

// An FLV stream of RTMP messages, for libavformat's flv demuxer: the file
// header, then each message as a tag. Metadata loses the "@setDataFrame"
// RTMP puts in front of it.
std::string flv_header(bool audio, bool video);
std::string flv_tag(const RtmpMessage& message);

}  // namespace gavel::live
