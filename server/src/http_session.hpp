#pragma once
// One client connection: reads each request's header, then either its
// body whole (ordinary requests, handed to the router on the handler pool)
// or, when the router streams that request's body (router.hpp), in chunks
// fed to a BodySink, so memory stays flat whatever the body's size.
// Responses go back in order; every read and write has a timeout.
//
// The transport is the template parameter: plain TCP or TLS. The few steps
// that differ (starting, moving a file's bytes, closing) are specialised
// in http_session_plain.cpp and http_session_tls.cpp; everything else is
// shared (http_session.cpp), where both kinds are instantiated once.
//
// Threading: every member runs on the connection's strand (its io_context
// has one thread), except the handler-pool tasks it posts, which run while
// the strand has no operation of this connection pending:
// - a BodySink call gets the sink and the chunk moved into its task, and
//   the session has neither until the task posts them back;
// - file_step(true) uses file_ and chunk_, which the strand leaves alone
//   until the task posts its FileStep back.

#include <array>
#include <chrono>
#include <memory>
#include <optional>

#include "beast.hpp"
#include "body_sink.hpp"
#include "file_send.hpp"
#include "router.hpp"
#include "tls_context.hpp"

namespace gavel::server {

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
  // `idle_timeout`: how long a client may keep the server waiting on any
  // one read or write, and how long a growing file may stall.
  HttpSession(Stream&& stream, Router& router, asio::thread_pool& handlers,
              std::chrono::seconds idle_timeout);
  ~HttpSession() override;
  void run() override;
  void close_if_idle() override;

 private:
  using Chunk = std::array<char, 256 * 1024>;

  // How one attempt to move a file's next bytes ended.
  struct FileStep {
    enum Outcome {
      sent,         // `bytes` reached the socket (sendfile)
      read,         // `bytes` are in chunk_, to be written (TLS)
      end,          // the file has no more bytes now
      disk,         // they are not in the page cache: try again on the pool
      socket_full,  // the client is not reading: wait until it does
      failed,
    } outcome;
    std::size_t bytes = 0;
  };

  // Per transport: the first step once on the strand (plain: read the
  // first request; TLS: the handshake), moving a file's next bytes and
  // hanging up. file_step(false) never waits for the disk (it answers
  // `disk`); file_step(true) may, on the handler pool.
  void start();
  FileStep file_step(bool may_block);
  void write_file_chunk(std::size_t filled);  // the `read` outcome
  void do_close();
  // TLS only.
  void on_handshake(beast::error_code ec);

  void do_read_header();
  void on_header_bytes(beast::error_code ec, std::size_t bytes);
  void on_header(beast::error_code ec, std::size_t bytes);
  void on_body(beast::error_code ec, std::size_t bytes);
  bool answer_read_error(beast::error_code ec);
  RequestContext request_context() const;

  // A streamed body (BodySink).
  void open_stream();
  void on_stream_opened(StreamStart started);
  void read_stream_chunk();
  void on_stream_chunk(beast::error_code ec, std::size_t bytes);
  // Hands the sink its last call on the pool (finish(), or fail(*why)),
  // then sends the reply; with `answer` false the client is gone: close.
  void end_stream(std::unique_ptr<BodySink> sink, std::optional<Error> why, bool answer = true);

  void respond(Reply reply);
  void respond_message(http::message_generator response);
  // A FileReply: the header through Beast, then the body step by step.
  void on_file_header(beast::error_code ec, std::size_t bytes);
  void send_file_bytes();
  void on_file_step(FileStep step, bool may_grow);
  void wait_until_writable();
  void wait_for_file_growth();
  void finish_file();
  bool keep_open(bool response_keep_alive) const;
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

  // Constant after construction.
  Router& router_;
  asio::thread_pool& handlers_;
  const std::chrono::seconds idle_timeout_;

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> body_parser_;
  std::optional<http::request_parser<http::buffer_body>> stream_parser_;
  std::unique_ptr<BodySink> sink_;  // between chunks of a streamed body
  // A streamed body's next bytes from the socket, or (TLS) a file's next
  // bytes to encrypt; made on first use and dropped while the connection
  // waits for its next request.
  std::unique_ptr<Chunk> chunk_;
  std::optional<FileSend> file_;
  std::optional<http::response_serializer<http::empty_body>> file_header_;
  RequestContext context_;
  CurrentRequest current_;
  std::string reply_;               // the response being written, whole (respond_message)
  bool other_version_ = false;      // the header named an HTTP version we do not speak
  unsigned status_ = 0;             // of the response being written, for the access log
  bool close_after_reply_ = false;  // the request's body was left unread
  bool idle_ = true;                // waiting for a request's first bytes
  asio::steady_timer file_timer_;   // a slow reader's wait, or a growing file's poll
};

using PlainSession = HttpSession<beast::tcp_stream>;
using TlsSession = HttpSession<TlsStream>;

// The transport-specific steps (see above).
template <>
void PlainSession::start();
template <>
PlainSession::FileStep PlainSession::file_step(bool may_block);
template <>
void PlainSession::write_file_chunk(std::size_t filled);
template <>
void PlainSession::do_close();
template <>
void TlsSession::start();
template <>
void TlsSession::on_handshake(beast::error_code ec);
template <>
TlsSession::FileStep TlsSession::file_step(bool may_block);
template <>
void TlsSession::write_file_chunk(std::size_t filled);
template <>
void TlsSession::do_close();

}  // namespace gavel::server
