// RTMP as encoders speak it: AMF0 values, and the ffmpeg program publishing
// to an RtmpServerSession behind a plain socket, whose media must come out
// as an FLV stream libavformat reads back.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "fixtures.hpp"
#include "gavel/live/amf0.hpp"
#include "gavel/live/rtmp_session.hpp"
#include "gavel/media/probe.hpp"
#include "gavel/unique_fd.hpp"

namespace gavel::live {
namespace {

TEST(Amf0, ACommandReadsBackAsWritten) {
  const std::string bytes = amf0::encode_all(
      {"connect", 1.0, amf0::Object{{"app", "live"}, {"tcUrl", "rtmp://127.0.0.1/live"}, {"fpad", false}},
       amf0::Null{}, std::string(70000, 'x')});
  auto values = amf0::decode(bytes);
  ASSERT_TRUE(values) << values.error().message;
  ASSERT_EQ(values->size(), 5u);
  EXPECT_EQ(*(*values)[0].string(), "connect");
  EXPECT_EQ(*(*values)[1].number(), 1.0);
  EXPECT_EQ(*(*values)[2].object()->at("app").string(), "live");
  EXPECT_TRUE(std::holds_alternative<amf0::Null>((*values)[3].v));
  EXPECT_EQ((*values)[4].string()->size(), 70000u) << "a long string";
  for (std::size_t cut = 1; cut < bytes.size(); cut += 97)
    EXPECT_FALSE(amf0::decode(std::string_view(bytes).substr(0, cut))) << "cut at " << cut;
}

TEST(Rtmp, BytesThatAreNotRtmpAreRefused) {
  RtmpServerSession session([](const std::string&, const std::string&) { return true; });
  std::string http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  http.resize(2000, ' ');
  EXPECT_FALSE(session.feed(http));
}

// What a client writes: the handshake, then each message as chunks of
// `chunk_size` after a type 0 header (with the 4-byte extended timestamp
// on every chunk when it does not fit in 3 bytes).
struct ChunkWriter {
  std::size_t chunk_size = 128;
  std::string out = std::string(1, '\x03') + std::string(1536 * 2, '\x01');  // C0, C1, C2

