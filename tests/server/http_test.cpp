// The server over real sockets: keep-alive, limits, and serving while a
// misbehaving client holds a connection.
#include <gtest/gtest.h>

#include "beast.hpp"
#include "cold_file.hpp"
#include "fixtures.hpp"
#include "gavel/server/server.hpp"

namespace gavel::server {
namespace {

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = index::open_sqlite_in_memory();
    ASSERT_TRUE(opened);
    index_ = std::move(*opened);
    data_.create();
    ServerConfig config;
    config.port = 0;
    config.web_root = dir_ / "web";
    server_ = std::make_unique<Server>(config, *index_, data_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }

  void connect(beast::tcp_stream& stream) {
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  }

  http::response<http::string_body> exchange(beast::tcp_stream& stream, const Request& req) {
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
  }

  // The one response a raw request gets; the error if none came.
  std::pair<http::response<http::string_body>, beast::error_code> read_answer(beast::tcp_stream& stream) {
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    beast::error_code ec;
    http::read(stream, buffer, res, ec);
    return {std::move(res), ec};
  }

  test::TempDir dir_;
  worker::DataDir data_{dir_.path() / "data"};
  std::unique_ptr<index::Store> index_;
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  asio::io_context ioc_;
};

TEST_F(HttpTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  beast::tcp_stream stream(ioc_);
  connect(stream);
  for (int i = 0; i < 3; ++i) {
    Request req{http::verb::get, "/healthz", 11};
    req.set(http::field::host, "localhost");
    auto res = exchange(stream, req);
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_TRUE(res.keep_alive());
  }
}

TEST_F(HttpTest, OversizedHeadersGet431) {
  beast::tcp_stream stream(ioc_);
  connect(stream);
  Request req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "localhost");
  req.set("X-Filler", std::string(20 * 1024, 'a'));
  auto res = exchange(stream, req);
  EXPECT_EQ(res.result(), http::status::request_header_fields_too_large);
}

TEST_F(HttpTest, OversizedBodiesGet413BeforeTheyAreRead) {
  beast::tcp_stream stream(ioc_);
  connect(stream);
  // Only the header is sent: the answer must not wait for 64 MB.
  asio::write(stream, asio::buffer(
                          std::string("POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\n"
                                      "Content-Type: application/json\r\nContent-Length: 67108864\r\n\r\n")));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result(), http::status::payload_too_large);
}

TEST_F(HttpTest, MalformedRequestLineGets400) {
  beast::tcp_stream stream(ioc_);
  connect(stream);
  asio::write(stream, asio::buffer(std::string("GARBAGE\r\n\r\n")));
  auto [res, ec] = read_answer(stream);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result(), http::status::bad_request);
}

TEST_F(HttpTest, AnotherHttpVersionGets505AndABrokenOne400) {
  for (auto [line, status] : {std::pair{"GET /healthz HTTP/2.0", http::status::http_version_not_supported},
                              std::pair{"GET /healthz HTTP/9.9", http::status::http_version_not_supported},
                              std::pair{"GET /healthz HTTP/1.x", http::status::bad_request},
                              std::pair{"GET /healthz HTTX/1.1", http::status::bad_request}}) {
    beast::tcp_stream stream(ioc_);
    connect(stream);
    asio::write(stream, asio::buffer(std::string(line) + "\r\nHost: x\r\n\r\n"));
    auto [res, ec] = read_answer(stream);
    ASSERT_FALSE(ec) << line << ": " << ec.message();
    EXPECT_EQ(res.result(), status) << line;
  }
}

TEST_F(HttpTest, ATlsHandshakeOnThePlainPortIsAnsweredAtOnce) {
  beast::tcp_stream stream(ioc_);
  connect(stream);
  // The start of a TLS ClientHello record: no line ends ever come.
  const std::string hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
  asio::write(stream, asio::buffer(hello));
  stream.expires_after(std::chrono::seconds(3));  // the idle timeout is 30 s
  auto [res, ec] = read_answer(stream);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_NE(res.body().find("http://"), std::string::npos) << res.body();
}

TEST_F(HttpTest, AStalledClientDoesNotBlockOthers) {
  beast::tcp_stream stalled(ioc_);
  connect(stalled);
  asio::write(stalled, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));  // never finished
  beast::tcp_stream other(ioc_);
  connect(other);
  Request req{http::verb::get, "/api/v1/meetings", 11};
  req.set(http::field::host, "localhost");
  auto res = exchange(other, req);
  EXPECT_EQ(res.result(), http::status::ok);
}

}  // namespace
}  // namespace gavel::server

namespace gavel::server {
namespace {

TEST_F(HttpTest, LargeFilesArriveWholeThroughSendfile) {
  auto id = *index_->archive().create_meeting(
      {"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", "m"});
  std::filesystem::create_directories(data_.media(id) / "720p");
  std::string big(5 * 1024 * 1024 + 123, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 % 253);
  const auto file = data_.media(id) / "720p" / "seg00000.m4s";
  test::write_text(file, big);
  beast::tcp_stream stream(ioc_);
  connect(stream);
  // From the page cache (sent on the io thread), a range, then from disk
  // (each window not yet cached is sent from the handler pool); the
  // connection stays usable after each.
  for (int round = 0; round < 3; ++round) {
    Request req{http::verb::get, "/media/" + std::to_string(id) + "/720p/seg00000.m4s", 11};
    req.set(http::field::host, "localhost");
    if (round == 1) req.set(http::field::range, "bytes=1000000-1000009");
    if (round == 2) test::drop_from_page_cache(file);
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser);
    auto res = parser.release();
    if (round == 1) {
      EXPECT_EQ(res.result(), http::status::partial_content);
      EXPECT_EQ(res.body(), big.substr(1000000, 10));
    } else {
      EXPECT_EQ(res.result(), http::status::ok);
      EXPECT_TRUE(res.body() == big) << "round " << round;
    }
  }
}

TEST_F(HttpTest, ViewersLeavingMidSegmentDoNotStopTheServer) {
  auto id = *index_->archive().create_meeting(
      {"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", "m"});
  std::filesystem::create_directories(data_.media(id) / "720p");
  test::write_text(data_.media(id) / "720p" / "seg00000.m4s", std::string(8 * 1024 * 1024, 'x'));
  // Each viewer reads the first bytes of a large segment and resets the
  // connection: the server's next sendfile meets a dead socket (EPIPE,
  // which would raise SIGPIPE and end the process).
  for (int viewer = 0; viewer < 10; ++viewer) {
    beast::tcp_stream stream(ioc_);
    connect(stream);
    Request req{http::verb::get, "/media/" + std::to_string(id) + "/720p/seg00000.m4s", 11};
    req.set(http::field::host, "localhost");
    http::write(stream, req);
    char some[4096];
    stream.socket().read_some(asio::buffer(some));
    stream.socket().set_option(asio::socket_base::linger(true, 0));
    stream.socket().close();
  }
  beast::tcp_stream stream(ioc_);
  connect(stream);
  Request req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "localhost");
  EXPECT_EQ(exchange(stream, req).result(), http::status::ok);
}

}  // namespace
}  // namespace gavel::server
