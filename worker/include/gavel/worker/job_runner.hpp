#pragma once
// Runs transcode jobs from the index's queue: claims a job under a lease,
// packages the meeting's parts into its media folder, and records the
// outcome on the meeting. Several runners (threads or processes) may share
// one data dir; the lease guarantees each job runs once at a time.

#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "gavel/index/archive.hpp"
#include "gavel/index/caption_store.hpp"
#include "gavel/index/job_queue.hpp"
#include "gavel/transcode/options.hpp"
#include "gavel/worker/data_dir.hpp"

namespace gavel::worker {

class JobRunner {
 public:
  // Sees each progress report (for a progress bar); may be empty.
  using Observer = std::function<void(const index::Job&, const transcode::Progress&)>;

  static constexpr double kLeaseSeconds = 60;

  // What a runner reads and writes: the queue, the meetings it packages and
  // their captions (published into each new master).
  struct Stores {
    index::Archive& archive;
    index::CaptionStore& captions;
    index::JobQueue& jobs;
  };
  struct Settings {
    std::string owner;  // names this runner in the job's lease (host:pid:role)
    transcode::Options options = {};
    // A job whose lease is not renewed this long (its worker died) goes to
    // another worker. Tests shorten it to see a take-over in seconds.
    double lease_seconds = kLeaseSeconds;
  };

  JobRunner(Stores stores, DataDir data, Settings settings);

  // Claims and runs one job (exactly `only` when given). Returns the job
  // as it ended, or nothing when no job could be claimed.
  // A stop requested mid-job puts the job back in the queue (its partial
  // output is discarded) for the next worker to start again.
  Result<std::optional<index::Job>> run_one(std::optional<std::int64_t> only = std::nullopt,
                                            const Observer& observer = {}, std::stop_token stop = {});

  // Runs jobs until `stop` is requested, polling the queue when idle.
  void run_until(std::stop_token stop);

 private:
  // The damage warnings as one note for the clerk; empty when the input was whole.
  Result<Text> package(const index::Job& job, const Observer& observer, std::optional<double>& duration,
                       const std::stop_token& stop);

  const Stores stores_;
  const DataDir data_;
  const Settings settings_;
};

}  // namespace gavel::worker
