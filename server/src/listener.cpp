#include "listener.hpp"

#include "http_session.hpp"

#include <spdlog/spdlog.h>

namespace gavel::server {

Listener::Listener(std::vector<asio::io_context*> iocs, Router& router, asio::thread_pool& handlers)
    : iocs_(std::move(iocs)), acceptor_(*iocs_.front()), router_(router), handlers_(handlers) {}

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
    // Over the limit: say so briefly and hang up, rather than queueing.
    static constexpr std::string_view busy =
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    beast::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(busy), ignored);
    socket.close(ignored);
  } else {
    auto session = std::make_shared<HttpSession>(std::move(socket), router_, handlers_);
    {
      std::lock_guard lock(sessions_mutex_);
      // Forget connections that have ended, so the list stays as long as the open ones.
      std::erase_if(sessions_, [](const std::weak_ptr<HttpSession>& s) { return s.expired(); });
      sessions_.push_back(session);
    }
    session->run();
  }
  do_accept();
}

}  // namespace gavel::server
