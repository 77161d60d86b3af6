// Plain HTTP: file bodies go from the page cache to the socket with
// sendfile(2), never through user space.
#include "http_session.hpp"

#include <sys/sendfile.h>

#include <cerrno>

namespace gavel::server {

template <>
void PlainSession::start() {
  do_read_header();
}

template <>
void PlainSession::send_file_bytes() {
  constexpr std::uint64_t kTurn = 8 * 1024 * 1024;  // then let other connections on this thread run
  auto& socket = tcp().socket();
  beast::error_code ec;
  socket.native_non_blocking(true, ec);
  std::uint64_t this_turn = 0;
  while (file_sent_ < file_->length()) {
    off_t offset = static_cast<off_t>(file_->offset() + file_sent_);
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(file_->length() - file_sent_, 1 << 20));
    // Looked at before the read: a writer that appends and then says
    // "finished" cannot slip its last bytes in between.
    const bool may_grow = file_->growth() && !file_->growth()->finished;
    const ssize_t n = ::sendfile(socket.native_handle(), file_->fd(), &offset, want);
    if (n > 0) {
      file_sent_ += static_cast<std::uint64_t>(n);
      this_turn += static_cast<std::uint64_t>(n);
      if (this_turn >= kTurn && file_sent_ < file_->length()) {
        return asio::post(stream_.get_executor(), beast::bind_front_handler(&PlainSession::send_file_bytes, self()));
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // A slow reader gets as long per wait as any other write.
      file_timer_.expires_after(kIdleTimeout);
      file_timer_.async_wait([self = self()](beast::error_code e) {
        if (!e) self->tcp().socket().cancel();
      });
      socket.async_wait(tcp::socket::wait_write, [self = self()](beast::error_code e) {
        self->file_timer_.cancel();
        if (e) return self->do_close();
        self->send_file_bytes();
      });
      return;
    }
    if (n == 0 && may_grow) return wait_for_file_growth();
    return do_close();  // the peer left, or the file shrank under us
  }
  finish_file();
}

template <>
void PlainSession::do_close() {
  beast::error_code ec;
  tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace gavel::server
