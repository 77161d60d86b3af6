// HTTPS inside gavel: a certificate made on the spot, a Beast client that
// verifies it, and the same server behaviour as over plain HTTP (JSON,
// ranges, large and still-growing file bodies, keep-alive, uploads, Secure
// cookies, shutdown), plus what a wrong client gets.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>

#include "beast.hpp"
#include "cold_file.hpp"
#include "fixtures.hpp"
#include "gavel/server/accounts.hpp"
#include "gavel/server/server.hpp"
#include "gavel/transcode/clip.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "tls_context.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;
using Response = http::response<http::string_body>;

template <class T, void (*Free)(T*)>
struct OpenSslFree {
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, OpenSslFree<X509, X509_free>>;

// A self-signed P-256 certificate for localhost, valid for a day. `subject`
// tells renewals apart (a trust store finds an issuer by its name).
void write_self_signed(const fs::path& cert_file, const fs::path& key_file,
                       const char* subject = "localhost") {
  KeyPtr key(EVP_EC_gen("P-256"));
  ASSERT_TRUE(key);
  CertPtr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(subject), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  ASSERT_NE(san, nullptr);
  X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  ASSERT_GT(X509_sign(cert.get(), key.get(), EVP_sha256()), 0);

  FILE* out = std::fopen(cert_file.c_str(), "w");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(PEM_write_X509(out, cert.get()), 1);
  std::fclose(out);
  out = std::fopen(key_file.c_str(), "w");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr), 1);
  std::fclose(out);
}

std::string patterned(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(i * 31 % 253);
  return bytes;
}

// tus metadata values are base64.
std::string b64(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  out.resize(static_cast<std::size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                      reinterpret_cast<const unsigned char*>(raw.data()),
                                                      static_cast<int>(raw.size()))));
  return out;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_self_signed(cert_, key_);
    auto opened = index::open_sqlite_in_memory();
    ASSERT_TRUE(opened);
    index_ = std::move(*opened);
    data_.create();
    ASSERT_TRUE(add_account(index_->accounts(), "clerk1", "clerk", "correct horse battery"));
    meeting_ = *index_->archive().create_meeting(
        {"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", "m"});
    index_->archive().set_status(meeting_, "ready");
    client_tls_.load_verify_file(cert_.string());
    client_tls_.set_verify_mode(asio::ssl::verify_peer);
  }

  void start_server(int max_connections = 10000) {
    ServerConfig config;
    config.port = 0;
    config.web_root = dir_ / "web";
    config.access_log = false;
    config.max_connections = max_connections;
    config.tls_cert = cert_;
    config.tls_key = key_;
    server_ = std::make_unique<Server>(config, *index_, data_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }

  tcp::endpoint endpoint() const { return {asio::ip::make_address("127.0.0.1"), port_}; }

  // Connected and handshaken, the certificate checked against localhost.
  std::unique_ptr<TlsStream> connect() {
    auto stream = std::make_unique<TlsStream>(ioc_, client_tls_);
    beast::get_lowest_layer(*stream).connect(endpoint());
    SSL_set_tlsext_host_name(stream->native_handle(), "localhost");
    stream->set_verify_callback(asio::ssl::host_name_verification("localhost"));
    stream->handshake(asio::ssl::stream_base::client);
    return stream;
  }

  Response exchange(TlsStream& stream, Request req) {
    req.set(http::field::host, "localhost");
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser);
    return parser.release();
  }

  Response log_in(TlsStream& stream) {
    Request login{http::verb::post, "/api/v1/session", 11};
    login.set(http::field::content_type, "application/json");
    login.body() = R"({"username":"clerk1","password":"correct horse battery"})";
    return exchange(stream, login);
  }

  Response get(const std::string& target) {
    auto stream = connect();
    return exchange(*stream, Request{http::verb::get, target, 11});
  }

  fs::path media_file(const std::string& name, const std::string& bytes) {
    const auto file = data_.media(meeting_) / "720p" / name;
    fs::create_directories(file.parent_path());
    test::write_text(file, bytes);
    return file;
  }

  test::TempDir dir_;
  fs::path cert_ = dir_ / "cert.pem";
  fs::path key_ = dir_ / "key.pem";
  worker::DataDir data_{dir_.path() / "data"};
  std::unique_ptr<index::Store> index_;
  std::int64_t meeting_ = 0;
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  asio::io_context ioc_;
  asio::ssl::context client_tls_{asio::ssl::context::tls_client};
};

TEST_F(TlsTest, JsonRoutesAnswerAndLinksAreHttps) {
  start_server();
  auto res = get("/api/v1/meetings");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(boost::json::parse(res.body()).at("total").as_int64(), 1);
  auto feed = get("/feeds/meetings.atom");
  ASSERT_EQ(feed.result(), http::status::ok);
  EXPECT_NE(feed.body().find("https://localhost/"), std::string::npos) << "feeds link back over https";
}

