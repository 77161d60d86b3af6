#include "http_session.hpp"

#include "responses.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace gavel::server {
namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::uint64_t kBodyLimit = 16 * 1024 * 1024;  // captions at most; recordings go through tus

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, Router& router, asio::thread_pool& handlers)
    : stream_(std::move(socket)), router_(router), handlers_(handlers) {
  beast::error_code ec;
  const auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) context_.remote_address = remote.address().to_string();
}

void HttpSession::run() {
  // Start on the connection's strand: every step below runs on it.
  asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(kBodyLimit);
  stream_.expires_after(kIdleTimeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::header_limit || ec == http::error::body_limit) {
    Request req;
    req.version(11);
    req.keep_alive(false);
    const bool header = ec == http::error::header_limit;
    return on_handled(error_response(req,
                                     header ? http::status::request_header_fields_too_large
                                            : http::status::payload_too_large,
                                     header ? "headers_too_large" : "body_too_large",
                                     header ? "request headers are too large" : "request body is too large"));
  }
  if (ec == beast::error::timeout) return do_close();
  if (ec) {
    if (ec.category() == beast::error_code(http::error::bad_method).category() &&
        ec != http::error::partial_message) {
      Request req;
      req.version(11);
      req.keep_alive(false);
      return on_handled(error_response(req, http::status::bad_request, "bad_request", "malformed request"));
    }
    return do_close();
  }
  // The router may block (SQLite, disk): run it on the handler pool, then
  // come back to this connection's strand to write.
  asio::post(handlers_, [self = shared_from_this(), req = parser_->release()]() mutable {
    auto response = self->router_.handle(req, self->context_);
    asio::post(self->stream_.get_executor(),
               [self, response = std::move(response)]() mutable { self->on_handled(std::move(response)); });
  });
}

void HttpSession::on_handled(http::message_generator response) {
  const bool keep_alive = response.keep_alive();
  stream_.expires_after(kIdleTimeout);
  beast::async_write(stream_, std::move(response),
                     beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec) return do_close();
  if (!keep_alive) return do_close();
  do_read();
}

void HttpSession::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace gavel::server
