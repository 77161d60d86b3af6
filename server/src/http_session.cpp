#include "http_session.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>
#include <limits>
#include <type_traits>

#include "client_address.hpp"
#include "request_framing.hpp"
#include "responses.hpp"

namespace gavel::server {
namespace {

// A slow office line still moves 256 KB in this long.
constexpr auto kBodyChunkTimeout = std::chrono::seconds(120);
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::uint64_t kBodyLimit = 16 * 1024 * 1024;  // captions at most; recordings are streamed
// How often a growing file is looked at. The writer appends in bursts;
// polling this often costs nothing next to cutting the clip.
constexpr auto kGrowthPoll = std::chrono::milliseconds(20);

// The connection's buffer as asio's read_until wants it: a handle it can
// copy, which lets the buffer grow no further than the header limit.
// (Never below what it holds: read_until stops only at max_size exactly.)
struct HeaderBuffer {
  using const_buffers_type = beast::flat_buffer::const_buffers_type;
  using mutable_buffers_type = beast::flat_buffer::mutable_buffers_type;
  beast::flat_buffer& buffer;
  std::size_t size() const { return buffer.size(); }
  std::size_t max_size() const { return std::max<std::size_t>(kHeaderLimit, buffer.size()); }
  std::size_t capacity() const { return buffer.capacity(); }
  const_buffers_type data() const { return buffer.data(); }
  mutable_buffers_type prepare(std::size_t n) { return buffer.prepare(n); }
  void commit(std::size_t n) { buffer.commit(n); }
  void consume(std::size_t n) { buffer.consume(n); }
};

// Where a request's header ends ("\r\n\r\n"), or at once when the first
// byte opens a TLS handshake record (0x16): a browser that was told https://
// for a plain port gets its answer now, not after the idle timeout.
struct HeaderEnd {
  template <class Iterator>
  std::pair<Iterator, bool> operator()(Iterator begin, Iterator end) const {
    if (begin != end && static_cast<unsigned char>(*begin) == 0x16) return {std::next(begin), true};
    static constexpr char kBlankLine[] = "\r\n\r\n";
    const auto found = std::search(begin, end, kBlankLine, kBlankLine + 4);
    if (found != end) return {std::next(found, 4), true};
    return {begin, false};  // headers are small: search again from the start
  }
};

// For an answer given before the request is whole; with the header's
// Accept-Language, when it was read, so the message is in its language.
Request bare_request(std::string_view accept_language = {}) {
  Request req;
  req.version(11);
  req.keep_alive(false);
  if (!accept_language.empty()) req.set(http::field::accept_language, accept_language);
  return req;
}

const Text kBodyTooLarge("request body is too large", "요청 본문이 너무 큽니다");

// Why a streamed body ended early, for its sink (body_sink.hpp).
Error body_too_large() { return Error(Errc::too_large, kBodyTooLarge); }
Error body_broken() {
  return make_error(Errc::io, "the connection ended mid-body", "본문을 보내는 도중에 연결이 끊겼습니다");
}

}  // namespace

}  // namespace gavel::server

template <>
struct boost::asio::is_match_condition<gavel::server::HeaderEnd> : std::true_type {};

namespace gavel::server {

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, Router& router, asio::thread_pool& handlers,
                                 std::chrono::seconds idle_timeout)
    : router_(router),
      handlers_(handlers),
      idle_timeout_(idle_timeout),
      stream_(std::move(stream)),
      file_timer_(stream_.get_executor()) {
  context_.secure = std::is_same_v<Stream, TlsStream>;
  beast::error_code ec;
  const auto remote = tcp().socket().remote_endpoint(ec);
  if (!ec) context_.remote_address = remote.address().to_string();
  // Responses are whole messages written at once: waiting to coalesce
  // (Nagle) would only add a delayed-ACK round trip to every small reply.
  tcp().socket().set_option(tcp::no_delay(true), ec);
  router_.services().metrics.connection_opened();
}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  router_.services().metrics.connection_closed();
}

template <class Stream>
void HttpSession<Stream>::close_if_idle() {
  asio::dispatch(stream_.get_executor(), [self = self()] {
    if (self->idle_) self->tcp().cancel();
  });
}

template <class Stream>
void HttpSession<Stream>::log_request(unsigned status, std::uint64_t bytes) {
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - current_.started).count();
  router_.services().metrics.request(route_label(current_.target), status, bytes);
  if (!router_.services().access_log) return;
  static const auto access = [] {
    auto existing = spdlog::get("access");
    return existing ? existing : spdlog::stderr_color_mt("access");
  }();
  access->info(R"({{"remote":"{}","method":"{}","target":{},"status":{},"bytes":{},"ms":{:.1f}}})",
               current_.client.empty() ? context_.remote_address : current_.client, current_.method,
               boost::json::serialize(boost::json::string(current_.target)), status, bytes, ms);
}