  void put(std::uint64_t v, int size) {
    for (int i = size - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  void message(std::uint8_t csid, std::uint8_t type, std::uint32_t stream_id, std::uint32_t timestamp,
               const std::string& payload, int fmt = 0, std::uint32_t delta = 0) {
    const bool extended = (fmt == 0 ? timestamp : delta) >= 0xffffff;
    const std::uint32_t stamp = fmt == 0 ? timestamp : delta;
    out += static_cast<char>((fmt << 6) | csid);
    put(extended ? 0xffffff : stamp, 3);
    put(payload.size(), 3);
    out += static_cast<char>(type);
    if (fmt == 0)
      for (int i = 0; i < 4; ++i) out += static_cast<char>((stream_id >> (8 * i)) & 0xff);
    if (extended) put(stamp, 4);
    for (std::size_t at = 0; at < payload.size(); at += chunk_size) {
      if (at > 0) {
        out += static_cast<char>(0xC0 | csid);
        if (extended) put(stamp, 4);
      }
      out.append(payload.substr(at, chunk_size));
    }
  }
  void command(const std::vector<amf0::Value>& values, std::uint32_t stream_id = 0) {
    message(3, 20, stream_id, 0, amf0::encode_all(values));
  }
};

TEST(Rtmp, ChunksAreJoinedAcrossSizesExtendedTimestampsAndDeltas) {
  ChunkWriter client;
  std::string size;
  for (int i = 3; i >= 0; --i) size += static_cast<char>((64 >> (8 * i)) & 0xff);
  client.message(2, 1, 0, 0, size);  // Set Chunk Size 64
  client.chunk_size = 64;
  client.command({"connect", 1.0, amf0::Object{{"app", "live"}}});
  client.command({"createStream", 2.0, amf0::Null{}});
  client.command({"publish", 3.0, amf0::Null{}, "key?token=1", "live"}, 1);
  std::string picture(200, '\0');
  for (std::size_t i = 0; i < picture.size(); ++i) picture[i] = static_cast<char>(i);
  client.message(6, 9, 1, 0x01000000, picture);              // past 24 bits: extended
  client.message(6, 9, 1, 0, picture.substr(0, 50), 1, 40);  // type 1: a delta

  std::vector<std::string> keys;
  RtmpServerSession session([&](const std::string& app, const std::string& key) {
    keys.push_back(app + "/" + key);
    return true;
  });
  // Fed a few bytes at a time, as a slow network delivers them.
  for (std::size_t at = 0; at < client.out.size(); at += 7)
    ASSERT_TRUE(session.feed(std::string_view(client.out).substr(at, 7)));
  EXPECT_EQ(keys, std::vector<std::string>{"live/key"}) << "the query after the key is not the key";
  EXPECT_TRUE(session.publishing());
  const auto media = session.take_media();
  ASSERT_EQ(media.size(), 2u);
  EXPECT_EQ(media[0].timestamp, 0x01000000u);
  EXPECT_EQ(media[0].payload, picture);
  EXPECT_EQ(media[1].timestamp, 0x01000028u);
  EXPECT_EQ(media[1].payload, picture.substr(0, 50));
  // The replies a publisher waits for: S0 S1 S2, then the connect and
  // createStream results and the publish status.
  const std::string reply = session.take_output();
  ASSERT_GT(reply.size(), 1u + 2 * 1536);
  EXPECT_EQ(reply[0], '\x03');
  EXPECT_NE(reply.find("NetConnection.Connect.Success"), std::string::npos);
  EXPECT_NE(reply.find("NetStream.Publish.Start"), std::string::npos);
}

TEST(Rtmp, ABigCommandOrAChunkOfNoStreamIsRefused) {
  ChunkWriter big;
  big.command({"connect", 1.0, std::string(70 * 1024, 'x')});
  RtmpServerSession a([](const std::string&, const std::string&) { return true; });
  EXPECT_FALSE(a.feed(big.out)) << "no stranger makes the server hold more than 64 KB";
  ChunkWriter orphan;
  orphan.out += static_cast<char>(0x40 | 5);  // type 1 on a chunk stream never opened
  orphan.out += std::string(7, '\0');
  RtmpServerSession b([](const std::string&, const std::string&) { return true; });
  EXPECT_FALSE(b.feed(orphan.out));
}

// One publisher over loopback: the ffmpeg program pushes two seconds of
// H.264 and AAC to rtmp://127.0.0.1:PORT/live/KEY.
struct Published {
  int ffmpeg_status = -1;
  std::string ffmpeg_output;
  bool refused = false;
  bool publishing = false;
  std::string key;
  std::vector<RtmpMessage> media;
};

Published publish(const std::string& key, const std::string& accepted_key) {
  Published out;
  unique_fd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(listener.get(), 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  std::thread encoder([&] {
    out.ffmpeg_status = test::run_command(
        fmt::format("{} -nostdin -hide_banner -loglevel error -f lavfi -i testsrc=size=320x240:rate=25 "
                    "-f lavfi -i sine=frequency=440:sample_rate=48000 -t 2 -c:v libx264 -preset ultrafast "
                    "-g 25 -pix_fmt yuv420p -c:a aac -f flv rtmp://127.0.0.1:{}/live/{}",
                    GAVEL_FFMPEG, ntohs(addr.sin_port), key),
        &out.ffmpeg_output);
  });
  pollfd waiting{listener.get(), POLLIN, 0};
  if (::poll(&waiting, 1, 20000) == 1) {
    unique_fd client(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    RtmpServerSession session(
        [&](const std::string& app, const std::string& k) { return app == "live" && k == accepted_key; });
    char buf[65536];
    for (;;) {
      pollfd readable{client.get(), POLLIN, 0};
      if (::poll(&readable, 1, 20000) != 1) break;
      const ssize_t n = ::recv(client.get(), buf, sizeof buf, 0);
      if (n <= 0) break;
      if (!session.feed(std::string_view(buf, static_cast<std::size_t>(n)))) break;
      const std::string reply = session.take_output();
      if (!reply.empty() && ::send(client.get(), reply.data(), reply.size(), MSG_NOSIGNAL) < 0) break;
      for (auto& m : session.take_media()) out.media.push_back(std::move(m));
      if (session.refused()) break;
    }
    out.refused = session.refused();
    out.publishing = session.publishing();
    out.key = session.key();
  }
  encoder.join();
  return out;
}

TEST(Rtmp, TheFfmpegProgramPublishesAndItsMediaReadsBackAsFlv) {
  test::TempDir dir;
  const auto got = publish("k3y-Abc_123", "k3y-Abc_123");
  EXPECT_EQ(got.ffmpeg_status, 0) << got.ffmpeg_output;
  EXPECT_TRUE(got.publishing);
  EXPECT_EQ(got.key, "k3y-Abc_123");
  ASSERT_FALSE(got.media.empty());
  std::string flv = flv_header(true, true);
  for (const auto& m : got.media) flv += flv_tag(m);
  test::write_text(dir / "pushed.flv", flv);
  auto info = media::probe(dir / "pushed.flv");
  ASSERT_TRUE(info) << info.error().message;
  ASSERT_TRUE(info->video);
  EXPECT_EQ(info->video->codec, "h264");
  EXPECT_EQ(info->video->width, 320);
  ASSERT_EQ(info->audio.size(), 1u);
  EXPECT_EQ(info->audio[0].codec, "aac");
  EXPECT_NEAR(info->duration, 2.0, 0.15);
}

TEST(Rtmp, AWrongKeyIsRefusedAtPublish) {
  const auto got = publish("wrong", "right");
  EXPECT_TRUE(got.refused);
  EXPECT_FALSE(got.publishing);
  EXPECT_TRUE(got.media.empty()) << "nothing is taken from a refused publisher";
  EXPECT_NE(got.ffmpeg_status, 0) << got.ffmpeg_output;
}

}  // namespace
}  // namespace gavel::live
