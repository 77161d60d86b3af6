#pragma once
// Each subcommand's options and its run function. main() wires them to CLI11.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gavel::app {

struct ServeOptions {
  std::filesystem::path data = "./data";
  std::string listen = "127.0.0.1:8080";
  int workers = 1;
  std::filesystem::path web_root;
};
int run_serve(const ServeOptions& o);

struct WorkerOptions {
  std::filesystem::path data = "./data";
  int workers = 1;
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
  bool wait = false;
};
int run_ingest(const IngestOptions& o);

// A name for this process's job leases: host, pid and role.
std::string worker_identity(const std::string& role);

}  // namespace gavel::app