template <class Stream>
void HttpSession<Stream>::run() {
  // Start on the connection's strand: every step below runs on it.
  asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::start, self()));
}

template <class Stream>
void HttpSession<Stream>::do_read_header() {
  if (router_.services().shutting_down) return do_close();
  idle_ = true;
  close_after_reply_ = false;
  // An idle connection holds no buffer: a thousand keep-alive viewers over
  // TLS would otherwise keep 256 KB each.
  chunk_.reset();
  header_parser_.emplace();
  header_parser_->header_limit(kHeaderLimit);
  // Beast checks Content-Length against the limit with the header; the
  // real limits (requests, or a streamed body's own) come after it.
  header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  tcp().expires_after(idle_timeout_);
  // The whole header is read before Beast parses it, so that its raw bytes
  // can be checked (on_header_bytes).
  asio::async_read_until(stream_, HeaderBuffer{buffer_}, HeaderEnd{},
                         beast::bind_front_handler(&HttpSession::on_header_bytes, self()));
}

template <class Stream>
void HttpSession<Stream>::on_header_bytes(beast::error_code ec, std::size_t bytes) {
  if (ec == asio::error::not_found) return on_header(http::error::header_limit, 0);
  if (ec) return on_header(ec, 0);
  const auto* raw = static_cast<const char*>(buffer_.data().data());
  if (static_cast<unsigned char>(raw[0]) == 0x16) {
    idle_ = false;
    current_ = {"-", "-", std::chrono::steady_clock::now(), {}};
    return respond(error_message(bare_request(), Errc::plain_http,
                                 Text("this port speaks plain HTTP: use http://",
                                      "이 포트는 일반 HTTP를 씁니다. http://로 접속해 주세요")));
  }
  if (has_obs_fold(std::string_view(raw, bytes))) return on_header(http::error::bad_value, 0);
  const std::size_t used = header_parser_->put(buffer_.data(), ec);
  other_version_ = ec == http::error::bad_version && names_another_http_version(std::string_view(raw, bytes));
  buffer_.consume(used);
  on_header(ec, used);
}

// Answers what a client can be told (431, 413, 400); false to just close.
template <class Stream>
bool HttpSession<Stream>::answer_read_error(beast::error_code ec) {
  if (ec == http::error::header_limit) {
    respond(error_message(bare_request(), Errc::headers_too_large,
                          Text("request headers are too large", "요청 헤더가 너무 큽니다")));
    return true;
  }
  if (ec == http::error::body_limit) {
    respond(error_message(bare_request(), Errc::body_too_large, kBodyTooLarge));
    return true;
  }
  if (other_version_) {
    respond(error_message(
        bare_request(), Errc::http_version,
        Text("this server speaks HTTP/1.1 and HTTP/1.0", "이 서버는 HTTP/1.1과 HTTP/1.0만 받습니다")));
    return true;
  }
  const bool malformed = ec.category() == beast::error_code(http::error::bad_method).category() &&
                         ec != http::error::partial_message && ec != http::error::end_of_stream;
  if (malformed) {
    respond(error_message(bare_request(), Errc::bad_request,
                          Text("malformed request", "요청 형식이 잘못되었습니다")));
    return true;
  }
  return false;
}

template <class Stream>
void HttpSession<Stream>::on_header(beast::error_code ec, std::size_t) {
  idle_ = false;
  current_ = {"-", "-", std::chrono::steady_clock::now(), {}};
  if (ec) {
    if (!answer_read_error(ec)) do_close();
    return;
  }
  const auto& header = header_parser_->get();
  current_.method = std::string(header.method_string());
  current_.target = std::string(header.target().substr(0, 512));
  current_.client =
      client_address(context_.remote_address, header["X-Forwarded-For"], router_.services().trusted_proxies);
  const auto language = header[http::field::accept_language];
  if (has_unframed_body(*header_parser_))
    return respond(error_message(
        bare_request(language), Errc::bad_request,
        Text("Transfer-Encoding must end with chunked", "Transfer-Encoding은 chunked로 끝나야 합니다")));
  if (router_.streams_body(header.base())) return open_stream();
  // The declared length was not checked with the header (see do_read_header).
  if (const auto declared = header_parser_->content_length(); declared && *declared > kBodyLimit)
    return respond(error_message(bare_request(language), Errc::body_too_large, kBodyTooLarge));
  const bool has_body = !header_parser_->is_done();
  body_parser_.emplace(std::move(*header_parser_));
  body_parser_->body_limit(kBodyLimit);
  if (!has_body) return on_body({}, 0);  // a GET: nothing more to read
  http::async_read(stream_, buffer_, *body_parser_, beast::bind_front_handler(&HttpSession::on_body, self()));
}

