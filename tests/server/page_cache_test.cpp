// The io threads' question before a read: are these bytes in the page cache?
#include "page_cache.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include "cold_file.hpp"
#include "fixtures.hpp"
#include "gavel/unique_fd.hpp"

namespace gavel::server {
namespace {

TEST(PageCache, ADroppedFileIsColdUntilItIsRead) {
  test::TempDir dir;
  const auto file = dir.path() / "segment";
  test::write_text(file, std::string(4 << 20, 's'));
  test::drop_from_page_cache(file);
  unique_fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd);
  EXPECT_FALSE(in_page_cache(fd.get(), 1 << 20, 1 << 20)) << "a cold window would wait for the disk";

  std::string window(1 << 20, '\0');
  ASSERT_EQ(read_at(fd.get(), window.data(), window.size(), 1 << 20), static_cast<ssize_t>(window.size()));
  EXPECT_EQ(window, std::string(1 << 20, 's'));
  EXPECT_TRUE(in_page_cache(fd.get(), 1 << 20, 1 << 20));
  EXPECT_TRUE(in_page_cache(fd.get(), 8 << 20, 1 << 20)) << "past the end there is nothing to wait for";
}

TEST(PageCache, ANoWaitReadOfCachedBytesTakesThemAll) {
  test::TempDir dir;
  const auto file = dir.path() / "segment";
  test::write_text(file, std::string(64 * 1024, 'c'));  // just written: in the page cache
  unique_fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd);
  std::string bytes(100 * 1024, '\0');
  EXPECT_EQ(read_at(fd.get(), bytes.data(), bytes.size(), 0, RWF_NOWAIT), 64 * 1024);
}

}  // namespace
}  // namespace gavel::server
