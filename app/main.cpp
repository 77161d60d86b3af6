// gavel: council meeting video archive. Parses the command line and hands
// off to one subcommand.
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "config_file.hpp"

int main(int argc, char** argv) {
  using namespace gavel::app;
  // Logs go to stderr: stdout carries results scripts read (ingest's id).
  spdlog::set_default_logger(spdlog::stderr_color_mt("gavel"));
  CLI::App app{"gavel — video archive and streaming server for council meetings"};
  app.require_subcommand(1);

  ServeOptions serve;
  serve.web_root = GAVEL_DEFAULT_WEB_ROOT;
  auto* serve_cmd = app.add_subcommand("serve", "HTTP server with in-process transcode workers");
  serve_cmd->add_option("--data", serve.data, "data dir")->envname("GAVEL_DATA")->capture_default_str();
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT")
      ->envname("GAVEL_LISTEN")
      ->capture_default_str();
  serve_cmd->add_option("--workers", serve.workers, "transcode workers")
      ->envname("GAVEL_WORKERS")
      ->check(CLI::Range(0, 16))
      ->capture_default_str();
  serve_cmd->add_option("--web", serve.web_root, "built web assets")
      ->envname("GAVEL_WEB")
      ->capture_default_str();
  serve_cmd->add_option("--io-threads", serve.io_threads, "network threads")
      ->envname("GAVEL_IO_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd->add_option("--handler-threads", serve.handler_threads, "threads for database and disk work")
      ->envname("GAVEL_HANDLER_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd->add_option("--max-connections", serve.max_connections, "open connections at most")
      ->envname("GAVEL_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  serve_cmd->add_option("--max-upload-gb", serve.max_upload_gb, "largest recording accepted")
      ->envname("GAVEL_MAX_UPLOAD_GB")
      ->check(CLI::Range(0.001, 10000.0))
      ->capture_default_str();
  serve_cmd
      ->add_option("--upload-expiry-hours", serve.upload_expiry_hours, "unfinished uploads are removed after")
      ->envname("GAVEL_UPLOAD_EXPIRY_HOURS")
      ->check(CLI::Range(0.01, 10000.0))
      ->capture_default_str();
  serve_cmd
      ->add_option("--clip-cache-gb", serve.clip_cache_gb,
                   "clips kept in DATA/clips/ at most (oldest go first)")
      ->envname("GAVEL_CLIP_CACHE_GB")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  serve_cmd
      ->add_option("--idle-timeout-seconds", serve.idle_timeout_seconds,
                   "a client that sends or reads nothing for this long is disconnected")
      ->envname("GAVEL_IDLE_TIMEOUT_SECONDS")
      ->check(CLI::Range(1.0, 3600.0))
      ->capture_default_str();
  serve_cmd
      ->add_option(
          "--trusted-proxy", serve.trusted_proxies,
          "a reverse proxy's address whose X-Forwarded-For is believed (loopback always is); repeatable")
      ->envname("GAVEL_TRUSTED_PROXIES")
      ->delimiter(',');
  serve_cmd
      ->add_flag("--access-log,!--no-access-log", serve.access_log, "one JSON line per request on stderr")
      ->envname("GAVEL_ACCESS_LOG")
      ->capture_default_str();
  serve_cmd
      ->add_option("--tls-cert", serve.tls_cert,
                   "serve HTTPS with this PEM certificate chain (e.g. fullchain.pem)")
      ->envname("GAVEL_TLS_CERT")
      ->check(CLI::ExistingFile);
  serve_cmd->add_option("--tls-key", serve.tls_key, "the certificate's PEM private key")
      ->envname("GAVEL_TLS_KEY")
      ->check(CLI::ExistingFile);
  serve_cmd->add_flag("--check", serve.check,
                      "start, answer one GET /healthz over the network, then stop (exit 0 when healthy)");
  // Not for operators: the reliability tests shorten it to see a killed
  // worker's job taken over in seconds.
  const auto lease_option = [](CLI::App* cmd, double& seconds) {
    cmd->add_option("--lease-seconds", seconds, "a job's lease, renewed while it runs")
        ->envname("GAVEL_LEASE_SECONDS")
        ->check(CLI::Range(0.5, 3600.0))
        ->group("");
  };
  lease_option(serve_cmd, serve.lease_seconds);
  std::filesystem::path serve_config;
  serve_cmd
      ->add_option("--config", serve_config, "TOML file of the options above, e.g. listen = \"0.0.0.0:8080\"")
      ->envname("GAVEL_CONFIG")
      ->check(CLI::ExistingFile);

  WorkerOptions worker;
  auto* worker_cmd = app.add_subcommand("worker", "transcode workers only, sharing the data dir's queue");
  worker_cmd->add_option("--data", worker.data, "data dir")->envname("GAVEL_DATA")->capture_default_str();
  worker_cmd->add_option("--workers", worker.workers, "transcode workers")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  lease_option(worker_cmd, worker.lease_seconds);

  TranscodeOptions transcode;
  std::vector<std::filesystem::path> transcode_paths;
  auto* transcode_cmd = app.add_subcommand("transcode", "package a recording into an HLS tree (no database)");
  // INPUT... OUTDIR: the last path is the output folder.
  transcode_cmd
      ->add_option("INPUT... OUTDIR", transcode_paths,
                   "recording (several: parts joined in order), then an empty or new output folder")
      ->required()
      ->expected(2, -1);

  IngestOptions ingest;
  auto* ingest_cmd = app.add_subcommand("ingest", "register a meeting and transcode its recording");
  ingest_cmd->add_option("FILE", ingest.files, "recording parts, in order")->required();
  ingest_cmd->add_option("--data", ingest.data, "data dir")->envname("GAVEL_DATA")->capture_default_str();
  ingest_cmd->add_option("--body", ingest.body, "plenary, standing or special (or from --agenda's meeting)");
  ingest_cmd->add_option("--committee", ingest.committee, "committee name");
  ingest_cmd->add_option("--session", ingest.session, "session number (회기)");
  ingest_cmd->add_option("--session-kind", ingest.session_kind, "regular or extraordinary");
  ingest_cmd->add_option("--number", ingest.number, "meeting number (제N차)");
  ingest_cmd->add_option("--date", ingest.date, "YYYY-MM-DD");
  ingest_cmd->add_option("--title", ingest.title, "title");
  ingest_cmd->add_option("--agenda", ingest.agenda,
                         "agenda.json or CSV: agenda, speakers, recesses (and meeting)");
  ingest_cmd->add_flag("--wait", ingest.wait, "show progress and exit when playable (non-zero if it fails)");

  UserOptions user;
  auto* user_cmd = app.add_subcommand("user", "clerk and admin accounts");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "create an account (or --replace its password)");
  user_add->add_option("NAME", user.name, "user name")->required();
  user_add->add_option("--role", user.role, "clerk or admin")
      ->check(CLI::IsMember({"clerk", "admin"}))
      ->capture_default_str();
  user_add->add_option("--data", user.data, "data dir")->envname("GAVEL_DATA")->capture_default_str();
  user_add->add_flag("--password-stdin", user.password_stdin, "read the password from standard input");
  user_add->add_flag("--replace", user.replace, "set a new password if the account exists");

  SearchOptions search;
  auto* search_cmd = app.add_subcommand("search", "search titles, agenda, speakers and captions");
  search_cmd->add_option("QUERY", search.query, "words, e.g. 예산 or \"2026 예산\"")->required();
  search_cmd->add_option("--data", search.data, "data dir")->envname("GAVEL_DATA")->capture_default_str();
  search_cmd->add_option("--body", search.body, "plenary, standing or special");
  search_cmd->add_option("--from", search.from, "first date, YYYY-MM-DD");
  search_cmd->add_option("--to", search.to, "last date, YYYY-MM-DD");
  search_cmd->add_option("--kind", search.kind, "title, agenda, speaker or caption");
  search_cmd->add_option("--limit", search.limit, "hits to show")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();

  AgendaOptions agenda;
  auto* agenda_cmd = app.add_subcommand("agenda", "a meeting's agenda, speakers and recesses");
  agenda_cmd->require_subcommand(1);
  auto* agenda_import = agenda_cmd->add_subcommand("import", "replace them from a JSON or CSV file");
  agenda_import->add_option("MEETING", agenda.meeting, "meeting id")->required();
  agenda_import->add_option("FILE", agenda.file, "agenda.json or .csv")->required();
  agenda_import->add_option("--data", agenda.data, "data dir")->envname("GAVEL_DATA")->capture_default_str();
  auto* agenda_export = agenda_cmd->add_subcommand("export", "print them as JSON (or --csv)");
  agenda_export->add_option("MEETING", agenda.meeting, "meeting id")->required();
  agenda_export->add_option("--data", agenda.data, "data dir")->envname("GAVEL_DATA")->capture_default_str();
  agenda_export->add_flag("--csv", agenda.csv, "CSV instead of JSON");

  ChannelOptions channel;
  auto* channel_cmd =
      app.add_subcommand("channel", "live channels: a room's encoder input and its stream key");
  channel_cmd->require_subcommand(1);
  auto* channel_add =
      channel_cmd->add_subcommand("add", "create a channel and print its key and encoder URLs");
  channel_add->add_option("NAME", channel.name, "the room, e.g. 본회의장")->required();
  channel_add->add_option("--body", channel.body, "plenary, standing or special: where its meetings belong")
      ->required()
      ->check(CLI::IsMember({"plenary", "standing", "special"}));
  channel_add->add_option("--committee", channel.committee, "the committee that meets there");
  auto* channel_list =
      channel_cmd->add_subcommand("list", "every channel (keys are not shown: only their hash is kept)");
  auto* channel_rotate =
      channel_cmd->add_subcommand("rotate-key", "give a channel a new key; the old one stops working");
  channel_rotate->add_option("NAME", channel.name, "the channel")->required();
  for (auto* cmd : {channel_add, channel_list, channel_rotate}) {
    cmd->add_option("--data", channel.data, "data dir")->envname("GAVEL_DATA")->capture_default_str();
    cmd->add_flag("--json", channel.json, "one JSON value instead of text");
  }
  for (auto* cmd : {channel_add, channel_rotate}) {
    cmd->add_option("--rtmp-listen", channel.rtmp_listen, "the RTMP address the encoder URL names")
        ->envname("GAVEL_RTMP_LISTEN")
        ->capture_default_str();
    cmd->add_option("--srt-listen", channel.srt_listen, "the SRT address the encoder URL names")
        ->envname("GAVEL_SRT_LISTEN")
        ->capture_default_str();
  }

  CLI11_PARSE(app, argc, argv);
  if (*channel_add) return run_channel_add(channel);
  if (*channel_list) return run_channel_list(channel);
  if (*channel_rotate) return run_channel_rotate_key(channel);
  if (*user_add) return run_user_add(user);
  if (*search_cmd) return run_search(search);
  if (*agenda_import) return run_agenda_import(agenda);
  if (*agenda_export) return run_agenda_export(agenda);
  if (*serve_cmd) {
    if (!serve_config.empty())
      if (auto problem = apply_config_file(serve_config, *serve_cmd, serve); !problem.empty()) {
        fmt::print(stderr, "error: {}\n", problem);
        return 2;
      }
    return run_serve(serve);
  }
  if (*worker_cmd) return run_worker(worker);
  if (*transcode_cmd) {
    transcode.out_dir = transcode_paths.back();
    transcode.inputs.assign(transcode_paths.begin(), transcode_paths.end() - 1);
    return run_transcode(transcode);
  }
  if (*ingest_cmd) return run_ingest(ingest);
  return 2;
}
