#pragma once
// Accepts connections and starts a session for each.

#include "beast.hpp"
#include "router.hpp"

#include <memory>

namespace gavel::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, Router& router, asio::thread_pool& handlers);
  beast::error_code listen(const tcp::endpoint& endpoint);
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void run() { do_accept(); }
  void stop();

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  Router& router_;
  asio::thread_pool& handlers_;
};

}  // namespace gavel::server
