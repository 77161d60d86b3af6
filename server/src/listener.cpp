#include "listener.hpp"

#include <spdlog/spdlog.h>

#include "http_session.hpp"

namespace gavel::server {

Listener::Listener(std::vector<asio::io_context*> iocs, Router& router, asio::thread_pool& handlers,
                   std::chrono::seconds idle_timeout, std::shared_ptr<asio::ssl::context> tls)
    : iocs_(std::move(iocs)),
      acceptor_(*iocs_.front()),
      router_(router),
      handlers_(handlers),
      idle_timeout_(idle_timeout),
      https_(tls != nullptr),
      tls_(std::move(tls)) {}

void Listener::replace_tls(std::shared_ptr<asio::ssl::context> tls) {
  if (!https_ || !tls) return;
  std::lock_guard lock(tls_mutex_);
  retired_.push_back(std::move(tls_));
  tls_ = std::move(tls);
}

beast::error_code Listener::listen(const tcp::endpoint& endpoint) {
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  return ec;
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->acceptor_.close(ec);
  });
}

void Listener::close_idle_sessions() {
  std::lock_guard lock(sessions_mutex_);
  for (auto& weak : sessions_)
    if (auto session = weak.lock()) session->close_if_idle();
}

void Listener::do_accept() {
  // Each io_context has one thread, so a connection's handlers never run
  // concurrently and need no strand (and no lock handoffs between threads).
  auto& ioc = *iocs_[next_++ % iocs_.size()];
  acceptor_.async_accept(ioc, beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted) return;
  if (ec) {
    spdlog::warn("accept: {}", ec.message());
  } else if (router_.services().metrics.active_connections() >= max_connections_) {
    refuse(socket);
  } else {
    auto session = make_session(std::move(socket));
    {
      std::lock_guard lock(sessions_mutex_);
      // Forget connections that have ended, so the list stays as long as the open ones.
      std::erase_if(sessions_, [](const std::weak_ptr<Connection>& s) { return s.expired(); });
      sessions_.push_back(session);
    }
    session->run();
  }
  do_accept();
}

void Listener::refuse(tcp::socket& socket) {
  // Say so briefly and hang up, rather than queueing. A TLS client could
  // not read a plain answer, and a handshake is the expense being
  // refused, so it is just hung up on.
  static constexpr std::string_view busy =
      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  beast::error_code ignored;
  if (!https_) {
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(busy), ignored);
  }
  socket.close(ignored);
}

std::shared_ptr<Connection> Listener::make_session(tcp::socket&& socket) {
  if (https_) {
    std::shared_ptr<asio::ssl::context> tls;
    {
      std::lock_guard lock(tls_mutex_);
      tls = tls_;
    }
    return std::make_shared<TlsSession>(TlsStream(std::move(socket), *tls), router_, handlers_,
                                        idle_timeout_);
  }
  return std::make_shared<PlainSession>(beast::tcp_stream(std::move(socket)), router_, handlers_,
                                        idle_timeout_);
}

}  // namespace gavel::server
