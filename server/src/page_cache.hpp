#pragma once
// Whether a file's bytes can be had without waiting for the disk. An io
// thread asks before it reads or sendfile()s, so that a cold read goes to
// the handler pool instead of stalling every connection on that thread.
// (mincore() needs a mapping; preadv2(RWF_NOWAIT) answers on the fd.)

#include <sys/types.h>
#include <sys/uio.h>  // RWF_NOWAIT

#include <cstddef>

namespace gavel::server {

// pread(2) that retries EINTR. `flags` are preadv2's: with RWF_NOWAIT it
// fails with EAGAIN (or EOPNOTSUPP, where the file system cannot tell)
// instead of waiting for the disk, and reads only what is cached.
// `fd` is borrowed.
ssize_t read_at(int fd, char* into, std::size_t size, off_t at, int flags = 0);

// True when the first and the last page of [at, at + length) are in the
// page cache, or lie past the end of the file (nothing to wait for there).
// Readahead fills a file's pages in runs, so a window's ends stand for its
// middle; a page evicted from between them costs one wait, no more than a
// window's worth. `fd` is borrowed.
bool in_page_cache(int fd, off_t at, std::size_t length);

}  // namespace gavel::server
