#include "gavel/worker/job_runner.hpp"

#include <fmt/format.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "gavel/transcode/transcoder.hpp"
#include "gavel/worker/captions.hpp"

namespace gavel::worker {
namespace {

// As the index keeps it: no Korean where none was written.
std::optional<std::string> korean(const Text& text) {
  return text.ko.empty() ? std::nullopt : std::optional<std::string>(text.ko);
}

}  // namespace

JobRunner::JobRunner(Stores stores, DataDir data, Settings settings)
    : stores_(stores), data_(std::move(data)), settings_(std::move(settings)) {}

Result<Text> JobRunner::package(const index::Job& job, const Observer& observer,
                                std::optional<double>& duration, const std::stop_token& stop) {
  auto meeting = stores_.archive.meeting(job.meeting_id);
  if (!meeting) return meeting.error();
  if (!*meeting)
    return make_error(Errc::not_found, fmt::format("meeting {} no longer exists", job.meeting_id),
                      fmt::format("{}번 회의가 더 이상 없습니다", job.meeting_id));
  std::vector<std::filesystem::path> parts;
  for (const auto& part : (*meeting)->parts) parts.push_back(data_.originals(job.meeting_id) / part.filename);

  // A previous attempt that died mid-way left a partial tree: start clean.
  const auto out = data_.media(job.meeting_id);
  std::error_code ec;
  std::filesystem::remove_all(out, ec);
  if (auto r = stores_.archive.set_status(job.meeting_id, "processing"); !r) return r.error();

  bool lease_lost = false;
  auto on_progress = [&](const transcode::Progress& p) {
    const double fraction = p.duration > 0 ? std::min(1.0, p.position / p.duration) : 0;
    auto kept =
        stores_.jobs.report_job(job.id, settings_.owner, fraction, p.speed, p.eta, settings_.lease_seconds);
    if (kept && !*kept) lease_lost = true;
    if (observer) {
      index::Job now = job;
      now.progress = fraction;
      now.speed = p.speed;
      now.eta = p.eta;
      observer(now, p);
    }
    return !lease_lost && !stop.stop_requested();
  };
  auto summary = transcode::transcode(parts, out, settings_.options, on_progress);
  // A transcode frees a few hundred MB of frames and encoder state that
  // glibc would otherwise keep in its arenas: a server that packages a
  // meeting should go back to its serving size afterwards.
  ::malloc_trim(0);
  if (!summary) return summary.error();
  duration = summary->duration;
  Text note;
  for (const auto& w : summary->warnings) note = join(note, w);
  return note;
}

Result<std::optional<index::Job>> JobRunner::run_one(std::optional<std::int64_t> only,
                                                     const Observer& observer, std::stop_token stop) {
  auto claimed = stores_.jobs.claim_job(settings_.owner, settings_.lease_seconds, only);
  if (!claimed) return claimed.error();
  if (!*claimed) return std::optional<index::Job>();
  index::Job job = **claimed;
  spdlog::info("job {}: packaging meeting {} (attempt {})", job.id, job.meeting_id, job.attempts);

  std::optional<double> duration;
  auto outcome = package(job, observer, duration, stop);
  if (!outcome && stop.stop_requested()) {
    if (auto r = stores_.jobs.release_job(job.id, settings_.owner); !r) return r.error();
    if (auto r = stores_.archive.set_status(job.meeting_id, "pending"); !r) return r.error();
    spdlog::info("job {}: interrupted by shutdown; back in the queue", job.id);
    job.state = "queued";
    return std::optional<index::Job>(job);
  }
  if (outcome) {
    const std::optional<Text> note = outcome->empty() ? std::nullopt : std::optional<Text>(*outcome);
    auto still_ours = stores_.jobs.finish_job(job.id, settings_.owner, "done", note);
    if (!still_ours) return still_ours.error();
    job.state = *still_ours ? "done" : "cancelled";
    if (note) {
      job.message = note->en;
      job.message_ko = korean(*note);
    }
    if (*still_ours) {
      if (auto r = stores_.archive.set_status(job.meeting_id, "ready", note, duration); !r) return r.error();
      // Captions may have arrived before the video: list them in the new master.
      if (auto r = publish_captions(stores_.archive, stores_.captions, data_, job.meeting_id); !r)
        spdlog::warn("job {}: captions of meeting {} not published: {}", job.id, job.meeting_id,
                     r.error().message);
      job.progress = 1;
      spdlog::info("job {}: meeting {} is ready ({:.1f} s)", job.id, job.meeting_id, duration.value_or(0));
    }
  } else {
    const Error& e = outcome.error();
    const std::string state = e.code == Errc::cancelled ? "cancelled" : "failed";
    auto still_ours = stores_.jobs.finish_job(job.id, settings_.owner, state, e.text());
    if (!still_ours) return still_ours.error();
    job.state = *still_ours ? state : "cancelled";
    job.message = e.message;
    job.message_ko = korean(e.text());
    // A job cancelled from outside (a new part, a deleted meeting) has a
    // successor or no meeting: the meeting's status is not ours to set.
    if (*still_ours && state == "failed") {
      if (auto r = stores_.archive.set_status(job.meeting_id, "failed", e.text()); !r) return r.error();
      spdlog::warn("job {}: meeting {} failed: {}", job.id, job.meeting_id, e.message);
    } else {
      spdlog::info("job {}: stopped ({})", job.id, e.message);
    }
  }
  return std::optional<index::Job>(job);
}

void JobRunner::run_until(std::stop_token stop) {
  while (!stop.stop_requested()) {
    auto ran = run_one(std::nullopt, {}, stop);
    if (!ran) spdlog::error("job queue: {}", ran.error().message);
    if (ran && *ran) continue;
    for (int i = 0; i < 10 && !stop.stop_requested(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace gavel::worker
