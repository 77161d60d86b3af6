// `gavel channel add|list|rotate-key`: a room's live input, set up once.
// The key is printed here and nowhere else (the store keeps its hash), with
// the URLs to type into the room's encoder.
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "commands.hpp"
#include "gavel/server/channels.hpp"

namespace gavel::app {
namespace {

namespace json = boost::json;

// The host an encoder elsewhere reaches: a wildcard listen address means
// this machine, by name.
std::string reachable_host(const std::string& host) {
  if (host != "0.0.0.0" && host != "::" && !host.empty())
    return host.find(':') == std::string::npos ? host : "[" + host + "]";
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || !name[0]) return "127.0.0.1";
  return name;
}

struct EncoderUrls {
  std::string rtmp;
  std::string srt;
};

std::optional<EncoderUrls> encoder_urls(const ChannelOptions& o, const std::string& key) {
  std::string rtmp_host, srt_host;
  unsigned short rtmp_port = 0, srt_port = 0;
  if (!split_listen(o.rtmp_listen, rtmp_host, rtmp_port)) {
    fmt::print(stderr, "error: --rtmp-listen takes HOST:PORT (got '{}')\n", o.rtmp_listen);
    return std::nullopt;
  }
  if (!split_listen(o.srt_listen, srt_host, srt_port)) {
    fmt::print(stderr, "error: --srt-listen takes HOST:PORT (got '{}')\n", o.srt_listen);
    return std::nullopt;
  }
  // RTMP: the key is the stream name under the "live" application, as OBS
  // and hardware encoders split it (server rtmp://HOST:PORT/live, key KEY).
  // SRT: the key is the stream id.
  return EncoderUrls{fmt::format("rtmp://{}:{}/live/{}", reachable_host(rtmp_host), rtmp_port, key),
                     fmt::format("srt://{}:{}?streamid={}", reachable_host(srt_host), srt_port, key)};
}

json::object channel_json(const index::Channel& c) {
  json::object out{{"id", c.id},
                   {"name", c.name},
                   {"body", c.body},
                   {"created_at", c.created_at},
                   {"key_changed_at", c.key_changed_at}};
  out["committee"] = c.committee ? json::value(*c.committee) : json::value(nullptr);
  return out;
}

int print_with_key(const ChannelOptions& o, const server::ChannelWithKey& made, const char* what) {
  auto urls = encoder_urls(o, made.key);
  if (!urls) return 2;
  if (o.json) {
    auto out = channel_json(made.channel);
    out["key"] = made.key;
    out["rtmp"] = urls->rtmp;
    out["srt"] = urls->srt;
    fmt::print("{}\n", json::serialize(out));
    return 0;
  }
  fmt::print(
      "channel {} {}. Put this in the room's encoder (the key is shown only now):\n"
      "  key   {}\n"
      "  RTMP  {}   (OBS: server rtmp://…/live, stream key as above)\n"
      "  SRT   {}\n",
      made.channel.name, what, made.key, urls->rtmp, urls->srt);
  return 0;
}

}  // namespace

int run_channel_add(const ChannelOptions& o) {
  auto store = open_store(worker::DataDir(o.data));
  if (!store) return 1;
  auto made = server::add_channel(store->channels(), o.name, o.body, o.committee);
  if (!made) {
    fmt::print(stderr, "error: {}\n", made.error().message);
    return made.error().code == Errc::bad_input ? 2 : 1;
  }
  return print_with_key(o, *made, "added");
}

int run_channel_rotate_key(const ChannelOptions& o) {
  auto store = open_store(worker::DataDir(o.data));
  if (!store) return 1;
  auto made = server::rotate_channel_key(store->channels(), o.name);
  if (!made) {
    fmt::print(stderr, "error: {}\n", made.error().message);
    return 1;
  }
  return print_with_key(o, *made, "has a new key; the old one no longer works");
}

int run_channel_list(const ChannelOptions& o) {
  auto store = open_store(worker::DataDir(o.data));
  if (!store) return 1;
  auto channels = store->channels().channels();
  if (!channels) {
    fmt::print(stderr, "error: {}\n", channels.error().message);
    return 1;
  }
  if (o.json) {
    json::array out;
    for (const auto& c : *channels) out.push_back(channel_json(c));
    fmt::print("{}\n", json::serialize(out));
    return 0;
  }
  if (channels->empty()) {
    fmt::print("no channels yet: gavel channel add NAME --body plenary\n");
    return 0;
  }
  for (const auto& c : *channels)
    fmt::print("{}\t{}{}\tkey set {}\n", c.name, c.body, c.committee ? " / " + *c.committee : "",
               c.key_changed_at);
  return 0;
}

}  // namespace gavel::app