TEST_F(TlsTest, ByteRangesOfMediaAre206WithTheRightBytes) {
  start_server();
  const auto bytes = patterned(100000);
  media_file("seg00000.m4s", bytes);
  auto stream = connect();
  Request req{http::verb::get, "/media/" + std::to_string(meeting_) + "/720p/seg00000.m4s", 11};
  req.set(http::field::range, "bytes=70000-70099");
  auto res = exchange(*stream, req);
  EXPECT_EQ(res.result(), http::status::partial_content);
  EXPECT_EQ(res[http::field::content_range], "bytes 70000-70099/100000");
  EXPECT_EQ(res.body(), bytes.substr(70000, 100));
}

TEST_F(TlsTest, FileBodiesLargerThanTheBufferArriveWholeFromDiskAndFromCache) {
  start_server();
  const auto bytes = patterned(5 * 1024 * 1024 + 123);  // twenty-odd 256 KB buffers
  const auto file = media_file("seg00001.m4s", bytes);
  // Out of the page cache, so the first response reads from disk on the
  // handler pool; the second finds it cached.
  test::drop_from_page_cache(file);
  auto stream = connect();
  for (int round = 0; round < 2; ++round) {
    auto res = exchange(
        *stream, Request{http::verb::get, "/media/" + std::to_string(meeting_) + "/720p/seg00001.m4s", 11});
    ASSERT_EQ(res.result(), http::status::ok);
    ASSERT_EQ(res.body().size(), bytes.size());
    EXPECT_TRUE(res.body() == bytes) << "round " << round;
  }
}

TEST_F(TlsTest, AClipIsSentWhileItIsCut) {
  transcode::Options options;
  options.ladder = {{240, 300}};
  options.x264_preset = "ultrafast";
  options.pictures = false;
  auto summary = transcode::transcode({test::make_clip(dir_ / "in.mp4", 12)}, data_.media(meeting_), options);
  ASSERT_TRUE(summary) << summary.error().message;
  index_->archive().set_status(meeting_, "ready", std::nullopt, summary->duration);
  ASSERT_TRUE(transcode::export_clip(data_.media(meeting_), {2.0, 10.0, 720}, dir_ / "expected.mp4"));
  start_server();
  // The first request starts the cut: its body follows the file as it grows.
  auto res = get(fmt::format("/api/v1/meetings/{}/clip.mp4?start=2&end=10", meeting_));
  ASSERT_EQ(res.result(), http::status::ok) << res.body().substr(0, 300);
  EXPECT_TRUE(res.body() == test::read_text(dir_ / "expected.mp4"));
}

TEST_F(TlsTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start_server();
  media_file("index.m3u8", "#EXTM3U\n#EXT-X-ENDLIST\n");
  auto stream = connect();
  auto health = exchange(*stream, Request{http::verb::get, "/healthz", 11});
  EXPECT_EQ(health.result(), http::status::ok);
  EXPECT_TRUE(health.keep_alive());
  auto playlist = exchange(
      *stream, Request{http::verb::get, "/media/" + std::to_string(meeting_) + "/720p/index.m3u8", 11});
  EXPECT_EQ(playlist.result(), http::status::ok);
  EXPECT_EQ(playlist.body(), "#EXTM3U\n#EXT-X-ENDLIST\n");
}

TEST_F(TlsTest, LoginSetsASecureCookie) {
  start_server();
  auto stream = connect();
  auto res = log_in(*stream);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const std::string cookie(res[http::field::set_cookie]);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
}

TEST_F(TlsTest, TusUploadsStreamThroughTls) {
  start_server();
  auto stream = connect();
  const std::string token(boost::json::parse(log_in(*stream).body()).at("token").as_string());

  const auto payload = patterned(700 * 1024 + 5);  // several 256 KB chunks
  Request create{http::verb::post, "/api/v1/uploads", 11};
  create.set(http::field::authorization, "Bearer " + token);
  create.set("Tus-Resumable", "1.0.0");
  create.set("Upload-Length", std::to_string(payload.size()));
  create.set("Upload-Metadata", "filename " + b64("part.mp4") + ",meeting " + b64(std::to_string(meeting_)));
  auto created = exchange(*stream, create);
  ASSERT_EQ(created.result(), http::status::created) << created.body();

  Request patch{http::verb::patch, std::string(created[http::field::location]), 11};
  patch.set(http::field::authorization, "Bearer " + token);
  patch.set("Tus-Resumable", "1.0.0");
  patch.set("Upload-Offset", "0");
  patch.set(http::field::content_type, "application/offset+octet-stream");
  patch.body() = payload;
  auto patched = exchange(*stream, patch);
  ASSERT_EQ(patched.result(), http::status::no_content) << patched.body();
  auto meeting = index_->archive().meeting(meeting_);
  ASSERT_EQ((*meeting)->parts.size(), 1u);
  EXPECT_TRUE(test::read_text(data_.originals(meeting_) / (*meeting)->parts[0].filename) == payload);
}

