#include "http_session.hpp"

#include "client_address.hpp"
#include "request_framing.hpp"
#include "responses.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <type_traits>

namespace gavel::server {
namespace {

// A slow office line still moves 256 KB in this long.
constexpr auto kUploadChunkTimeout = std::chrono::seconds(120);
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::uint64_t kBodyLimit = 16 * 1024 * 1024;  // captions at most; recordings go through tus

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

}  // namespace

}  // namespace gavel::server

template <>
struct boost::asio::is_match_condition<gavel::server::HeaderEnd> : std::true_type {};

namespace gavel::server {

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, Router& router, asio::thread_pool& handlers)
    : stream_(std::move(stream)), router_(router), handlers_(handlers), file_timer_(stream_.get_executor()) {
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
HttpSession<Stream>::~HttpSession() { router_.services().metrics.connection_closed(); }

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
               current_.client.empty() ? context_.remote_address : current_.client, current_.method, boost::json::serialize(boost::json::string(current_.target)),
               status, bytes, ms);
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
  // An idle connection holds no buffer: a thousand keep-alive viewers over
  // TLS would otherwise keep 256 KB each.
  chunk_.reset();
  header_parser_.emplace();
  header_parser_->header_limit(kHeaderLimit);
  // Beast checks Content-Length against the limit with the header; the
  // real limits (requests, or an upload's remaining bytes) come after it.
  header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  tcp().expires_after(kIdleTimeout);
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
    return respond(error_response(bare_request(), http::status::bad_request, "plain_http",
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
    respond(error_response(bare_request(), http::status::request_header_fields_too_large, "headers_too_large",
                           Text("request headers are too large", "요청 헤더가 너무 큽니다")));
    return true;
  }
  if (ec == http::error::body_limit) {
    respond(error_response(bare_request(), http::status::payload_too_large, "body_too_large", kBodyTooLarge));
    return true;
  }
  if (other_version_) {
    respond(error_response(
        bare_request(), http::status::http_version_not_supported, "http_version",
        Text("this server speaks HTTP/1.1 and HTTP/1.0", "이 서버는 HTTP/1.1과 HTTP/1.0만 받습니다")));
    return true;
  }
  const bool malformed = ec.category() == beast::error_code(http::error::bad_method).category() &&
                         ec != http::error::partial_message && ec != http::error::end_of_stream;
  if (malformed) {
    respond(error_response(bare_request(), http::status::bad_request, "bad_request",
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
  current_.client = client_address(context_.remote_address, header["X-Forwarded-For"],
                                   router_.services().trusted_proxies);
  const auto language = header[http::field::accept_language];
  if (has_unframed_body(*header_parser_))
    return respond(error_response(
        bare_request(language), http::status::bad_request, "bad_request",
        Text("Transfer-Encoding must end with chunked", "Transfer-Encoding은 chunked로 끝나야 합니다")));
  if (is_upload_patch(header_parser_->get().base())) return start_upload();
  // The declared length was not checked with the header (see do_read_header).
  if (const auto declared = header_parser_->content_length(); declared && *declared > kBodyLimit)
    return respond(error_response(bare_request(language), http::status::payload_too_large, "body_too_large",
                                  kBodyTooLarge));
  const bool has_body = !header_parser_->is_done();
  body_parser_.emplace(std::move(*header_parser_));
  body_parser_->body_limit(kBodyLimit);
  if (!has_body) return on_body({}, 0);  // a GET: nothing more to read
  http::async_read(stream_, buffer_, *body_parser_, beast::bind_front_handler(&HttpSession::on_body, self()));
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
  // The client the header named (behind a trusted proxy), resolved once in
  // on_header for both the routes and the access log.
  RequestContext ctx = context_;
  if (current_.client != ctx.remote_address) {
    ctx.peer_address = ctx.remote_address;
    ctx.remote_address = current_.client;
  }
  asio::post(handlers_, [self = self(), req = body_parser_->release(), ctx = std::move(ctx)]() mutable {
    auto response = self->router_.handle(req, ctx);
    asio::post(self->stream_.get_executor(),
               [self, response = std::move(response)]() mutable { self->respond(std::move(response)); });
  });
}

template <class Stream>
void HttpSession<Stream>::start_upload() {
  asio::post(handlers_, [self = self()]() mutable {
    std::uint64_t max_body = 0;
    auto begun = begin_upload_patch(self->router_.services(), self->header_parser_->get().base(), max_body);
    asio::post(self->stream_.get_executor(), [self, begun = std::move(begun), max_body]() mutable {
      self->on_upload_begun(std::move(begun), max_body);
    });
  });
}

template <class Stream>
void HttpSession<Stream>::on_upload_begun(std::variant<UploadAppend, http::message_generator> begun, std::uint64_t max_body) {
  // A refusal leaves the body unread; begin_upload_patch marks it so this
  // connection closes after answering.
  if (auto* refusal = std::get_if<http::message_generator>(&begun)) return respond(std::move(*refusal));
  // The header was parsed before the limit was known, so a declared
  // length is checked here; chunked bodies meet body_limit as they arrive.
  const auto declared = header_parser_->content_length();
  if (declared && *declared > max_body) {
    auto response = failed_upload_patch(router_.services(), header_parser_->get().base(),
                                        make_error("too_large", "more bytes than the upload has left",
                                                   "업로드에 남은 크기보다 많은 바이트를 보냈습니다"));
    return respond(std::move(response));
  }
  upload_.emplace(std::move(std::get<UploadAppend>(begun)));
  upload_parser_.emplace(std::move(*header_parser_));
  upload_parser_->body_limit(max_body);
  read_upload_chunk();
}

template <class Stream>
void HttpSession<Stream>::read_upload_chunk() {
  if (upload_parser_->is_done()) return finish_upload(true);
  auto& body = upload_parser_->get().body();
  body.data = chunk().data();
  body.size = chunk().size();
  tcp().expires_after(kUploadChunkTimeout);
  http::async_read(stream_, buffer_, *upload_parser_,
                   beast::bind_front_handler(&HttpSession::on_upload_chunk, self()));
}

template <class Stream>
void HttpSession<Stream>::on_upload_chunk(beast::error_code ec, std::size_t) {
  if (ec == http::error::need_buffer) ec = {};
  const std::size_t filled = chunk_->size() - upload_parser_->get().body().size;
  // Disk writes run on the handler pool, never on an io thread.
  asio::post(handlers_, [self = self(), filled, ec]() mutable {
    Result<void> written{};
    if (filled > 0) written = self->upload_->write(self->chunk_->data(), filled);
    self->router_.services().metrics.upload_bytes(filled);
    if (ec || !written) {
      // Keep what arrived (tus resumes from the stored offset; a chunk with
      // a checksum is undone), then answer whoever is still there.
      const auto& header = self->upload_parser_->get().base();
      Error e = !written                        ? written.error()
                : ec == http::error::body_limit ? make_error("too_large", "more bytes than Upload-Length",
                                                             "Upload-Length보다 많은 바이트를 보냈습니다")
                                                : make_error("io", "the connection ended mid-chunk",
                                                             "조각을 보내는 도중에 연결이 끊겼습니다");
      (void)self->router_.services().uploads.finish(std::move(*self->upload_), false);
      auto response = failed_upload_patch(self->router_.services(), header, e);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response), ec]() mutable {
        self->upload_.reset();
        if (ec && ec != http::error::body_limit) return self->do_close();
        self->respond(std::move(response));
      });
      return;
    }
    asio::post(self->stream_.get_executor(), [self]() { self->read_upload_chunk(); });
  });
}

