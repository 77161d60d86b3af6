#include "commands.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <thread>

#include "gavel/server/server.hpp"
#include "gavel/transcode/transcoder.hpp"
#include "gavel/worker/job_runner.hpp"
#include "progress_bar.hpp"

namespace gavel::app {
namespace {

// What a new archive needs next: a clerk account (unless one exists) and a
// first recording.
void print_first_run_help(index::Store& store, const ServeOptions& o, const std::string& host,
                          unsigned short port, const char* scheme) {
  auto page = store.archive().meetings({});
  if (!page || page->total != 0) return;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::string gavel = ec ? std::string("gavel") : self.string();
  const auto accounts = store.accounts().account_count();
  const bool has_clerk = accounts && *accounts > 0;
  fmt::print("\nThis archive has no meetings yet. To add one:\n");
  if (!has_clerk)
    fmt::print("  create a clerk account:  {} user add NAME --role clerk --data {}\n", gavel,
               o.data.string());
  fmt::print(
      "  {}log in and upload at {}://{}:{}/clerk\n"
      "  or ingest a recording:   {} ingest FILE --body plenary --date 2026-11-13 "
      "--title \"제1차 본회의\" --data {} --wait\n"
      "It then plays at {}://{}:{}/meetings/1\n",
      has_clerk ? "" : "then ", scheme, host, port, gavel, o.data.string(), scheme, host, port);
}

}  // namespace

bool split_listen(const std::string& listen, std::string& host, unsigned short& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    const int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<unsigned short>(p);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

std::unique_ptr<index::Store> open_store(const worker::DataDir& data) {
  data.create();
  auto store = index::open_sqlite(data.database());
  if (!store) {
    fmt::print(stderr, "error: {}\n", store.error().message);
    return nullptr;
  }
  return std::move(*store);
}

worker::JobRunner::Stores runner_stores(index::Store& store) {
  return {store.archive(), store.captions(), store.jobs()};
}

std::string worker_identity(const std::string& role) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return fmt::format("{}:{}:{}", host, getpid(), role);
}

int run_serve(const ServeOptions& o) {
  const worker::DataDir data(o.data);
  auto store = open_store(data);
  if (!store) return 1;
  server::ServerConfig config;
  if (!split_listen(o.listen, config.host, config.port)) {
    fmt::print(stderr, "error: --listen takes HOST:PORT, e.g. 127.0.0.1:8080 (got '{}')\n", o.listen);
    return 2;
  }
  config.web_root = o.web_root;
  config.io_threads = o.io_threads;
  config.handler_threads = o.handler_threads;
  config.max_connections = o.max_connections;
  config.access_log = o.access_log;
  config.max_upload_bytes = static_cast<std::uint64_t>(o.max_upload_gb * (1ull << 30));
  config.upload_expiry = std::chrono::seconds(static_cast<long>(o.upload_expiry_hours * 3600));
  config.clip_cache_bytes = static_cast<std::uint64_t>(o.clip_cache_gb * (1ull << 30));
  config.idle_timeout = std::chrono::seconds(static_cast<long>(o.idle_timeout_seconds));
  config.trusted_proxies = o.trusted_proxies;
  config.tls_cert = o.tls_cert;
  config.tls_key = o.tls_key;
  server::Server server(config, *store, data);
  auto port = server.start();
  if (!port) {
    fmt::print(stderr, "error: {}\n", port.error().message);
    return 1;
  }

  const char* scheme = o.tls_cert.empty() ? "http" : "https";
  if (o.check) {
    auto healthy = server.check_health();
    server.stop();
    if (!healthy) {
      fmt::print(stderr, "error: the server started but is not healthy: {}\n", healthy.error().message);
      return 1;
    }
    fmt::print("gavel started on {}://{}:{}/ with {} and answered /healthz; stopped (--check)\n", scheme,
               config.host, *port, std::filesystem::absolute(o.data).string());
    return 0;
  }

  std::vector<std::jthread> workers;
  for (int i = 0; i < o.workers; ++i) {
    workers.emplace_back([&, i](std::stop_token stop) {
      worker::JobRunner runner(runner_stores(*store), data,
                               {worker_identity(fmt::format("serve-{}", i)), {}, o.lease_seconds});
      runner.run_until(stop);
    });
  }
  // Jobs whose worker died with the previous process are taken over when
  // their lease runs out; say so, so a clerk is not left wondering.
  if (auto q = store->jobs().queue_stats(); q && (q->queued || q->running))
    spdlog::info("job queue: {} queued, {} running (stale leases are taken over after {} s)", q->queued,
                 q->running, o.lease_seconds);

  fmt::print("gavel is serving {} at {}://{}:{}/\n", std::filesystem::absolute(o.data).string(), scheme,
             config.host, *port);
  print_first_run_help(*store, o, config.host, *port, scheme);
  fmt::print("Press Ctrl+C to stop.\n");
  std::fflush(stdout);
  server.wait_for_signal();
  // Workers put an unfinished job back in the queue before they exit.
  for (auto& w : workers) w.request_stop();
  workers.clear();
  spdlog::info("stopped");
  return 0;
}

int run_worker(const WorkerOptions& o) {
  const worker::DataDir data(o.data);
  auto store = open_store(data);
  if (!store) return 1;
  // Blocked before any thread starts, so only sigwait below receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::vector<std::jthread> workers;
  for (int i = 0; i < o.workers; ++i) {
    workers.emplace_back([&, i](std::stop_token stop) {
      worker::JobRunner runner(runner_stores(*store), data,
                               {worker_identity(fmt::format("worker-{}", i)), {}, o.lease_seconds});
      runner.run_until(stop);
    });
  }
  spdlog::info("{} transcode worker(s) on {}", o.workers, o.data.string());
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {}: stopping workers after their current step", sig);
  return 0;
}

int run_transcode(const TranscodeOptions& o) {
  auto summary = transcode::transcode(o.inputs, o.out_dir, {}, [](const transcode::Progress& p) {
    draw_progress(p);
    return true;
  });
  end_progress();
  if (!summary) {
    fmt::print(stderr, "error: {}\n", summary.error().message);
    return 1;
  }
  for (const auto& w : summary->warnings) fmt::print(stderr, "warning: {}\n", w.en);
  fmt::print("{}: {:.3f} s in {} renditions\n", (o.out_dir / "master.m3u8").string(), summary->duration,
             summary->renditions.size());
  for (const auto& r : summary->renditions)
    fmt::print("  {:8} {:24} {:>9} {} segments, {:.0f} kbit/s average\n", r.name, r.codecs,
               r.audio_only ? std::string("audio") : fmt::format("{}x{}", r.width, r.height), r.segments,
               r.average_bps / 1000.0);
  return 0;
}

}  // namespace gavel::app
