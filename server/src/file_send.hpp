#pragma once
// One file body on its way to a client, whatever carries it (sendfile over
// TCP, reads and writes through TLS): where the next bytes start, and
// whether a file still being written (a clip being cut) is worth waiting
// for. Not thread-safe: the connection uses it on its strand, or lends it
// to one handler-pool task at a time.

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "reply.hpp"

namespace gavel::server {

class FileSend {
 public:
  using Clock = std::chrono::steady_clock;
  // A growing file that gains nothing for `stall_limit` is given up on,
  // like a client that stalls that long.
  FileSend(FileReply file, Clock::duration stall_limit, Clock::time_point now = Clock::now());

  const FileReply& reply() const { return file_; }
  int fd() const { return file_.fd(); }  // borrowed
  bool done() const { return sent_ == file_.length(); }
  std::uint64_t sent() const { return sent_; }
  // The file offset of the next byte to send.
  off_t at() const { return static_cast<off_t>(file_.offset() + sent_); }
  // How many bytes to try next: what is left, at most `most`.
  std::size_t window(std::size_t most) const;
  // Asked before each read: reaching the end of a file that may grow means
  // "wait for more", otherwise "the file shrank". Asking before the read
  // means a writer that appends and then says "finished" cannot slip its
  // last bytes in between.
  bool may_grow() const;
  void advance(std::uint64_t bytes) { sent_ += bytes; }
  // At the end of a growing file: true to poll again, false once it has
  // gained nothing for longer than the stall limit.
  bool keep_waiting(Clock::time_point now = Clock::now());

 private:
  FileReply file_;
  const Clock::duration stall_limit_;
  std::uint64_t sent_ = 0;
  std::uint64_t grew_at_ = 0;  // sent_ when the file was last seen to grow
  Clock::time_point stalled_since_;
};

}  // namespace gavel::server
