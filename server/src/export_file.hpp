#pragma once
// A response body too large to build in memory: written piece by piece to
// an unnamed temporary file in the data dir (it disappears when closed)
// and sent from there like any other file, with sendfile.

#include <filesystem>
#include <string>
#include <string_view>

#include "beast.hpp"
#include "file_reply.hpp"
#include "gavel/result.hpp"
#include "gavel/unique_fd.hpp"

namespace gavel::server {

class ExportFile {
 public:
  // An unnamed file in `dir` (O_TMPFILE, else a name removed at once).
  static Result<ExportFile> create(const std::filesystem::path& dir);
  ExportFile(ExportFile&&) noexcept = default;
  ExportFile& operator=(ExportFile&&) = delete;

  // Buffered; the first failure is kept and reported by finish().
  void write(std::string_view text);

  // Flushes, then the whole file as the response: `content_type`, and an
  // attachment named `download_name` unless it is empty. Consumes the file.
  Result<Reply> finish(const Request& req, std::string_view content_type, std::string_view download_name);

 private:
  explicit ExportFile(unique_fd fd) : fd_(std::move(fd)) {}
  void flush();

  unique_fd fd_;
  std::string buffer_;
  std::uint64_t size_ = 0;
  int error_ = 0;  // errno of the first failed write
};

// One CSV field per RFC 4180: quoted (quotes doubled) when it holds a
// comma, quote, CR or LF; as is otherwise.
std::string csv_field(std::string_view text);

}  // namespace gavel::server
