#pragma once
// RTMP and AMF0 write their integers most significant byte first.

#include <cstdint>
#include <string>
#include <string_view>

namespace gavel::live {

// `size` bytes at `at` (which the caller has checked are there).
inline std::uint64_t read_be(std::string_view s, std::size_t at, int size) {
  std::uint64_t v = 0;
  for (int i = 0; i < size; ++i) v = (v << 8) | static_cast<std::uint8_t>(s[at + i]);
  return v;
}

inline void append_be(std::uint64_t v, int size, std::string& out) {
  for (int i = size - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace gavel::live
