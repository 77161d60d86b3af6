// Tells a cut-off upload from a file that was never a recording, so the
// clerk is told to upload again rather than to look for another file.
#include <array>
#include <cstdint>
#include <fstream>

#include "gavel/media/probe.hpp"

namespace gavel::media {
namespace {

std::uint64_t read_be(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

bool is_box_type(const unsigned char* t) {
  for (int i = 0; i < 4; ++i)
    if (t[i] < 0x20 || t[i] > 0x7e) return false;
  return true;
}

}  // namespace

std::optional<double> truncated_fraction(const std::filesystem::path& file) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(file, ec);
  if (ec || size < 16) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::uint64_t pos = 0;
  bool first = true;
  while (pos + 8 <= size) {
    std::array<unsigned char, 16> h{};
    in.seekg(static_cast<std::streamoff>(pos));
    in.read(reinterpret_cast<char*>(h.data()), 16);
    if (in.gcount() < 8 || !is_box_type(h.data() + 4)) return std::nullopt;
    if (first && std::string(reinterpret_cast<char*>(h.data()) + 4, 4) != "ftyp")
      return std::nullopt;  // not ISO-BMFF: nothing to say
    first = false;
    std::uint64_t box = read_be(h.data(), 4);
    if (box == 1) {
      if (in.gcount() < 16) return std::nullopt;
      box = read_be(h.data() + 8, 8);
    } else if (box == 0) {
      return std::nullopt;  // "to end of file": cannot be truncated by definition
    }
    if (box < 8) return std::nullopt;
    if (pos + box > size) {
      // The box claims more bytes than exist; a complete file also needs the
      // moov that would follow, so this is a lower bound of what is missing.
      return static_cast<double>(size) / static_cast<double>(pos + box);
    }
    pos += box;
  }
  return std::nullopt;
}

}  // namespace gavel::media
