#pragma once
// Accepts connections and starts a session for each: plain HTTP, or HTTPS
// when given a TLS context.

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "beast.hpp"
#include "router.hpp"

namespace gavel::server {

class Connection;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Connections are spread round-robin over `iocs` (one thread each); the
  // acceptor itself runs on the first. With `tls`, every connection is
  // HTTPS. `idle_timeout` is each connection's (HttpSession).
  Listener(std::vector<asio::io_context*> iocs, Router& router, asio::thread_pool& handlers,
           std::chrono::seconds idle_timeout, std::shared_ptr<asio::ssl::context> tls = nullptr);
  beast::error_code listen(const tcp::endpoint& endpoint);
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void run() { do_accept(); }
  void stop();
  // Asks every open connection to close once it is idle.
  void close_idle_sessions();
  // A renewed certificate for connections accepted from now on (a listener
  // started without TLS stays plain).
  void replace_tls(std::shared_ptr<asio::ssl::context> tls);

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  // Over the connection limit.
  void refuse(tcp::socket& socket);
  std::shared_ptr<Connection> make_session(tcp::socket&& socket);

  std::vector<asio::io_context*> iocs_;
  std::size_t next_ = 0;  // which io_context gets the next connection
  tcp::acceptor acceptor_;
  Router& router_;
  asio::thread_pool& handlers_;
  const std::chrono::seconds idle_timeout_;
  const bool https_;
  std::mutex tls_mutex_;  // guards tls_ and retired_
  std::shared_ptr<asio::ssl::context> tls_;
  // Contexts replaced by a reload stay alive: connections made with them
  // may still use them, and a renewal a few times a year costs a few KB.
  std::vector<std::shared_ptr<asio::ssl::context>> retired_;
  int max_connections_ = 10000;
  std::mutex sessions_mutex_;  // guards sessions_
  std::vector<std::weak_ptr<Connection>> sessions_;

 public:
  void set_max_connections(int n) { max_connections_ = n; }
};

}  // namespace gavel::server
