#include "tls_context.hpp"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace gavel::server {
namespace {

// gavel speaks HTTP/1.1 only. A client offering just h2 gets no ALPN
// answer and the handshake goes on, as with any HTTP/1.1 server.
int select_http11(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* offered,
                  unsigned int offered_length, void*) {
  static const unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* chosen = nullptr;
  if (SSL_select_next_proto(&chosen, out_length, kHttp11, sizeof kHttp11, offered, offered_length) !=
      OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

// OpenSSL checks a key against the certificate as it loads it.
bool is_other_key(boost::system::error_code ec) {
  if (ec.category() != asio::error::get_ssl_category()) return false;
  const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
  return reason == X509_R_KEY_VALUES_MISMATCH || reason == X509_R_KEY_TYPE_MISMATCH;
}

}  // namespace

Result<std::shared_ptr<asio::ssl::context>> make_tls_context(const std::filesystem::path& cert,
                                                             const std::filesystem::path& key) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  // Compression invites CRIME-style attacks; renegotiation only lets a
  // client make the server spend CPU.
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_alpn_select_cb(native, select_http11, nullptr);

  boost::system::error_code ec;
  context->use_certificate_chain_file(cert.string(), ec);
  if (ec)
    return make_error(Errc::bad_input,
                      fmt::format("cannot use {} as the TLS certificate (a PEM file is expected): {}",
                                  cert.string(), ec.message()));
  context->use_private_key_file(key.string(), asio::ssl::context::pem, ec);
  if (is_other_key(ec) || (!ec && SSL_CTX_check_private_key(native) != 1))
    return make_error(Errc::bad_input, fmt::format("the TLS key {} does not belong to the certificate {}",
                                                   key.string(), cert.string()));
  if (ec)
    return make_error(Errc::bad_input,
                      fmt::format("cannot use {} as the TLS key (a PEM private key is expected): {}",
                                  key.string(), ec.message()));
  return context;
}

}  // namespace gavel::server
