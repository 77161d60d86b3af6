#include "health_probe.hpp"

#include <fmt/format.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

namespace gavel::server {
namespace {

template <class Stream>
Result<void> ask(Stream& stream, asio::io_context& ioc, const std::string& host,
                 std::chrono::seconds timeout) {
  http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, host);
  req.set(http::field::connection, "close");
  beast::error_code ec;
  http::response<http::string_body> res;
  beast::flat_buffer buffer;
  http::async_write(stream, req, [&](beast::error_code e, std::size_t) {
    if (e) return void(ec = e);
    http::async_read(stream, buffer, res, [&](beast::error_code e2, std::size_t) { ec = e2; });
  });
  ioc.run_for(timeout);
  if (!ioc.stopped()) return make_error(Errc::unhealthy, "/healthz did not answer in time");
  if (ec) return make_error(Errc::unhealthy, fmt::format("/healthz: {}", ec.message()));
  if (res.result() != http::status::ok)
    return make_error(Errc::unhealthy, fmt::format("/healthz answered {}", res.result_int()));
  return {};
}

}  // namespace

Result<void> probe_health(const asio::ip::address& address, unsigned short port, bool tls,
                          std::chrono::seconds timeout) {
  // A server listening on every address is reached through loopback.
  auto target = address;
  if (target.is_unspecified())
    target = target.is_v6() ? asio::ip::address(asio::ip::address_v6::loopback())
                            : asio::ip::address(asio::ip::address_v4::loopback());
  const std::string host = target.is_v6() ? fmt::format("[{}]:{}", target.to_string(), port)
                                          : fmt::format("{}:{}", target.to_string(), port);
  asio::io_context ioc;
  beast::tcp_stream tcp(ioc);
  beast::error_code ec;
  tcp.expires_after(timeout);
  tcp.socket().connect({target, port}, ec);
  if (ec) return make_error(Errc::unhealthy, fmt::format("cannot connect to {}: {}", host, ec.message()));
  if (!tls) return ask(tcp, ioc, host, timeout);
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), ctx);
  stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return make_error(Errc::unhealthy, fmt::format("TLS handshake with {}: {}", host, ec.message()));
  return ask(stream, ioc, host, timeout);
}

}  // namespace gavel::server
