// Moving a moov ahead of its data: chunk offsets follow, and a 32-bit
// table that would overflow becomes a 64-bit one.
#include "mp4_boxes.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gavel::transcode {
namespace {

void put(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get(const std::string& b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

std::string box(const std::string& type, const std::string& payload) {
  std::string out;
  put(out, payload.size() + 8, 4);
  return out + type + payload;
}

std::string stco(const std::vector<std::uint32_t>& offsets) {
  std::string payload(4, '\0');  // version and flags
  put(payload, offsets.size(), 4);
  for (auto o : offsets) put(payload, o, 4);
  return box("stco", payload);
}

// moov > trak > mdia > minf > stbl > {stsz, stco}, plus an mvhd that must pass untouched.
std::string moov_with(const std::string& table) {
  const std::string stsz = box("stsz", std::string(12, '\x01'));
  return box("moov", box("mvhd", std::string(100, '\x07')) +
                         box("trak", box("mdia", box("minf", box("stbl", stsz + table)))));
}

TEST(Mp4Boxes, ShiftRaisesEveryChunkOffsetAndKeepsTheRest) {
  const auto moov = moov_with(stco({40, 5000}));
  auto shifted = shift_chunk_offsets(moov, 1000);
  ASSERT_TRUE(shifted) << shifted.error().message;
  ASSERT_EQ(shifted->size(), moov.size());
  const auto at = shifted->find("stco");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(get(*shifted, at + 12, 4), 1040u);
  EXPECT_EQ(get(*shifted, at + 16, 4), 6000u);
  EXPECT_EQ(shifted->substr(0, at), moov.substr(0, at)) << "everything before the table is unchanged";
}

TEST(Mp4Boxes, AnOverflowingTableBecomes64BitAndItsParentsGrow) {
  const auto moov = moov_with(stco({40, 0xFFFFFF00u}));
  auto shifted = shift_chunk_offsets(moov, 0x200);
  ASSERT_TRUE(shifted) << shifted.error().message;
  EXPECT_EQ(shifted->size(), moov.size() + 8) << "two entries, four more bytes each";
  EXPECT_EQ(box_size(*shifted), shifted->size()) << "moov's own size follows";
  const auto at = shifted->find("co64");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(get(*shifted, at + 12, 8), 0x228u);
  EXPECT_EQ(get(*shifted, at + 20, 8), 0x100000100u);
  const auto trak = shifted->find("trak");
  EXPECT_EQ(get(*shifted, trak - 4, 4), get(moov, moov.find("trak") - 4, 4) + 8);
}

TEST(Mp4Boxes, MoovForFrontShiftsByItsOwnSize) {
  const auto moov = moov_with(stco({40}));
  auto front = moov_for_front(moov);
  ASSERT_TRUE(front);
  EXPECT_EQ(get(*front, front->find("stco") + 12, 4), 40u + moov.size());
}

TEST(Mp4Boxes, TruncatedBoxesAreRefused) {
  auto moov = moov_with(stco({40, 50}));
  EXPECT_FALSE(shift_chunk_offsets(moov.substr(0, moov.size() - 3), 10));
  EXPECT_FALSE(shift_chunk_offsets(box("free", ""), 10));
}

}  // namespace
}  // namespace gavel::transcode
