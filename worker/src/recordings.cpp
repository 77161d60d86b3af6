#include "gavel/worker/recordings.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "gavel/media/probe.hpp"
#include "gavel/worker/file_names.hpp"

namespace gavel::worker {
namespace {

namespace fs = std::filesystem;

// "03-name", or "03-2-name" when a reordered part already holds "03-name":
// a kept original is never overwritten.
fs::path free_name(const fs::path& dir, int seq, const std::string& safe) {
  std::error_code ec;
  fs::path path = dir / fmt::format("{:02}-{}", seq, safe);
  for (int n = 2; fs::exists(path, ec); ++n) path = dir / fmt::format("{:02}-{}-{}", seq, n, safe);
  return path;
}

Error cannot_keep(const Delivery& d, const std::error_code& ec) {
  if (ec == std::errc::no_space_on_device)
    return make_error(Errc::disk_full, fmt::format("the disk is full: {} could not be kept", d.name),
                      fmt::format("디스크가 가득 차서 {} 파일을 보관하지 못했습니다", d.name));
  return make_error(Errc::io, fmt::format("cannot keep {}: {}", d.name, ec.message()),
                    fmt::format("{} 파일을 보관하지 못했습니다: {}", d.name, ec.message()));
}

}  // namespace

Recordings::Recordings(index::Archive& archive, index::JobQueue& jobs, DataDir data)
    : archive_(archive), jobs_(jobs), data_(std::move(data)) {}

Result<std::string> Recordings::keep(std::int64_t meeting, int seq, const Delivery& d, Handover how) {
  const auto dir = data_.originals(meeting);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return cannot_keep(d, ec);
  const auto path = free_name(dir, seq, safe_filename(d.name));
  if (how == Handover::move)
    fs::rename(d.file, path, ec);
  else
    fs::copy_file(d.file, path, ec);
  if (ec) {
    fs::remove(path, ec);  // a half-copied file is no original
    return cannot_keep(d, ec);
  }
  return path.filename().string();
}

Result<Delivered> Recordings::deliver(std::int64_t meeting, const std::vector<Delivery>& files,
                                      Handover how) {
  std::lock_guard lock(mutex_);
  Delivered out;
  std::vector<fs::path> kept;
  std::vector<std::string> replaced;  // originals of the parts deliveries took the place of
  for (const auto& d : files) {
    auto current = archive_.meeting(meeting);
    if (!current) return current.error();
    if (!*current)
      return make_error(Errc::not_found, fmt::format("meeting {} was deleted", meeting),
                        fmt::format("{}번 회의가 삭제되었습니다", meeting));
    const auto& parts = (*current)->parts;
    const bool replacing = d.replaces && *d.replaces >= 1 && *d.replaces <= static_cast<int>(parts.size());
    const int seq = replacing ? *d.replaces : static_cast<int>(parts.size()) + 1;
    auto name = keep(meeting, seq, d, how);
    if (!name) return name.error();
    kept.push_back(data_.originals(meeting) / *name);
    std::error_code ec;
    const index::Part part{seq, *name, static_cast<std::int64_t>(fs::file_size(kept.back(), ec))};
    if (replacing) {
      auto old = archive_.replace_part(meeting, seq, part);
      if (!old) return old.error();
      if (*old) replaced.push_back((*old)->filename);
    } else if (auto r = archive_.add_part(meeting, part); !r) {
      return r.error();
    }
    out.parts.push_back(seq);
    spdlog::info("meeting {}: part {} is {}{}", meeting, seq, *name,
                 replacing ? ", replacing the previous file" : "");
  }
  for (const auto& name : replaced) {
    std::error_code ec;
    fs::remove(data_.originals(meeting) / name, ec);
  }
  // Probed only once kept: a file that is no recording stays beside the
  // meeting, named in the reason, for the clerk to replace or remove.
  auto queued = requeue_checked(meeting);
  if (!queued) return queued.error();
  out.job = queued->job;
  out.unreadable = queued->unreadable;
  return out;
}

Result<void> Recordings::remove(std::int64_t meeting, int seq, const index::IfMatch& if_match) {
  std::lock_guard lock(mutex_);
  auto removed = archive_.remove_part(meeting, seq, if_match);
  if (!removed) return removed.error();
  if (!*removed)
    return make_error(Errc::not_found, fmt::format("meeting {} has no part {}", meeting, seq),
                      fmt::format("{}번 회의에는 {}번 파트가 없습니다", meeting, seq));
  std::error_code ec;
  fs::remove(data_.originals(meeting) / (*removed)->filename, ec);
  spdlog::info("meeting {}: part {} ({}) removed", meeting, seq, (*removed)->filename);
  auto current = archive_.meeting(meeting);
  if (!current) return current.error();
  if (*current && !(*current)->parts.empty()) {
    auto queued = requeue_checked(meeting);
    if (!queued) return queued.error();
    return {};
  }
  // Nothing left to play: what was packaged from the old parts goes too.
  fs::remove_all(data_.media(meeting), ec);
  return jobs_.cancel_transcode(meeting);
}

Result<void> Recordings::reorder(std::int64_t meeting, const std::vector<int>& order,
                                 const index::IfMatch& if_match) {
  std::lock_guard lock(mutex_);
  if (auto r = archive_.reorder_parts(meeting, order, if_match); !r) return r;
  auto queued = requeue_checked(meeting);
  if (!queued) return queued.error();
  return {};
}

// The parts changed: probe them all (a removed part may have been the
// broken one, a new one may be) and queue the transcode, or mark the meeting
// failed with the first reason.
Result<Delivered> Recordings::requeue_checked(std::int64_t meeting) {
  Delivered out;
  auto current = archive_.meeting(meeting);
  if (!current) return current.error();
  if (!*current) return out;
  for (const auto& part : (*current)->parts) {
    auto info = media::probe(data_.originals(meeting) / part.filename);
    if (info) continue;
    out.unreadable = info.error();
    if (auto r = jobs_.cancel_transcode(meeting); !r) return r.error();
    if (auto r = archive_.set_status(meeting, "failed", info.error().text()); !r) return r.error();
    spdlog::warn("meeting {}: {}", meeting, info.error().message);
    return out;
  }
  auto job = jobs_.requeue_transcode(meeting);
  if (!job) return job.error();
  out.job = *job;
  return out;
}

}  // namespace gavel::worker