// The client the header named (behind a trusted proxy), resolved once in
// on_header for both the routes and the access log.
template <class Stream>
RequestContext HttpSession<Stream>::request_context() const {
  RequestContext ctx = context_;
  if (current_.client != ctx.remote_address) {
    ctx.peer_address = ctx.remote_address;
    ctx.remote_address = current_.client;
  }
  return ctx;
}

template <class Stream>
void HttpSession<Stream>::on_body(beast::error_code ec, std::size_t) {
  if (ec) {
    if (!answer_read_error(ec)) do_close();
    return;
  }
  // Hot media (cached meeting, file in the page cache) is answered here;
  // anything that may block (SQLite, disk) runs on the handler pool, then
  // comes back to this connection's strand to write.
  if (auto fast = router_.handle_nonblocking(body_parser_->get())) return respond(std::move(*fast));
  asio::post(handlers_, [self = self(), req = body_parser_->release(), ctx = request_context()] {
    auto response = self->router_.handle(req, ctx);
    asio::post(self->stream_.get_executor(),
               [self, response = std::move(response)]() mutable { self->respond(std::move(response)); });
  });
}

template <class Stream>
void HttpSession<Stream>::open_stream() {
  // The pool gets its own copy of the header: the parser stays the strand's.
  asio::post(handlers_,
             [self = self(), header = RequestHeader(header_parser_->get().base()), ctx = request_context()] {
               auto started = self->router_.stream_for(header, ctx);
               asio::post(self->stream_.get_executor(), [self, started = std::move(started)]() mutable {
                 self->on_stream_opened(std::move(started));
               });
             });
}

template <class Stream>
void HttpSession<Stream>::on_stream_opened(StreamStart started) {
  if (auto* refusal = std::get_if<Reply>(&started)) {
    // A body left unread leaves no request boundary to read the next from.
    close_after_reply_ = !header_parser_->is_done();
    return respond(std::move(*refusal));
  }
  auto sink = std::move(std::get<std::unique_ptr<BodySink>>(started));
  const std::uint64_t limit = sink->body_limit();
  // The header was parsed before the limit was known, so a declared
  // length is checked here; chunked bodies meet body_limit as they arrive.
  if (const auto declared = header_parser_->content_length(); declared && *declared > limit)
    return end_stream(std::move(sink), body_too_large());
  stream_parser_.emplace(std::move(*header_parser_));
  stream_parser_->body_limit(limit);
  sink_ = std::move(sink);
  read_stream_chunk();
}

template <class Stream>
void HttpSession<Stream>::read_stream_chunk() {
  if (stream_parser_->is_done()) return end_stream(std::move(sink_), std::nullopt);
  auto& body = stream_parser_->get().body();
  body.data = chunk().data();
  body.size = chunk().size();
  tcp().expires_after(kBodyChunkTimeout);
  http::async_read(stream_, buffer_, *stream_parser_,
                   beast::bind_front_handler(&HttpSession::on_stream_chunk, self()));
}

template <class Stream>
void HttpSession<Stream>::on_stream_chunk(beast::error_code ec, std::size_t) {
  if (ec == http::error::need_buffer) ec = {};  // the chunk is full: a normal stop
  const std::size_t filled = chunk_->size() - stream_parser_->get().body().size;
  router_.services().metrics.upload_bytes(filled);
  // The sink writes on the pool, never on an io thread; it and the chunk
  // travel with the task and come back with its answer.
  asio::post(handlers_,
             [self = self(), sink = std::move(sink_), chunk = std::move(chunk_), filled, ec]() mutable {
               // What arrived before an error is the sink's all the same.
               Result<void> written{};
               if (filled > 0) written = sink->write(std::string_view(chunk->data(), filled));
               if (!written) return self->end_stream(std::move(sink), written.error());
               if (ec == http::error::body_limit) return self->end_stream(std::move(sink), body_too_large());
               if (ec) return self->end_stream(std::move(sink), body_broken(), /*answer=*/false);
               asio::post(self->stream_.get_executor(),
                          [self, sink = std::move(sink), chunk = std::move(chunk)]() mutable {
                            self->sink_ = std::move(sink);
                            self->chunk_ = std::move(chunk);
                            self->read_stream_chunk();
                          });
             });
}

template <class Stream>
void HttpSession<Stream>::end_stream(std::unique_ptr<BodySink> sink, std::optional<Error> why, bool answer) {
  asio::post(handlers_, [self = self(), sink = std::move(sink), why = std::move(why), answer]() mutable {
    auto reply = why ? sink->fail(*why) : sink->finish();
    sink.reset();  // on the pool too: closing what it holds may block
    asio::post(self->stream_.get_executor(),
               [self, reply = std::move(reply), early = why.has_value(), answer]() mutable {
                 self->stream_parser_.reset();
                 if (!answer) return self->do_close();
                 self->close_after_reply_ = early;  // the rest of the body stays unread
                 self->respond(std::move(reply));
               });
  });
}

