#pragma once
// One client connection: reads requests, hands each to the router on the
// handler pool, writes the response back in order. Timeouts on every read
// and write, so a stalled client cannot hold a connection for ever.

#include "beast.hpp"
#include "router.hpp"

#include <memory>
#include <optional>

namespace gavel::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, Router& router, asio::thread_pool& handlers);
  void run();

 private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void on_handled(http::message_generator response);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void do_close();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Router& router_;
  asio::thread_pool& handlers_;
  RequestContext context_;
};

}  // namespace gavel::server
