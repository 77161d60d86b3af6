#pragma once
// One client connection: reads each request's header, then either its
// body whole (ordinary requests, handed to the router on the handler pool)
// or, for a tus PATCH, streams the body to disk in chunks, so memory stays
// flat whatever the upload's size. Responses go back in order; every read
// and write has a timeout.
//
// The transport is the template parameter: plain TCP or TLS. The few steps
// that differ (starting, sending a file's bytes, closing) are specialised
// in http_session_plain.cpp and http_session_tls.cpp; everything else is
// shared (http_session.cpp), where both kinds are instantiated once.

#include "beast.hpp"
#include "file_reply.hpp"
#include "router.hpp"
#include "routes_uploads.hpp"
#include "tls_context.hpp"

#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>

namespace gavel::server {

// How long a client may keep the server waiting on any one read or write:
// 30 s, or GAVEL_IDLE_TIMEOUT_SECONDS (read once, at start-up), which the
// abuse test shortens to watch slow clients being cut in seconds.
inline const std::chrono::seconds kIdleTimeout = [] {
  const char* v = std::getenv("GAVEL_IDLE_TIMEOUT_SECONDS");
  const long seconds = v ? std::atol(v) : 0;
  return std::chrono::seconds(seconds > 0 ? seconds : 30);
}();

// What the listener asks of a connection, whatever its transport.
class Connection {
 public:
  virtual ~Connection() = default;
  // Starts reading requests, on the connection's own io_context.
  virtual void run() = 0;
  // Shutdown: a connection waiting for its next request closes now; one
  // mid-request closes after answering.
  virtual void close_if_idle() = 0;
};

template <class Stream>
class HttpSession final : public Connection, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, Router& router, asio::thread_pool& handlers);
  ~HttpSession() override;
  void run() override;
  void close_if_idle() override;

 private:
  using Chunk = std::array<char, 256 * 1024>;

  // Per transport: the first step once on the strand (plain: read the
  // first request; TLS: the handshake), a file's bytes after its header,
  // and hanging up.
  void start();
  void send_file_bytes();
  void do_close();
  // TLS only.
  void on_handshake(beast::error_code ec);
  void write_file_chunk(ssize_t filled, bool may_grow);

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
  // A FileReply: the header through Beast, then send_file_bytes().
  void on_file_header(beast::error_code ec, std::size_t bytes);
  void wait_for_file_growth();
  void finish_file();
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void log_request(unsigned status, std::uint64_t bytes);

  std::shared_ptr<HttpSession> self() { return this->shared_from_this(); }
  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }
  Chunk& chunk() {
    if (!chunk_) chunk_ = std::make_unique<Chunk>();
    return *chunk_;
  }

  struct CurrentRequest {
    std::string method;
    std::string target;
    std::chrono::steady_clock::time_point started;
    std::string client;  // behind a trusted proxy, its X-Forwarded-For client
  };

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> body_parser_;
  std::optional<http::request_parser<http::buffer_body>> upload_parser_;
  std::optional<UploadAppend> upload_;
  // An upload's next bytes from the socket, or (TLS) a file's next bytes
  // to encrypt; made on first use and dropped while the connection waits
  // for its next request.
  std::unique_ptr<Chunk> chunk_;
  std::optional<FileReply> file_;
  std::optional<http::response_serializer<http::empty_body>> file_header_;
  std::uint64_t file_sent_ = 0;
  std::uint64_t growth_seen_at_ = 0;  // file_sent_ when a growing file last grew
  std::chrono::steady_clock::time_point growth_stalled_since_;
  Router& router_;
  asio::thread_pool& handlers_;
  RequestContext context_;
  CurrentRequest current_;
  std::string reply_;  // the response being written, whole (respond_message)
  bool other_version_ = false;  // the header named an HTTP version we do not speak
  unsigned status_ = 0;  // of the response being written, for the access log
  bool idle_ = true;  // waiting for a request's first bytes (guarded by the strand)
  asio::steady_timer file_timer_;  // a slow reader's wait, or a growing file's poll
};

using PlainSession = HttpSession<beast::tcp_stream>;
using TlsSession = HttpSession<TlsStream>;

// The transport-specific steps (see above).
template <> void PlainSession::start();
template <> void PlainSession::send_file_bytes();
template <> void PlainSession::do_close();
template <> void TlsSession::start();
template <> void TlsSession::on_handshake(beast::error_code ec);
template <> void TlsSession::send_file_bytes();
template <> void TlsSession::write_file_chunk(ssize_t filled, bool may_grow);
template <> void TlsSession::do_close();

}  // namespace gavel::server
