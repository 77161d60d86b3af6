// HTTPS: the handshake, file bodies through user space (sendfile cannot
// encrypt), and closing with close_notify.
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <cerrno>

#include "http_session.hpp"
#include "page_cache.hpp"

namespace gavel::server {
namespace {

// A handshake takes one or two round trips; a client not done after this
// will not finish.
constexpr auto kHandshakeTimeout = std::chrono::seconds(10);
// Long enough to hand close_notify to a client that has stopped reading.
constexpr auto kCloseTimeout = std::chrono::seconds(2);

bool is_plain_http(beast::error_code ec) {
  return ec.category() == asio::error::get_ssl_category() && ERR_GET_REASON(ec.value()) == SSL_R_HTTP_REQUEST;
}

}  // namespace

template <>
void TlsSession::start() {
  tcp().expires_after(kHandshakeTimeout);
  stream_.async_handshake(asio::ssl::stream_base::server,
                          beast::bind_front_handler(&TlsSession::on_handshake, self()));
}

template <>
void TlsSession::on_handshake(beast::error_code ec) {
  if (!ec) return do_read_header();
  // Scanners, timeouts and typos: nothing an operator needs to see.
  spdlog::debug("TLS handshake with {} failed: {}", context_.remote_address, ec.message());
  auto& socket = tcp().socket();
  beast::error_code ignored;
  if (is_plain_http(ec)) {
    // Someone typed http:// for this port; answer in the one language
    // their client reads. (OpenSSL sends no alert in this case.)
    static constexpr std::string_view kUseHttps =
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 37\r\nConnection: "
        "close\r\n\r\n"
        "This port speaks HTTPS: use https://\n";
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(kUseHttps), ignored);
  }
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

template <>
TlsSession::FileStep TlsSession::file_step(bool may_block) {
  // Bytes in the page cache are read here; a read that would wait for the
  // disk is left to the handler pool.
  const std::size_t want = file_->window(chunk().size());
  const ssize_t n = read_at(file_->fd(), chunk_->data(), want, file_->at(), may_block ? 0 : RWF_NOWAIT);
  if (n > 0) return {FileStep::read, static_cast<std::size_t>(n)};
  if (n == 0) return {FileStep::end};
  if (!may_block && (errno == EAGAIN || errno == EOPNOTSUPP)) return {FileStep::disk};
  return {FileStep::failed};
}

template <>
void TlsSession::write_file_chunk(std::size_t filled) {
  tcp().expires_after(idle_timeout_);
  asio::async_write(stream_, asio::buffer(chunk_->data(), filled),
                    [self = self()](beast::error_code ec, std::size_t written) {
                      if (ec) return self->do_close();
                      self->on_file_step({FileStep::sent, written}, false);
                    });
}

template <>
void TlsSession::do_close() {
  // close_notify tells the client nothing was cut off. Waiting for the
  // client's own close_notify would only hold the connection open, so it
  // is taken as received, as nginx does.
  SSL* ssl = stream_.native_handle();
  SSL_set_shutdown(ssl, SSL_get_shutdown(ssl) | SSL_RECEIVED_SHUTDOWN);
  tcp().expires_after(kCloseTimeout);
  stream_.async_shutdown([self = self()](beast::error_code) {
    beast::error_code ignored;
    self->tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
  });
}

}  // namespace gavel::server
