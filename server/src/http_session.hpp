#pragma once
// One client connection: reads each request's header, then either its
// body whole (ordinary requests, handed to the router on the handler pool)
// or, for a tus PATCH, streams the body to disk in chunks, so memory stays
// flat whatever the upload's size. Responses go back in order; every read
// and write has a timeout.

#include "beast.hpp"
#include "router.hpp"
#include "file_reply.hpp"
#include "routes_uploads.hpp"

#include <array>
#include <chrono>
#include <memory>
#include <optional>

namespace gavel::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, Router& router, asio::thread_pool& handlers);
  ~HttpSession();
  void run();
  // Shutdown: a connection waiting for its next request closes now; one
  // mid-request closes after answering.
  void close_if_idle();

 private:
  void do_read_header();
  void on_header_bytes(beast::error_code ec, std::size_t bytes);
  void on_header(beast::error_code ec, std::size_t bytes);
  void on_body(beast::error_code ec, std::size_t bytes);
  bool answer_read_error(beast::error_code ec);

  // The tus PATCH path.
  void start_upload();
  void on_upload_begun(std::variant<UploadAppend, http::message_generator> begun, std::uint64_t max_body);
  void read_upload_chunk();
  void on_upload_chunk(beast::error_code ec, std::size_t bytes);
  void finish_upload(bool complete);

  void respond(Reply reply);
  void respond_message(http::message_generator response);
  // The sendfile path: header through Beast, bytes straight from the page
  // cache to the socket.
  void on_file_header(beast::error_code ec, std::size_t bytes);
  void send_file_bytes();
  void wait_for_file_growth();
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void do_close();
  void log_request(unsigned status, std::uint64_t bytes);

  struct CurrentRequest {
    std::string method;
    std::string target;
    std::chrono::steady_clock::time_point started;
  };

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> body_parser_;
  std::optional<http::request_parser<http::buffer_body>> upload_parser_;
  std::optional<UploadAppend> upload_;
  std::unique_ptr<std::array<char, 256 * 1024>> chunk_;
  std::optional<FileReply> file_;
  std::optional<http::response_serializer<http::empty_body>> file_header_;
  std::uint64_t file_sent_ = 0;
  std::uint64_t growth_seen_at_ = 0;  // file_sent_ when a growing file last grew
  std::chrono::steady_clock::time_point growth_stalled_since_;
  Router& router_;
  asio::thread_pool& handlers_;
  RequestContext context_;
  CurrentRequest current_;
  unsigned status_ = 0;  // of the response being written, for the access log
  bool idle_ = true;  // waiting for a request's first bytes (guarded by the strand)
  asio::steady_timer file_timer_;  // a slow reader's sendfile wait
};

}  // namespace gavel::server
