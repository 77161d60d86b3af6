#pragma once
// Each subcommand's options and its run function. main() wires them to CLI11.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gavel/index/store.hpp"
#include "gavel/worker/data_dir.hpp"
#include "gavel/worker/job_runner.hpp"

namespace gavel::app {

struct ServeOptions {
  std::filesystem::path data = "./data";
  std::string listen = "127.0.0.1:8080";
  int workers = 1;
  std::filesystem::path web_root;
  int io_threads = 2;
  int handler_threads = 4;
  int max_connections = 10000;
  double max_upload_gb = 20;
  double upload_expiry_hours = 24;
  double clip_cache_gb = 4;
  double idle_timeout_seconds = 30;
  std::vector<std::string> trusted_proxies;
  bool access_log = true;
  std::filesystem::path tls_cert;  // both set: HTTPS
  std::filesystem::path tls_key;
  bool check = false;  // start, answer one GET /healthz, stop
  double lease_seconds = worker::JobRunner::kLeaseSeconds;
};
int run_serve(const ServeOptions& o);

struct WorkerOptions {
  std::filesystem::path data = "./data";
  int workers = 1;
  double lease_seconds = worker::JobRunner::kLeaseSeconds;
};
int run_worker(const WorkerOptions& o);

struct TranscodeOptions {
  std::vector<std::filesystem::path> inputs;
  std::filesystem::path out_dir;
};
int run_transcode(const TranscodeOptions& o);

struct IngestOptions {
  std::filesystem::path data = "./data";
  std::vector<std::filesystem::path> files;
  std::string body;
  std::optional<std::string> committee;
  std::optional<int> session;
  std::optional<std::string> session_kind;
  std::optional<int> number;
  std::optional<std::string> date;
  std::optional<std::string> title;
  std::optional<std::filesystem::path> agenda;
  bool wait = false;
};
int run_ingest(const IngestOptions& o);

struct UserOptions {
  std::filesystem::path data = "./data";
  std::string name;
  std::string role = "clerk";
  bool password_stdin = false;
  bool replace = false;
};
int run_user_add(const UserOptions& o);

struct SearchOptions {
  std::filesystem::path data = "./data";
  std::string query;
  std::optional<std::string> body, from, to, kind;
  int limit = 20;
};
int run_search(const SearchOptions& o);

struct AgendaOptions {
  std::filesystem::path data = "./data";
  std::int64_t meeting = 0;
  std::filesystem::path file;
  bool csv = false;
};
int run_agenda_import(const AgendaOptions& o);
int run_agenda_export(const AgendaOptions& o);

// `gavel channel`: live channels. The listen addresses say which URLs to
// print for the room's encoder (the same options `gavel serve` will take).
struct ChannelOptions {
  std::filesystem::path data = "./data";
  std::string name;
  std::string body;
  std::optional<std::string> committee;
  std::string rtmp_listen = "127.0.0.1:1935";
  std::string srt_listen = "127.0.0.1:9000";
  bool json = false;
};
int run_channel_add(const ChannelOptions& o);
int run_channel_list(const ChannelOptions& o);
int run_channel_rotate_key(const ChannelOptions& o);

// HOST:PORT (IPv6 in brackets) into its parts; false when it is not one.
bool split_listen(const std::string& listen, std::string& host, unsigned short& port);

// A name for this process's job leases: host, pid and role.
std::string worker_identity(const std::string& role);
// What a job runner of this process reads and writes.
// The data dir's database, created and migrated if need be; nullptr after
// printing why on stderr.
std::unique_ptr<index::Store> open_store(const worker::DataDir& data);
worker::JobRunner::Stores runner_stores(index::Store& store);

}  // namespace gavel::app
