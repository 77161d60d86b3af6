// `gavel ingest`: register a meeting, keep its originals, queue (and with
// --wait, run or follow) its transcode.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "gavel/index/programme_io.hpp"
#include "gavel/index/store.hpp"
#include "gavel/worker/job_runner.hpp"
#include "gavel/worker/recordings.hpp"
#include "progress_bar.hpp"

namespace gavel::app {
namespace {

namespace fs = std::filesystem;

// Fills what the command line left out from the agenda file's "meeting".
void complete_from(IngestOptions& o, const index::MeetingFields& m) {
  if (o.body.empty()) o.body = m.body;
  if (!o.committee) o.committee = m.committee;
  if (!o.session) o.session = m.session;
  if (!o.session_kind) o.session_kind = m.session_kind;
  if (!o.number) o.number = m.number;
  if (!o.date) o.date = m.date;
  if (!o.title && !m.title.empty()) o.title = m.title;
}

std::optional<std::string> validate(const IngestOptions& o) {
  if (o.files.empty()) return "name at least one recording FILE";
  if (!index::is_valid_body(o.body)) return "--body is plenary, standing or special";
  if (o.session_kind && !index::is_valid_session_kind(*o.session_kind))
    return "--session-kind is regular or extraordinary";
  if (o.date && !index::is_valid_date(*o.date)) return "--date is YYYY-MM-DD, e.g. 2026-11-13";
  for (const auto& f : o.files) {
    std::error_code ec;
    if (!fs::is_regular_file(f, ec)) return fmt::format("{}: no such file", f.string());
  }
  return std::nullopt;
}

std::string default_title(const IngestOptions& o) {
  const char* body = o.body == "plenary" ? "본회의" : o.body == "standing" ? "상임위원회" : "특별위원회";
  std::string title = o.committee ? *o.committee : body;
  if (o.number) title += fmt::format(" 제{}차", *o.number);
  if (o.date) title += " " + *o.date;
  return title;
}

// Follows a job another process (a running server) has claimed.
int follow(index::JobQueue& jobs, std::int64_t job_id) {
  for (;;) {
    auto job = jobs.job(job_id);
    if (!job || !*job) {
      fmt::print(stderr, "error: the job disappeared\n");
      return 1;
    }
    const auto& j = **job;
    if (j.state == "done") return 0;
    if (j.state == "failed" || j.state == "cancelled") {
      end_progress();
      fmt::print(stderr, "error: {}\n", j.message.value_or("the transcode failed"));
      return 1;
    }
    transcode::Progress p{j.progress * 100, 100, j.speed, j.eta};
    draw_progress(p);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

}  // namespace

int run_ingest(const IngestOptions& given) {
  IngestOptions o = given;
  std::optional<index::Programme> programme;
  if (o.agenda) {
    std::ifstream in(*o.agenda, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      fmt::print(stderr, "error: cannot read {}\n", o.agenda->string());
      return 2;
    }
    // Checked before anything is stored; its times are checked against the
    // recording's length once that is known (import refuses then, too).
    auto parsed = index::parse_programme(text.str(), std::nullopt);
    if (!parsed) {
      fmt::print(stderr, "error: {}: {}\n", o.agenda->filename().string(), parsed.error().message);
      return 2;
    }
    programme = std::move(*parsed);
    if (programme->meeting) complete_from(o, *programme->meeting);
  }
  if (auto problem = validate(o)) {
    fmt::print(stderr, "error: {}\n", *problem);
    return 2;
  }
  const worker::DataDir data(o.data);
  auto opened = open_store(data);
  if (!opened) return 1;
  auto& archive = opened->archive();

  index::MeetingFields fields{
      o.body, o.committee, o.session, o.session_kind, o.number, o.date, o.title.value_or(default_title(o))};
  auto id = archive.create_meeting(fields);
  if (!id) {
    fmt::print(stderr, "error: {}\n", id.error().message);
    return 1;
  }
  // Kept first, then probed: a file that is no recording is refused now,
  // not after a queue wait, and its original stays beside the failed
  // meeting for the clerk.
  std::vector<worker::Delivery> files;
  for (const auto& f : o.files) files.push_back({f, f.filename().string(), std::nullopt});
  worker::Recordings recordings(archive, opened->jobs(), data);
  auto delivered = recordings.deliver(*id, files, worker::Handover::copy);
  if (!delivered) {
    (void)archive.set_status(*id, "failed", delivered.error().text());
    fmt::print(stderr, "error: {}\n", delivered.error().message);
    return 1;
  }
  if (delivered->unreadable) {
    fmt::print(stderr, "error: {} (meeting {} kept as failed; original in {})\n",
               delivered->unreadable->message, *id, data.originals(*id).string());
    return 1;
  }
  if (programme) {
    if (auto r = archive.replace_programme(*id, programme->agenda, programme->speakers, programme->recesses);
        !r) {
      fmt::print(stderr, "error: agenda: {}\n", r.error().message);
      return 1;
    }
  }
  const std::int64_t job = delivered->job.value();
  fmt::print("{}\n", *id);
  std::fflush(stdout);
  if (!o.wait) return 0;

  worker::JobRunner runner(runner_stores(*opened), data, {worker_identity("ingest")});
  auto ran = runner.run_one(job, [](const index::Job&, const transcode::Progress& p) { draw_progress(p); });
  if (!ran) {
    end_progress();
    fmt::print(stderr, "error: {}\n", ran.error().message);
    return 1;
  }
  if (!*ran) return follow(opened->jobs(), job);  // a server's worker took it first
  end_progress();
  if ((*ran)->state != "done") {
    fmt::print(stderr, "error: {}\n", (*ran)->message.value_or("the transcode failed"));
    return 1;
  }
  if ((*ran)->message) fmt::print(stderr, "warning: {}\n", *(*ran)->message);
  return 0;
}

}  // namespace gavel::app
