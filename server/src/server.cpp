#include "gavel/server/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <thread>
#include <vector>

#include "beast.hpp"
#include "health_probe.hpp"
#include "listener.hpp"
#include "router.hpp"
#include "tls_context.hpp"

namespace gavel::server {

struct Server::Impl {
  Impl(ServerConfig c, index::Store& store, worker::DataDir data)
      : config(std::move(c)),
        router(store, std::move(data), config.web_root,
               UploadLimits{config.max_upload_bytes, 1ull << 30, config.upload_expiry}),
        handlers(static_cast<std::size_t>(config.handler_threads)) {
    // One io_context per thread, as nginx has one event loop per worker:
    // no handoffs between threads on the hot path.
    for (int i = 0; i < std::max(1, config.io_threads); ++i) {
      iocs.push_back(std::make_unique<asio::io_context>(1));
      // Keeps run() going while a loop has no connection yet.
      work.push_back(asio::make_work_guard(*iocs.back()));
    }
  }

  ServerConfig config;
  Router router;
  std::shared_ptr<asio::ssl::context> tls;  // null: plain HTTP
  std::vector<std::unique_ptr<asio::io_context>> iocs;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  asio::thread_pool handlers;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  bool stopped = false;
};

Server::Server(ServerConfig config, index::Store& store, worker::DataDir data)
    : impl_(std::make_unique<Impl>(std::move(config), store, std::move(data))) {}

Server::~Server() { stop(); }

Result<unsigned short> Server::start() {
  // sendfile(2) to a socket the client has closed raises SIGPIPE, whose
  // default action ends the process (Asio's own writes pass MSG_NOSIGNAL;
  // sendfile has no such flag): a viewer closing a tab mid-segment must
  // only end that response.
  std::signal(SIGPIPE, SIG_IGN);
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->config.host, ec);
  if (ec) return make_error(Errc::bad_input, fmt::format("{} is not an IP address", impl_->config.host));
  const auto& config = impl_->config;
  if (config.tls_cert.empty() != config.tls_key.empty())
    return make_error(Errc::bad_input, "HTTPS needs both a certificate (--tls-cert) and its key (--tls-key)");
  if (!config.tls_cert.empty()) {
    auto tls = make_tls_context(config.tls_cert, config.tls_key);
    if (!tls) return tls.error();
    impl_->tls = std::move(*tls);
  }
  std::vector<asio::io_context*> iocs;
  for (auto& ioc : impl_->iocs) iocs.push_back(ioc.get());
  impl_->listener = std::make_shared<Listener>(iocs, impl_->router, impl_->handlers,
                                               impl_->config.idle_timeout, impl_->tls);
  if (auto err = impl_->listener->listen({address, impl_->config.port}))
    return make_error(Errc::listen_failed, fmt::format("cannot listen on {}:{}: {}", impl_->config.host,
                                                       impl_->config.port, err.message()));
  const unsigned short port = impl_->listener->port();
  impl_->listener->set_max_connections(impl_->config.max_connections);
  impl_->router.services().access_log = impl_->config.access_log;
  impl_->router.services().uploads.sweep_expired();
  impl_->router.services().clips.set_max_bytes(impl_->config.clip_cache_bytes);
  impl_->router.services().trusted_proxies = impl_->config.trusted_proxies;
  impl_->router.services().clips.prune();
  impl_->listener->run();
  for (auto& ioc : impl_->iocs) impl_->threads.emplace_back([ioc = ioc.get()] { ioc->run(); });
  return port;
}

void Server::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  auto& services = impl_->router.services();
  services.shutting_down = true;
  if (impl_->listener) {
    impl_->listener->stop();
    impl_->listener->close_idle_sessions();
  }
  // In-flight responses finish (each connection closes after its current
  // one) until the drain timeout; then whatever is left is cut off.
  const auto deadline = std::chrono::steady_clock::now() + impl_->config.drain_timeout;
  while (services.metrics.active_connections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (services.metrics.active_connections() > 0)
    spdlog::warn("shutdown: {} connections still open after the drain timeout",
                 services.metrics.active_connections());
  impl_->handlers.join();
  impl_->work.clear();
  for (auto& ioc : impl_->iocs) ioc->stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

Result<void> Server::reload_tls() {
  const auto& config = impl_->config;
  if (config.tls_cert.empty() || !impl_->listener)
    return make_error(Errc::bad_input, "this server does not serve HTTPS");
  auto tls = make_tls_context(config.tls_cert, config.tls_key);
  if (!tls) return tls.error();
  impl_->listener->replace_tls(std::move(*tls));
  return {};
}

Result<void> Server::check_health() {
  if (!impl_->listener) return make_error(Errc::unhealthy, "the server is not started");
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->config.host, ec);
  if (ec) return make_error(Errc::bad_input, fmt::format("{} is not an IP address", impl_->config.host));
  return probe_health(address, impl_->listener->port(), impl_->tls != nullptr, std::chrono::seconds(10));
}

void Server::wait_for_signal() {
  asio::io_context signal_ioc;
  asio::signal_set signals(signal_ioc, SIGINT, SIGTERM, SIGHUP);
  std::function<void(beast::error_code, int)> on_signal = [&](beast::error_code ec, int sig) {
    if (ec) return;
    if (sig != SIGHUP) return spdlog::info("signal {}: shutting down", sig);
    // certbot's deploy hook (or logrotate's habit): pick up the renewed certificate.
    if (impl_->config.tls_cert.empty()) {
      spdlog::info("SIGHUP: nothing to reload (plain HTTP)");
    } else if (auto reloaded = reload_tls(); reloaded) {
      spdlog::info("SIGHUP: certificate {} reloaded for new connections", impl_->config.tls_cert.string());
    } else {
      spdlog::error("SIGHUP: keeping the old certificate: {}", reloaded.error().message);
    }
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);
  signal_ioc.run();
  stop();
}

}  // namespace gavel::server
