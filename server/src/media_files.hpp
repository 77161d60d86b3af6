#pragma once
// Maps /media/{id}/{rendition}/{file} to a file in the data dir. The
// folder comes from the meeting id looked up in the index; the URL's
// remaining text is only ever checked against a strict name pattern, and
// the file is opened beneath the media folder with symlinks refused, so
// nothing outside the tree can be reached.

#include "gavel/index/index.hpp"
#include "gavel/result.hpp"
#include "gavel/worker/data_dir.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <string_view>

namespace gavel::server {

struct MediaFile {
  int fd = -1;                  // open for reading; the caller owns it
  std::filesystem::path name;   // relative, for the content type
  bool still_growing = false;   // the meeting is still being packaged
};

// Remembers for a second whether a meeting exists and is final, so a
// thousand players fetching segments do not each ask SQLite.
class MeetingStates {
 public:
  struct State {
    bool exists = false;
    bool ready = false;
  };
  Result<State> get(index::Index& index, std::int64_t id);
  // The remembered state if still fresh; never asks the index.
  std::optional<State> peek(std::int64_t id);

 private:
  struct Entry {
    State state;
    std::chrono::steady_clock::time_point fetched;
  };
  std::mutex mutex_;  // guards entries_
  std::map<std::int64_t, Entry> entries_;
};

// DATA/media opened once: each media file is then one openat2() beneath it.
class MediaTree {
 public:
  explicit MediaTree(std::filesystem::path root) : root_(std::move(root)) {}
  ~MediaTree();
  MediaTree(const MediaTree&) = delete;
  MediaTree& operator=(const MediaTree&) = delete;
  // -1 when it does not exist (or is reached through a symlink).
  int open(const std::filesystem::path& relative);

 private:
  const std::filesystem::path root_;
  std::mutex mutex_;  // guards fd_
  int fd_ = -1;
};

// Fails with "bad_path" (400) or "not_found" (404). With `cached_only`,
// fails with "uncached" instead of asking the index.
Result<MediaFile> open_media(index::Index& index, MeetingStates& states, MediaTree& tree,
                             std::string_view id_text, std::string_view rest, bool cached_only = false);

// True for a non-empty name of [A-Za-z0-9_-] and inner dots, not starting with a dot.
bool is_safe_name(std::string_view name);

// Parses a positive decimal id without sign, spaces or leading zeros.
std::optional<std::int64_t> parse_id(std::string_view text);

// Opens `relative` (already checked names) beneath the directory `dir`,
// refusing symlinks and anything that would resolve outside it. -1 on failure.
int open_beneath(int dir, const std::filesystem::path& relative);

}  // namespace gavel::server
