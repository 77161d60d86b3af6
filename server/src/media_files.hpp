#pragma once
// Maps /media/{id}/{rendition}/{file} to a file in the data dir. The
// folder comes from the meeting id looked up in the index; the URL's
// remaining text is only ever checked against a strict name pattern, and
// the file is opened beneath the media folder with symlinks refused, so
// nothing outside the tree can be reached.

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <string_view>

#include "gavel/index/archive.hpp"
#include "gavel/result.hpp"
#include "gavel/unique_fd.hpp"
#include "gavel/worker/data_dir.hpp"
#include "hot_files.hpp"

namespace gavel::server {

struct MediaFile {
  unique_fd fd;                // open for reading
  std::filesystem::path name;  // relative, for the content type
  bool still_growing = false;  // the meeting is still being packaged
};

// Remembers for a second whether a meeting exists and is final, so a
// thousand players fetching segments do not each ask SQLite.
class MeetingStates {
 public:
  struct State {
    bool exists = false;
    bool ready = false;
  };
  static constexpr std::chrono::seconds kFresh{1};
  explicit MeetingStates(SteadyNow now = steady_now) : now_(std::move(now)) {}
  Result<State> get(index::Archive& archive, std::int64_t id);
  // The remembered state if still fresh; never asks the index.
  std::optional<State> peek(std::int64_t id);

 private:
  struct Entry {
    State state;
    std::chrono::steady_clock::time_point fetched;
  };
  const SteadyNow now_;
  std::mutex mutex_;  // guards entries_
  std::map<std::int64_t, Entry> entries_;
};

// DATA/media opened once: each media file is then one openat2() beneath it.
class MediaTree {
 public:
  explicit MediaTree(std::filesystem::path root) : root_(std::move(root)) {}
  // Owns nothing when it does not exist (or is reached through a symlink).
  unique_fd open(const std::filesystem::path& relative);

 private:
  const std::filesystem::path root_;
  std::mutex mutex_;  // guards dir_
  unique_fd dir_;     // opened on first use, then kept
};

// Fails with "bad_path" (400) or "not_found" (404). With `cached_only`,
// fails with "uncached" instead of asking the index.
Result<MediaFile> open_media(index::Archive& archive, MeetingStates& states, MediaTree& tree,
                             std::string_view id_text, std::string_view rest, bool cached_only = false);

// True for a non-empty name of [A-Za-z0-9_-] and inner dots, not starting with a dot.
bool is_safe_name(std::string_view name);

// "a/b/c" as a relative path when each of at most `max_depth` components is
// a safe name; nothing otherwise (also for an empty text). URL text becomes
// a path only through this.
std::optional<std::filesystem::path> safe_relative_path(std::string_view text, int max_depth);

// Parses a positive decimal id without sign, spaces or leading zeros.
std::optional<std::int64_t> parse_id(std::string_view text);

// Opens `relative` (already checked names) beneath the directory `dir`
// (borrowed), refusing symlinks and anything that would resolve outside it.
// Owns nothing on failure.
unique_fd open_beneath(int dir, const std::filesystem::path& relative);

}  // namespace gavel::server
