// Plain HTTP: file bodies go from the page cache to the socket with
// sendfile(2), never through user space; bytes not yet in the page cache
// are sent from the handler pool, so a cold disk read never holds up the
// other connections on this io thread.
#include <sys/sendfile.h>

#include <cerrno>

#include "http_session.hpp"
#include "page_cache.hpp"

namespace gavel::server {
namespace {

// The most one sendfile() is asked for (as much as TLS reads at once): the
// span whose page-cache residence is checked before it runs on the io
// thread, and the most one connection sends before the others on its
// thread get their turn.
constexpr std::size_t kSendWindow = 256 * 1024;

}  // namespace

template <>
void PlainSession::start() {
  do_read_header();
}

template <>
PlainSession::FileStep PlainSession::file_step(bool may_block) {
  const int fd = file_->fd();
  const auto at = file_->at();
  const std::size_t want = file_->window(kSendWindow);
  auto& socket = tcp().socket();
  if (!may_block) {
    // Set on the strand, before any step on the pool: whichever thread
    // sends, a full socket returns at once and is waited for on the strand.
    beast::error_code ignored;
    socket.native_non_blocking(true, ignored);
    if (!in_page_cache(fd, at, want)) return {FileStep::disk};
  }
  off_t offset = at;
  ssize_t n;
  do n = ::sendfile(socket.native_handle(), fd, &offset, want);
  while (n < 0 && errno == EINTR);
  if (n > 0) return {FileStep::sent, static_cast<std::size_t>(n)};
  if (n == 0) return {FileStep::end};
  if (errno == EAGAIN || errno == EWOULDBLOCK) return {FileStep::socket_full};
  return {FileStep::failed};  // the peer left, or a read error
}

// sendfile writes as it reads: a plain file step never stops at `read`.
template <>
void PlainSession::write_file_chunk(std::size_t) {
  do_close();
}

template <>
void PlainSession::do_close() {
  beast::error_code ec;
  tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace gavel::server
