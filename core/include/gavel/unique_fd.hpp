#pragma once
// The one owner of a file descriptor. Whoever holds a unique_fd closes it
// (or hands it on with std::move / release()); a bare `int` descriptor
// anywhere else is borrowed and never closed by the one it was lent to.

#include <unistd.h>

#include <cerrno>
#include <utility>

namespace gavel {

class unique_fd {
 public:
  unique_fd() noexcept = default;
  // Takes ownership of `fd`; a negative value (a failed open) owns nothing.
  explicit unique_fd(int fd) noexcept : fd_(fd) {}
  unique_fd(unique_fd&& other) noexcept : fd_(other.release()) {}
  unique_fd& operator=(unique_fd&& other) noexcept {
    reset(other.release());
    return *this;
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  ~unique_fd() { reset(); }

  // Borrowed: valid while this owner lives and keeps it.
  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  // Gives up ownership without closing; the caller now owns the result.
  [[nodiscard]] int release() noexcept { return std::exchange(fd_, -1); }
  // Closes what is owned, then owns `fd`.
  void reset(int fd = -1) noexcept {
    const int old = std::exchange(fd_, fd);
    if (old >= 0) close_once(old);
  }

 private:
  // Never retried: Linux frees the descriptor even when close() reports
  // EINTR, so a second close could hit a descriptor another thread has
  // just been given. errno is kept, so a caller giving up after a failed
  // call still reports that call's error, not the close's.
  static void close_once(int fd) noexcept {
    const int saved = errno;
    ::close(fd);
    errno = saved;
  }

  int fd_ = -1;
};

}  // namespace gavel
