#include "listener.hpp"

#include "http_session.hpp"

#include <spdlog/spdlog.h>

namespace gavel::server {

Listener::Listener(asio::io_context& ioc, Router& router, asio::thread_pool& handlers)
    : ioc_(ioc), acceptor_(asio::make_strand(ioc)), router_(router), handlers_(handlers) {}

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

void Listener::do_accept() {
  acceptor_.async_accept(asio::make_strand(ioc_),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted) return;
  if (ec) {
    spdlog::warn("accept: {}", ec.message());
  } else {
    std::make_shared<HttpSession>(std::move(socket), router_, handlers_)->run();
  }
  do_accept();
}

}  // namespace gavel::server
