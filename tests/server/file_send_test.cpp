// A file body's progress, shared by both transports: windows, the end of a
// growing file, and giving up on one that stalls.
#include "file_send.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace gavel::server {
namespace {

using namespace std::chrono_literals;

FileReply reply_for(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
  return FileReply(http::response<http::empty_body>{http::status::partial_content, 11},
                   unique_fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC)), offset, length);
}

class FileSendTest : public ::testing::Test {
 protected:
  void SetUp() override { test::write_text(file_, std::string(10000, 'f')); }
  test::TempDir dir_;
  std::filesystem::path file_ = dir_.path() / "clip.mp4";
};

TEST_F(FileSendTest, WindowsCoverTheRangeAndNoMore) {
  FileSend send(reply_for(file_, 1000, 2500), 30s);
  EXPECT_GE(send.fd(), 0);
  EXPECT_EQ(send.at(), 1000);
  EXPECT_EQ(send.window(1024), 1024u);
  send.advance(2000);
  EXPECT_EQ(send.at(), 3000);
  EXPECT_EQ(send.window(1024), 500u) << "the last window stops at the range's end";
  EXPECT_FALSE(send.done());
  send.advance(500);
  EXPECT_TRUE(send.done());
  EXPECT_EQ(send.sent(), 2500u);
  EXPECT_FALSE(send.may_grow()) << "a finished file never grows";
}

TEST_F(FileSendTest, AGrowingFileIsWaitedForUntilItStallsTooLong) {
  auto reply = reply_for(file_, 0, 50000);
  auto growth = std::make_shared<FileGrowth>();
  reply.set_growth(growth);
  const auto start = FileSend::Clock::time_point{} + 1h;
  FileSend send(std::move(reply), 30s, start);
  EXPECT_TRUE(send.may_grow());
  EXPECT_TRUE(send.keep_waiting(start + 10s));
  EXPECT_TRUE(send.keep_waiting(start + 30s));
  send.advance(4000);  // it grew: the stall clock starts again
  EXPECT_TRUE(send.keep_waiting(start + 40s));
  EXPECT_TRUE(send.keep_waiting(start + 70s));
  EXPECT_FALSE(send.keep_waiting(start + 71s)) << "30 s without a byte is a stall";
  growth->finished = true;
  EXPECT_FALSE(send.may_grow());
}

}  // namespace
}  // namespace gavel::server
