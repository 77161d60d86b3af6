#pragma once
// Puts a file out of the page cache, so that the next read of it waits for
// the disk: the read an io thread must never make.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "gavel/unique_fd.hpp"

namespace gavel::test {

inline void drop_from_page_cache(const std::filesystem::path& file) {
  unique_fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd) << file;
  ::fsync(fd.get());  // dirty pages cannot be dropped
  ASSERT_EQ(::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED), 0);
}

}  // namespace gavel::test
