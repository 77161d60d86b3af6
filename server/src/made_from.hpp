#pragma once
// Files the server makes from packaged media on demand (podcast audio,
// clips) and keeps until the meeting is packaged again.

#include <filesystem>

namespace gavel::server {

// `file` exists and is no older than `source`, what it was made from.
inline bool is_fresh(const std::filesystem::path& file, const std::filesystem::path& source) {
  std::error_code ec;
  const auto made = std::filesystem::last_write_time(file, ec);
  if (ec) return false;
  const auto packaged = std::filesystem::last_write_time(source, ec);
  return !ec && made >= packaged;
}

}  // namespace gavel::server
