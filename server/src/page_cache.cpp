#include "page_cache.hpp"

#include <sys/uio.h>

#include <cerrno>

namespace gavel::server {

ssize_t read_at(int fd, char* into, std::size_t size, off_t at, int flags) {
  iovec buffer{into, size};
  ssize_t n;
  do n = ::preadv2(fd, &buffer, 1, at, flags);
  while (n < 0 && errno == EINTR);
  return n;
}

bool in_page_cache(int fd, off_t at, std::size_t length) {
  constexpr std::size_t kPage = 4096;
  const auto cached = [fd](off_t where) {
    char byte;
    return read_at(fd, &byte, 1, where, RWF_NOWAIT) >= 0;
  };
  return cached(at) && (length <= kPage || cached(at + static_cast<off_t>(length) - 1));
}

}  // namespace gavel::server