template <class Stream>
void HttpSession<Stream>::respond(Reply reply) {
  status_ = reply.status();
  if (auto* message = reply.message()) return respond_message(std::move(*message));
  file_.emplace(std::move(*reply.file()), idle_timeout_);
  file_header_.emplace(file_->reply().header());
  tcp().expires_after(idle_timeout_);
  http::async_write_header(stream_, *file_header_,
                           beast::bind_front_handler(&HttpSession::on_file_header, self()));
}

template <class Stream>
void HttpSession<Stream>::on_file_header(beast::error_code ec, std::size_t) {
  if (ec) return do_close();
  send_file_bytes();
}

template <class Stream>
void HttpSession<Stream>::send_file_bytes() {
  if (file_->done()) return finish_file();
  const bool may_grow = file_->may_grow();  // before the read (file_send.hpp)
  on_file_step(file_step(false), may_grow);
}

template <class Stream>
void HttpSession<Stream>::on_file_step(FileStep step, bool may_grow) {
  switch (step.outcome) {
    case FileStep::sent:
      file_->advance(step.bytes);
      if (file_->done()) return finish_file();
      // The other connections on this thread get their turn between a
      // large body's windows: one fast reader must not hold up the rest.
      return asio::post(stream_.get_executor(),
                        beast::bind_front_handler(&HttpSession::send_file_bytes, self()));
    case FileStep::read:
      return write_file_chunk(step.bytes);
    case FileStep::end:
      if (may_grow) return wait_for_file_growth();
      return do_close();  // the file shrank under us
    case FileStep::disk:
      // A read that would wait for the disk goes to the handler pool, like
      // every other blocking step; nothing else of this connection runs
      // until it is back.
      return asio::post(handlers_, [self = self(), may_grow] {
        const auto step = self->file_step(true);
        asio::post(self->stream_.get_executor(),
                   [self, step, may_grow] { self->on_file_step(step, may_grow); });
      });
    case FileStep::socket_full:
      return wait_until_writable();
    case FileStep::failed:
      return do_close();  // a read error, or the peer left
  }
}

template <class Stream>
void HttpSession<Stream>::wait_until_writable() {
  // A slow reader gets as long per wait as any other write.
  file_timer_.expires_after(idle_timeout_);
  file_timer_.async_wait([self = self()](beast::error_code e) {
    if (!e) self->tcp().socket().cancel();
  });
  tcp().socket().async_wait(tcp::socket::wait_write, [self = self()](beast::error_code e) {
    self->file_timer_.cancel();
    if (e) return self->do_close();
    self->send_file_bytes();
  });
}

template <class Stream>
void HttpSession<Stream>::wait_for_file_growth() {
  // A clip that stops growing for as long as a client may stall is given
  // up on like a stalled client.
  if (!file_->keep_waiting()) return do_close();
  file_timer_.expires_after(kGrowthPoll);
  file_timer_.async_wait([self = self()](beast::error_code e) {
    if (e) return self->do_close();
    self->send_file_bytes();
  });
}

template <class Stream>
void HttpSession<Stream>::finish_file() {
  const bool keep_alive = keep_open(file_->reply().keep_alive());
  const auto sent = file_->sent();
  file_header_.reset();
  file_.reset();
  on_write(keep_alive, {}, sent);
}

template <class Stream>
bool HttpSession<Stream>::keep_open(bool response_keep_alive) const {
  return response_keep_alive && !close_after_reply_ && !router_.services().shutting_down;
}

template <class Stream>
void HttpSession<Stream>::respond_message(http::message_generator response) {
  const bool keep_alive = keep_open(response.keep_alive());
  // These bodies are already in memory: the whole response goes out in one
  // write. (Beast's generator hands over 16 buffers at a time, and a
  // response's header fields alone are more: two system calls per reply.)
  beast::error_code ec;
  reply_.clear();
  while (!response.is_done()) {
    const auto buffers = response.prepare(ec);
    if (ec) return do_close();
    const auto n = beast::buffer_bytes(buffers);
    for (auto b : beast::buffers_range(buffers)) reply_.append(static_cast<const char*>(b.data()), b.size());
    response.consume(n);
  }
  tcp().expires_after(idle_timeout_);
  asio::async_write(stream_, asio::buffer(reply_),
                    beast::bind_front_handler(&HttpSession::on_write, self(), keep_alive));
}

template <class Stream>
void HttpSession<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t bytes) {
  log_request(status_, bytes);
  if (reply_.capacity() > 64 * 1024)
    std::string().swap(reply_);  // a large JSON body is not kept per connection
  if (ec || !keep_alive) return do_close();
  do_read_header();
}

template class HttpSession<beast::tcp_stream>;
template class HttpSession<TlsStream>;

}  // namespace gavel::server
