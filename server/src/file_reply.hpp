#pragma once
// Serving a file the way players and CDNs expect: ETag and Last-Modified
// with 304s, single byte ranges (206/416), HEAD, gzip for small text
// playlists, CORS for players on other origins. The bytes of a plain file
// response leave through sendfile(2) (see HttpSession), not user space.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "beast.hpp"
#include "file_growth.hpp"
#include "gavel/unique_fd.hpp"
#include "hot_files.hpp"
#include "reply.hpp"

namespace gavel::server {

struct FilePolicy {
  std::string_view content_type;
  std::string_view cache_control;
  bool cors = false;  // media: any origin may play it
};

Reply serve_file(const Request& req, const std::filesystem::path& file, const FilePolicy& policy);
// The same for a file already open.
Reply serve_fd(const Request& req, unique_fd fd, const FilePolicy& policy);
// A file still being written that will be `final_size` bytes long; its
// ETag and Last-Modified are those it will have when finished
// (growth->modified), so a resumed download's If-Range still matches.
Reply serve_growing_fd(const Request& req, unique_fd fd, const FilePolicy& policy, std::uint64_t final_size,
                       std::shared_ptr<const FileGrowth> growth);

// A small open file read into memory for HotFiles, with its ETag and (for
// playlists and captions) a gzipped copy; null when it is larger than
// HotFiles::kMaxFile, not a regular file or not in the page cache. `fd`
// is borrowed.
std::shared_ptr<MemoryFile> read_hot_file(int fd, std::string_view content_type,
                                          std::string_view cache_control);
// A whole small file from memory: the headers, 304s and gzip of serve_fd
// (the fast path sends no ranges).
Reply serve_memory(const Request& req, const MemoryFile& file, bool cors);

// 204 answer to a CORS preflight for media (Range and conditional headers).
Reply media_preflight(const Request& req);

}  // namespace gavel::server
