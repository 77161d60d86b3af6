// RTMP from a stranger: any bytes, fed in any split, either keep the
// session waiting for more or end it with an error; never a crash, never
// media before a key is accepted, and what is held stays bounded.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gavel/live/amf0.hpp"
#include "gavel/live/rtmp_session.hpp"

namespace {

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "broken promise: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)gavel::live::amf0::decode(bytes);
  // A valid handshake in front, so the chunk reader sees the input; the
  // first byte decides the key check and how the input is split.
  if (size == 0) return 0;
  const bool accept = data[0] & 1;
  const std::size_t step = 1 + data[0] % 61;
  gavel::live::RtmpServerSession session([&](const std::string&, const std::string&) { return accept; });
  std::string handshake(1 + 2 * 1536, '\x01');
  handshake[0] = '\x03';
  check(static_cast<bool>(session.feed(handshake)), "a valid handshake is taken");
  const auto rest = bytes.substr(1);
  for (std::size_t at = 0; at < rest.size(); at += step) {
    if (!session.feed(rest.substr(at, step))) break;
    if (!session.publishing()) check(session.take_media().empty(), "no media before a key is accepted");
    (void)session.take_output();
  }
  return 0;
}
