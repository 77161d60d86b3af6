#pragma once
// The transcode queue. A worker holds a job by a lease it renews; a lease
// not renewed in time (the worker died) lets another worker take the job.
// Several processes may share one queue. An interface (see archive.hpp);
// thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "gavel/index/records.hpp"
#include "gavel/result.hpp"
#include "gavel/text.hpp"

namespace gavel::index {

class JobQueue {
 public:
  virtual ~JobQueue() = default;
  virtual Result<std::int64_t> enqueue_transcode(std::int64_t meeting) = 0;
  // Cancels the meeting's queued or running transcode (its worker sees the
  // lost lease and stops), sets the meeting pending and queues a fresh one:
  // its parts changed.
  virtual Result<std::int64_t> requeue_transcode(std::int64_t meeting) = 0;
  // Cancels the meeting's queued or running transcode and sets it back to
  // pending with no error and no length: its parts changed and nothing will
  // package them (the last one was removed, or one cannot be read).
  virtual Result<void> cancel_transcode(std::int64_t meeting) = 0;
  // Takes the oldest claimable job, or exactly `only` when given.
  virtual Result<std::optional<Job>> claim_job(const std::string& owner, double lease_seconds,
                                               std::optional<std::int64_t> only = std::nullopt) = 0;
  // Records progress and renews the lease; false when the lease was lost or
  // the job was cancelled, and the worker must stop.
  virtual Result<bool> report_job(std::int64_t job, const std::string& owner, double progress, double speed,
                                  double eta, double lease_seconds) = 0;
  // False when the job was no longer this owner's to finish (cancelled or
  // taken over meanwhile): the caller must then leave the meeting alone.
  virtual Result<bool> finish_job(std::int64_t job, const std::string& owner, const std::string& state,
                                  const std::optional<Text>& message) = 0;
  // Puts a job its worker is giving up (shutdown) back in the queue, so the
  // next worker starts it again without counting it as failed.
  virtual Result<void> release_job(std::int64_t job, const std::string& owner) = 0;
  virtual Result<std::optional<Job>> job(std::int64_t id) = 0;
  virtual Result<std::optional<Job>> latest_job_for(std::int64_t meeting) = 0;
  virtual Result<QueueStats> queue_stats() = 0;
};

}  // namespace gavel::index
