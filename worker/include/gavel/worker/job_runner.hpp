#pragma once
// Runs transcode jobs from the index's queue: claims a job under a lease,
// packages the meeting's parts into its media folder, and records the
// outcome on the meeting. Several runners (threads or processes) may share
// one data dir; the lease guarantees each job runs once at a time.

#include "gavel/index/index.hpp"
#include "gavel/transcode/options.hpp"
#include "gavel/worker/data_dir.hpp"

#include <functional>
#include <optional>
#include <stop_token>
#include <string>

namespace gavel::worker {

class JobRunner {
 public:
  // Sees each progress report (for a progress bar); may be empty.
  using Observer = std::function<void(const index::Job&, const transcode::Progress&)>;

  JobRunner(index::Index& index, DataDir data, transcode::Options options, std::string owner);

  // Claims and runs one job (exactly `only` when given). Returns the job
  // as it ended, or nothing when no job could be claimed.
  // A stop requested mid-job puts the job back in the queue (its partial
  // output is discarded) for the next worker to start again.
  Result<std::optional<index::Job>> run_one(std::optional<std::int64_t> only = std::nullopt,
                                            const Observer& observer = {}, std::stop_token stop = {});

  // Runs jobs until `stop` is requested, polling the queue when idle.
  void run_until(std::stop_token stop);

  static constexpr double kLeaseSeconds = 60;

 private:
  // The damage warnings as one note for the clerk; empty when the input was whole.
  Result<Text> package(const index::Job& job, const Observer& observer, std::optional<double>& duration,
                       const std::stop_token& stop);

  index::Index& index_;
  const DataDir data_;
  const transcode::Options options_;
  const std::string owner_;
};

}  // namespace gavel::worker
