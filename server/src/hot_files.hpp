#pragma once
// Small media files (playlists, init segments, captions, posters) held in
// memory for a moment: a thousand players asking for the same playlist
// cost one open and read a second instead of one each. Entries are only
// ever made from files opened through open_media (checked names, beneath
// the media tree), and expire after a second like MeetingStates, so a
// playlist that grows or a meeting packaged again is seen at once.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gavel::server {

// Where the short-lived caches (HotFiles, MeetingStates) read the time: the
// steady clock, or a test's clock that it moves by hand.
using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;
inline std::chrono::steady_clock::time_point steady_now() { return std::chrono::steady_clock::now(); }

// A file's bytes with what its responses need.
struct MemoryFile {
  std::string bytes;
  std::string gzipped;  // empty unless the type is worth compressing
  std::string etag;
  std::string last_modified;  // HTTP date
  std::int64_t mtime = 0;     // seconds, for If-Modified-Since
  std::string_view content_type;
  std::string_view cache_control;
};

class HotFiles {
 public:
  static constexpr std::uint64_t kMaxFile = 64 * 1024;
  static constexpr std::chrono::seconds kFresh{1};
  explicit HotFiles(std::uint64_t max_bytes = 32ull << 20, SteadyNow now = steady_now)
      : max_bytes_(max_bytes), now_(std::move(now)) {}

  // The file last put under `key` (the URL path below /media/), if fresh.
  std::shared_ptr<const MemoryFile> get(std::string_view key);
  void put(std::string_view key, std::shared_ptr<const MemoryFile> file);

 private:
  struct Entry {
    std::shared_ptr<const MemoryFile> file;
    std::chrono::steady_clock::time_point stored;
  };
  const std::uint64_t max_bytes_;
  const SteadyNow now_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t bytes_ = 0;
};

}  // namespace gavel::server
