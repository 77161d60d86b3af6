#pragma once
// Clips made on demand and kept in DATA/clips/. A clip not yet made is
// planned (its moov and size, see transcode::plan_clip), then cut on a
// thread of its own into a hidden file that is served while it grows: a
// one-hour clip starts downloading as soon as it is planned. Finished
// clips are renamed into place and reused until the meeting is packaged
// again; the oldest are removed once the folder passes its size limit.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "file_growth.hpp"
#include "gavel/result.hpp"
#include "gavel/transcode/clip.hpp"
#include "gavel/unique_fd.hpp"

namespace gavel::server {

class ClipCache {
 public:
  ClipCache(std::filesystem::path dir, std::uint64_t max_bytes);
  ~ClipCache();  // stops clips being cut and waits for their threads
  ClipCache(const ClipCache&) = delete;
  ClipCache& operator=(const ClipCache&) = delete;

  struct Open {
    unique_fd fd;                              // open for reading
    std::uint64_t size = 0;                    // when finished
    std::shared_ptr<const FileGrowth> growth;  // null for a finished clip
  };
  // The clip of `span` of the meeting packaged in `media_dir`, named `name`
  // (unique per meeting and span). Blocks while planning: call it off the
  // io threads. Fails with "busy" when too many clips are being cut, and
  // "disk_full" when the clip would not fit.
  Result<Open> open(const std::filesystem::path& media_dir, const std::string& name,
                    const transcode::ClipSpan& span);

  // Removes the oldest finished clips until the folder is under its limit,
  // and partial files a crash left behind.
  void prune();
  void set_max_bytes(std::uint64_t bytes) { max_bytes_ = bytes; }

 private:
  struct Cutting;
  Result<Open> start_cutting(const std::filesystem::path& media_dir, const std::string& name,
                             const transcode::ClipSpan& span);
  void cut(std::shared_ptr<Cutting> job, std::filesystem::path media_dir, transcode::ClipSpan span,
           transcode::ClipLayout layout);

  const std::filesystem::path dir_;
  std::atomic<std::uint64_t> max_bytes_;
  std::mutex mutex_;
  std::condition_variable idle_;
  std::map<std::string, std::shared_ptr<Cutting>> cutting_;  // by name
  int threads_ = 0;
  bool stopping_ = false;
};

}  // namespace gavel::server
