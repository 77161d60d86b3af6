#pragma once
// HTTPS without a proxy in front: the server's certificate and key, and the
// stream type a TLS connection reads and writes.

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <filesystem>
#include <memory>

#include "beast.hpp"
#include "gavel/result.hpp"

namespace gavel::server {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// TLS 1.2 and later, OpenSSL's default ciphers, ALPN answered with
// http/1.1. `cert` is a PEM chain (the server's certificate first, as
// certbot's fullchain.pem), `key` its PEM private key.
Result<std::shared_ptr<asio::ssl::context>> make_tls_context(const std::filesystem::path& cert,
                                                             const std::filesystem::path& key);

}  // namespace gavel::server