template <class Stream>
void HttpSession<Stream>::finish_upload(bool complete) {
  asio::post(handlers_, [self = self(), complete]() mutable {
    auto response = finish_upload_patch(self->router_.services(), self->upload_parser_->get().base(),
                                        std::move(*self->upload_), complete);
    asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
      self->upload_.reset();
      self->upload_parser_.reset();
      self->respond(std::move(response));
    });
  });
}

template <class Stream>
void HttpSession<Stream>::respond(Reply reply) {
  if (auto* message = std::get_if<http::message_generator>(&reply)) return respond_message(std::move(*message));
  file_.emplace(std::move(std::get<FileReply>(reply)));
  status_ = file_->header().result_int();
  file_sent_ = 0;
  growth_seen_at_ = 0;
  growth_stalled_since_ = std::chrono::steady_clock::now();
  file_header_.emplace(file_->header());
  tcp().expires_after(kIdleTimeout);
  http::async_write_header(stream_, *file_header_,
                           beast::bind_front_handler(&HttpSession::on_file_header, self()));
}

template <class Stream>
void HttpSession<Stream>::on_file_header(beast::error_code ec, std::size_t) {
  if (ec) return do_close();
  send_file_bytes();
}

template <class Stream>
void HttpSession<Stream>::finish_file() {
  const bool keep_alive = file_->keep_alive() && !router_.services().shutting_down;
  file_header_.reset();
  file_.reset();
  on_write(keep_alive, {}, file_sent_);
}

template <class Stream>
void HttpSession<Stream>::wait_for_file_growth() {
  // The writer appends in bursts; polling this often costs nothing next to
  // cutting the clip, and a clip that stops growing for as long as a
  // client may stall is given up on like a stalled client.
  constexpr auto kPoll = std::chrono::milliseconds(20);
  const auto now = std::chrono::steady_clock::now();
  if (file_sent_ != growth_seen_at_) {
    growth_seen_at_ = file_sent_;
    growth_stalled_since_ = now;
  } else if (now - growth_stalled_since_ > kIdleTimeout) {
    return do_close();
  }
  file_timer_.expires_after(kPoll);
  file_timer_.async_wait([self = self()](beast::error_code e) {
    if (e) return self->do_close();
    self->send_file_bytes();
  });
}

template <class Stream>
void HttpSession<Stream>::respond_message(http::message_generator response) {
  const bool keep_alive = response.keep_alive() && !router_.services().shutting_down;
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
  // "HTTP/1.1 200 ..."
  status_ = reply_.size() >= 12 ? static_cast<unsigned>(std::atoi(reply_.c_str() + 9)) : 0;
  tcp().expires_after(kIdleTimeout);
  asio::async_write(stream_, asio::buffer(reply_),
                    beast::bind_front_handler(&HttpSession::on_write, self(), keep_alive));
}

template <class Stream>
void HttpSession<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t bytes) {
  log_request(status_, bytes);
  if (reply_.capacity() > 64 * 1024) std::string().swap(reply_);  // a large JSON body is not kept per connection
  if (ec || !keep_alive) return do_close();
  do_read_header();
}

template class HttpSession<beast::tcp_stream>;
template class HttpSession<TlsStream>;

}  // namespace gavel::server