TEST_F(TlsTest, PlainHttpToTheTlsPortIsToldToUseHttpsAndTheServerCarriesOn) {
  start_server();
  beast::tcp_stream plain(ioc_);
  plain.connect(endpoint());
  asio::write(plain, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")));
  beast::flat_buffer buffer;
  Response res;
  beast::error_code ec;
  http::read(plain, buffer, res, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_NE(res.body().find("https://"), std::string::npos);
  http::read(plain, buffer, res, ec);
  EXPECT_EQ(ec, http::error::end_of_stream) << "then the connection is closed";

  EXPECT_EQ(get("/healthz").result(), http::status::ok);
}

TEST_F(TlsTest, ConnectionsOverTheLimitAreHungUpOnBeforeTheHandshake) {
  start_server(1);
  auto first = connect();
  auto second = std::make_unique<TlsStream>(ioc_, client_tls_);
  beast::get_lowest_layer(*second).connect(endpoint());
  beast::error_code ec;
  second->handshake(asio::ssl::stream_base::client, ec);
  EXPECT_TRUE(ec) << "no handshake past the limit";
  EXPECT_EQ(exchange(*first, Request{http::verb::get, "/healthz", 11}).result(), http::status::ok);
}

TEST_F(TlsTest, StopClosesIdleConnectionsPromptlyWithCloseNotify) {
  start_server();
  auto stream = connect();
  ASSERT_EQ(exchange(*stream, Request{http::verb::get, "/healthz", 11}).result(), http::status::ok);
  const auto began = std::chrono::steady_clock::now();
  server_->stop();  // waits for open connections, up to the 10 s drain timeout
  // Not waiting for this client's own close_notify (it never sends one)
  // is what makes this quick; waiting would take the 2 s close timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::milliseconds(1500));
  beast::flat_buffer buffer;
  Response res;
  beast::error_code ec;
  http::read(*stream, buffer, res, ec);
  // A TLS close without close_notify would read as stream_truncated.
  EXPECT_EQ(ec, http::error::end_of_stream) << ec.message();
}

TEST_F(TlsTest, AnUnusableCertificateOrKeyStopsStartWithAMessage) {
  ServerConfig config;
  config.port = 0;
  config.tls_cert = dir_ / "missing.pem";
  config.tls_key = key_;
  auto missing = Server(config, *index_, data_).start();
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("missing.pem"), std::string::npos) << missing.error().message;

  const fs::path other_cert = dir_ / "other.pem", other_key = dir_ / "other-key.pem";
  write_self_signed(other_cert, other_key);
  config.tls_cert = cert_;
  config.tls_key = other_key;
  auto mismatched = Server(config, *index_, data_).start();
  ASSERT_FALSE(mismatched);
  EXPECT_NE(mismatched.error().message.find("does not belong"), std::string::npos)
      << mismatched.error().message;

  config.tls_key.clear();
  EXPECT_FALSE(Server(config, *index_, data_).start());
}

// The certificate the server showed on `stream`, as DER bytes.
std::string peer_certificate(TlsStream& stream) {
  CertPtr cert(SSL_get1_peer_certificate(stream.native_handle()));
  if (!cert) return {};
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert.get(), &der);
  std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(std::max(n, 0)));
  OPENSSL_free(der);
  return bytes;
}

std::string file_certificate(const fs::path& pem) {
  FILE* in = std::fopen(pem.c_str(), "r");
  if (!in) return {};
  CertPtr cert(PEM_read_X509(in, nullptr, nullptr, nullptr));
  std::fclose(in);
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert.get(), &der);
  std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(std::max(n, 0)));
  OPENSSL_free(der);
  return bytes;
}

TEST_F(TlsTest, ARenewedCertificateIsTakenWithoutARestart) {
  start_server();
  const auto first = file_certificate(cert_);
  auto old_connection = connect();
  EXPECT_EQ(peer_certificate(*old_connection), first);

  write_self_signed(cert_, key_,
                    "gavel renewed");  // the renewal: a new key and certificate in the same files
  const auto renewed = file_certificate(cert_);
  ASSERT_NE(renewed, first);
  client_tls_.load_verify_file(cert_.string());
  ASSERT_TRUE(server_->reload_tls());
  auto new_connection = connect();
  EXPECT_EQ(peer_certificate(*new_connection), renewed) << "new connections get the renewed certificate";
  EXPECT_EQ(exchange(*new_connection, Request{http::verb::get, "/healthz", 11}).result(), http::status::ok);
  EXPECT_EQ(exchange(*old_connection, Request{http::verb::get, "/healthz", 11}).result(), http::status::ok)
      << "a connection made before the reload goes on";

  test::write_text(cert_, "not a certificate");
  auto refused = server_->reload_tls();
  ASSERT_FALSE(refused);
  EXPECT_FALSE(refused.error().message.empty());
  auto after_bad_reload = connect();
  EXPECT_EQ(peer_certificate(*after_bad_reload), renewed) << "a broken renewal keeps the working certificate";
}

}  // namespace
}  // namespace gavel::server
