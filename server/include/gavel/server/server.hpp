#pragma once
// gavel's HTTP server. Beast and Asio stay behind this header.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gavel/index/store.hpp"
#include "gavel/result.hpp"
#include "gavel/worker/data_dir.hpp"

namespace gavel::server {

struct ServerConfig {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;      // 0: any free port (tests)
  std::filesystem::path web_root;  // built web assets
  int io_threads = 2;
  int handler_threads = 4;      // run SQLite and file look-ups off the io threads
  int max_connections = 10000;  // beyond this, new connections get 503 and are closed
  std::uint64_t max_upload_bytes = 20ull << 30;
  std::chrono::seconds upload_expiry{24 * 3600};
  std::uint64_t clip_cache_bytes = 4ull << 30;  // DATA/clips/ beyond this loses its oldest clips
  std::chrono::seconds drain_timeout{10};       // how long shutdown waits for in-flight responses
  // How long an idle or slow client is kept: a connection waiting for a
  // request, or a read or write of one that makes no progress, is cut
  // after this (a streamed body's 256 KB chunks have their own 120 s).
  std::chrono::seconds idle_timeout{30};
  bool access_log = true;  // one JSON line per request on stderr
  // Reverse proxies (exact addresses) whose X-Forwarded-For names the
  // client; loopback always is.
  std::vector<std::string> trusted_proxies;
  // Both set: serve HTTPS. A PEM certificate chain (server certificate
  // first) and its PEM private key, read once at start().
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
};

class Server {
 public:
  Server(ServerConfig config, index::Store& store, worker::DataDir data);
  ~Server();

  // Binds and starts serving on background threads; returns the bound port.
  // Fails on an address in use or an unusable certificate or key.
  Result<unsigned short> start();
  // Stops accepting, lets in-flight responses finish, joins the threads.
  void stop();
  // Reads the certificate and key files again (after a renewal) for the
  // connections that follow; on failure keeps serving the old ones.
  Result<void> reload_tls();
  // After start(): one GET /healthz over the network, as a client would
  // (`gavel serve --check`). Fails with what went wrong.
  Result<void> check_health();
  // Blocks until SIGINT/SIGTERM, then stops; SIGHUP reloads the certificate.
  void wait_for_signal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gavel::server
