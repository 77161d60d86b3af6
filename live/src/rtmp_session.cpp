#include "gavel/live/rtmp_session.hpp"

#include <algorithm>
#include <cstring>

#include "big_endian.hpp"
#include "gavel/live/amf0.hpp"

namespace gavel::live {
namespace {

constexpr std::size_t kHandshakeSize = 1536;
constexpr std::uint8_t kRtmpVersion = 3;
constexpr std::uint32_t kMaxChunkSize = 1 << 24;
// Before a key is accepted only commands come, and they are small: a
// stranger cannot make the server hold more than this.
constexpr std::uint32_t kMaxMessageBeforePublish = 64 * 1024;
// Media messages may be as large as RTMP allows (24 bits, 16 MB: a 4K
// intra picture fits), but all half-received messages together stay under
// this, over at most kMaxChunkStreams chunk streams.
constexpr std::size_t kMaxPending = 32 << 20;
constexpr std::size_t kMaxChunkStreams = 64;
constexpr std::uint32_t kOurChunkSize = 4096;
constexpr std::uint32_t kOurWindow = 2500000;
constexpr std::uint32_t kStreamId = 1;  // the one message stream a publisher gets

// Protocol control and command message types (RTMP 1.0, 5.4 and 7.1).
enum : std::uint8_t {
  kSetChunkSize = 1,
  kAcknowledgement = 3,
  kWindowAckSize = 5,
  kSetPeerBandwidth = 6,
  kDataAmf0 = 18,
  kCommandAmf3 = 17,
  kCommandAmf0 = 20,
};

std::uint32_t be(std::string_view s, std::size_t at, int size) {
  return static_cast<std::uint32_t>(read_be(s, at, size));
}

std::string be32(std::uint32_t v) {
  std::string s;
  append_be(v, 4, s);
  return s;
}

Error not_rtmp(const char* why) { return make_error(Errc::bad_input, std::string("not RTMP: ") + why); }

amf0::Object status(const char* level, const char* code, const std::string& description) {
  return amf0::Object{{"level", level}, {"code", code}, {"description", description}};
}

}  // namespace

RtmpServerSession::RtmpServerSession(Authorize authorize) : authorize_(std::move(authorize)) {}

std::string RtmpServerSession::take_output() { return std::exchange(out_, {}); }

std::vector<RtmpMessage> RtmpServerSession::take_media() { return std::exchange(media_, {}); }

Result<void> RtmpServerSession::feed(std::string_view bytes) {
  in_.append(bytes);
  received_ += bytes.size();
  if (stage_ == Stage::c0c1) {
    if (in_.size() < 1 + kHandshakeSize) return {};
    if (static_cast<std::uint8_t>(in_[0]) != kRtmpVersion) return not_rtmp("the first byte is not version 3");
    // The plain handshake: S0, then S1 (our time, zeros where a version
    // would ask for the digest handshake, random-enough bytes), then S2
    // echoing C1.
    out_ += static_cast<char>(kRtmpVersion);
    std::string s1(kHandshakeSize, '\0');
    for (std::size_t i = 8; i < kHandshakeSize; ++i) s1[i] = static_cast<char>((i * 2654435761u) >> 24);
    out_ += s1;
    out_.append(in_, 1, kHandshakeSize);
    in_.erase(0, 1 + kHandshakeSize);
    stage_ = Stage::c2;
  }
  if (stage_ == Stage::c2) {
    if (in_.size() < kHandshakeSize) return {};
    in_.erase(0, kHandshakeSize);  // C2 echoes S1; nothing in it is ours to check
    stage_ = Stage::chunks;
  }
  std::size_t at = 0;
  for (;;) {
    auto used = read_chunk(std::string_view(in_).substr(at));
    if (!used) return used.error();
    if (*used == 0) break;
    at += *used;
  }
  in_.erase(0, at);
  if (received_ - acknowledged_ >= ack_window_) {
    acknowledged_ = received_;
    send(2, kAcknowledgement, 0, be32(static_cast<std::uint32_t>(received_)));
  }
  return {};
}

Result<std::size_t> RtmpServerSession::read_chunk(std::string_view in) {
  if (in.empty()) return std::size_t{0};
  std::size_t at = 1;
  const auto first = static_cast<std::uint8_t>(in[0]);
  const int fmt = first >> 6;
  std::uint32_t csid = first & 0x3f;
  if (csid == 0) {
    if (in.size() < 2) return std::size_t{0};
    csid = 64 + static_cast<std::uint8_t>(in[1]);
    at = 2;
  } else if (csid == 1) {
    if (in.size() < 3) return std::size_t{0};
    csid = 64 + static_cast<std::uint8_t>(in[1]) + 256u * static_cast<std::uint8_t>(in[2]);
    at = 3;
  }
  static constexpr std::size_t kHeaderSize[] = {11, 7, 3, 0};
  if (in.size() < at + kHeaderSize[fmt]) return std::size_t{0};
  auto found = streams_.find(csid);
  if (fmt != 0 && found == streams_.end()) return not_rtmp("a chunk continues a stream that never began");
  // The header is worked out on a copy and kept only once the whole chunk
  // is there; the payload so far stays where it is.
  ChunkHeader next = found == streams_.end() ? ChunkHeader{} : found->second.header;
  const std::size_t have = found == streams_.end() ? 0 : found->second.payload.size();
  const bool starts_message = have == 0;
  std::uint32_t stamp = 0;
  if (fmt <= 2) stamp = be(in, at, 3);
  if (fmt <= 1) {
    next.length = be(in, at + 3, 3);
    next.type = static_cast<std::uint8_t>(in[at + 6]);
  }
  if (fmt == 0) {
    // The message stream id alone is little-endian.
    next.stream_id = static_cast<std::uint8_t>(in[at + 7]) | static_cast<std::uint8_t>(in[at + 8]) << 8 |
                     static_cast<std::uint8_t>(in[at + 9]) << 16 |
                     static_cast<std::uint32_t>(in[at + 10]) << 24;
  }
  at += kHeaderSize[fmt];
  if (fmt <= 2) next.extended = stamp == 0xffffff;
  if (next.extended) {
    if (in.size() < at + 4) return std::size_t{0};
    stamp = be(in, at, 4);
    at += 4;
  }
  if (!publishing_ && next.length > kMaxMessageBeforePublish) return not_rtmp("a command larger than 64 KB");
  if (fmt == 0) {
    next.timestamp = stamp;
    next.delta = 0;
  } else if (fmt <= 2) {
    next.delta = stamp;
    next.timestamp += stamp;
  } else if (starts_message) {
    next.timestamp += next.delta;  // a type 3 chunk starting a message repeats the last delta
  }
  if (next.length < have) return not_rtmp("a header shortens a message already arriving");
  const std::size_t want = std::min<std::size_t>(in_chunk_size_, next.length - have);
  if (in.size() < at + want) return std::size_t{0};
  if (found == streams_.end() && streams_.size() >= kMaxChunkStreams)
    return not_rtmp("too many chunk streams");
  if (pending_ + want > kMaxPending) return not_rtmp("more than 32 MB of unfinished messages");
  ChunkStream& stream = found == streams_.end() ? streams_[csid] : found->second;
  stream.header = next;
  stream.payload.append(in.substr(at, want));
  pending_ += want;
  at += want;
  if (stream.payload.size() == next.length) {
    pending_ -= next.length;
    if (auto r = on_message(next.type, next.timestamp, next.stream_id, std::exchange(stream.payload, {})); !r)
      return r.error();
  }
  return at;
}

Result<void> RtmpServerSession::on_message(std::uint8_t type, std::uint32_t timestamp,
                                           std::uint32_t stream_id, std::string payload) {
  switch (type) {
    case kSetChunkSize: {
      if (payload.size() < 4) return not_rtmp("a short Set Chunk Size");
      const std::uint32_t size = be(payload, 0, 4) & 0x7fffffff;
      if (size == 0 || size > kMaxChunkSize) return not_rtmp("a chunk size out of range");
      in_chunk_size_ = size;
      return {};
    }
    case kWindowAckSize:
      if (payload.size() >= 4) ack_window_ = std::max<std::uint32_t>(be(payload, 0, 4), 4096);
      return {};
    case kCommandAmf3:
      // An AMF3 command is AMF0 behind one format byte.
      if (payload.empty()) return not_rtmp("an empty command");
      return on_command(std::string_view(payload).substr(1), stream_id);
    case kCommandAmf0:
      return on_command(payload, stream_id);
    case kAudio:
    case kVideo:
    case kDataAmf0:
      if (publishing_) media_.push_back({type, timestamp, std::move(payload)});
      return {};
    default:
      return {};  // acknowledgements, user control, aborts: nothing to do for a publisher
  }
}

Result<void> RtmpServerSession::on_command(std::string_view amf, std::uint32_t stream_id) {
  auto values = amf0::decode(amf);
  if (!values) return values.error();
  if (values->size() < 2 || !(*values)[0].string() || !(*values)[1].number())
    return not_rtmp("a command without a name and a transaction id");
  const std::string& name = *(*values)[0].string();
  const double transaction = *(*values)[1].number();
  if (name == "connect") {
    if (values->size() > 2)
      if (const auto* props = (*values)[2].object())
        if (auto app = props->find("app"); app != props->end() && app->second.string())
          app_ = *app->second.string();
    send(2, kWindowAckSize, 0, be32(kOurWindow));
    std::string bandwidth = be32(kOurWindow);
    bandwidth += static_cast<char>(2);  // dynamic
    send(2, kSetPeerBandwidth, 0, bandwidth);
    send(2, kSetChunkSize, 0, be32(kOurChunkSize));
    out_chunk_size_ = kOurChunkSize;
    send_command(0, amf0::encode_all({"_result", transaction,
                                      amf0::Object{{"fmsVer", "FMS/3,0,1,123"}, {"capabilities", 31.0}}, [] {
                                        auto o =
                                            status("status", "NetConnection.Connect.Success", "Connected.");
                                        o["objectEncoding"] = 0.0;
                                        return o;
                                      }()}));
    return {};
  }
  if (name == "createStream") {
    send_command(0, amf0::encode_all({"_result", transaction, amf0::Null{}, static_cast<double>(kStreamId)}));
    return {};
  }
  if (name == "publish") {
    if (values->size() < 4 || !(*values)[3].string()) return not_rtmp("publish without a stream key");
    std::string key = *(*values)[3].string();
    // Some encoders add "?query" to the key; the key is what comes before.
    if (auto q = key.find('?'); q != std::string::npos) key.resize(q);
    if (publishing_ || refused_) return not_rtmp("a second publish on one connection");
    if (!authorize_(app_, key)) {
      refused_ = true;
      send_command(stream_id, amf0::encode_all({"onStatus", 0.0, amf0::Null{},
                                                status("error", "NetStream.Publish.BadName",
                                                       "no channel has this key, or it is live already")}));
      return {};
    }
    key_ = std::move(key);
    publishing_ = true;
    send_command(stream_id, amf0::encode_all({"onStatus", 0.0, amf0::Null{},
                                              status("status", "NetStream.Publish.Start", "Publishing.")}));
    return {};
  }
  if (name == "FCUnpublish" || name == "deleteStream" || name == "closeStream") {
    if (publishing_) unpublished_ = true;
    return {};
  }
  // releaseStream, FCPublish, _checkbw and the like: no answer is waited for.
  return {};
}

void RtmpServerSession::send_command(std::uint32_t stream_id, std::string_view payload) {
  send(3, kCommandAmf0, stream_id, payload);
}

void RtmpServerSession::send(std::uint32_t chunk_stream, std::uint8_t type, std::uint32_t stream_id,
                             std::string_view payload) {
  // Every message starts with a full (type 0) header, then type 3 chunks.
  out_ += static_cast<char>(chunk_stream);
  append_be(0, 3, out_);  // timestamp
  append_be(static_cast<std::uint32_t>(payload.size()), 3, out_);
  out_ += static_cast<char>(type);
  for (int i = 0; i < 4; ++i) out_ += static_cast<char>((stream_id >> (8 * i)) & 0xff);
  // Set Chunk Size itself goes out in the size it replaces; its 4 bytes fit any.
  const std::uint32_t chunk_size = out_chunk_size_;
  std::size_t at = 0;
  do {
    if (at > 0) out_ += static_cast<char>(0xC0 | chunk_stream);
    out_.append(payload.substr(at, chunk_size));
    at += chunk_size;
  } while (at < payload.size());
}

std::string flv_header(bool audio, bool video) {
  std::string out = "FLV";
  out += static_cast<char>(1);
  out += static_cast<char>((audio ? 4 : 0) | (video ? 1 : 0));
  append_be(9, 4, out);
  append_be(0, 4, out);  // PreviousTagSize0
  return out;
}

std::string flv_tag(const RtmpMessage& message) {
  std::string_view payload = message.payload;
  std::string metadata;
  if (message.type == kDataAmf0) {
    // "@setDataFrame", "onMetaData", {...} as sent; a file holds "onMetaData", {...}.
    if (auto values = amf0::decode(payload);
        values && !values->empty() && (*values)[0].string() && *(*values)[0].string() == "@setDataFrame") {
      values->erase(values->begin());
      metadata = amf0::encode_all(*values);
      payload = metadata;
    }
  }
  std::string out;
  out += static_cast<char>(message.type);
  append_be(static_cast<std::uint32_t>(payload.size()), 3, out);
  append_be(message.timestamp & 0xffffff, 3, out);
  out += static_cast<char>(message.timestamp >> 24);
  append_be(0, 3, out);  // stream id
  out.append(payload);
  append_be(static_cast<std::uint32_t>(11 + payload.size()), 4, out);
  return out;
}

}  // namespace gavel::live
