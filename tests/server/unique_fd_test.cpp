// gavel::unique_fd: one owner per descriptor, closed exactly once.
#include "gavel/unique_fd.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <utility>

namespace gavel {
namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST(UniqueFd, ClosesWhatItOwnsOnceAndHandsOwnershipOn) {
  int raw = -1;
  {
    unique_fd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(fd);
    raw = fd.get();
    unique_fd moved = std::move(fd);
    EXPECT_FALSE(fd) << "a moved-from owner owns nothing";  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(moved.get(), raw);
    EXPECT_TRUE(is_open(raw));
  }
  EXPECT_FALSE(is_open(raw)) << "closed when its owner ended";

  unique_fd kept(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  const int released = kept.release();
  EXPECT_FALSE(kept);
  EXPECT_TRUE(is_open(released));
  kept.reset(released);
  unique_fd other(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  const int replaced = other.get();
  other = std::move(kept);
  EXPECT_FALSE(is_open(replaced)) << "assignment closes what was owned before";
  EXPECT_EQ(other.get(), released);
}

TEST(UniqueFd, ClosingKeepsTheErrnoOfTheFailureThatLedToIt) {
  unique_fd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  errno = ENOSPC;
  fd.reset();
  EXPECT_EQ(errno, ENOSPC);
  EXPECT_FALSE(unique_fd(-1)) << "a failed open owns nothing";
}

}  // namespace
}  // namespace gavel
