#include "export_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace gavel::server {
namespace {

constexpr std::size_t kFlushAt = 256 * 1024;

}  // namespace

Result<ExportFile> ExportFile::create(const std::filesystem::path& dir) {
  unique_fd fd(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (!fd && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // A file system without O_TMPFILE: a real name, unlinked at once.
    std::string name = (dir / ".export-XXXXXX").string();
    fd.reset(::mkostemp(name.data(), O_CLOEXEC));
    if (fd) ::unlink(name.c_str());
  }
  if (!fd) {
    const int err = errno;
    return make_error(
        err == ENOSPC ? Errc::disk_full : Errc::write_failed,
        fmt::format("cannot make a temporary file in {}: {}", dir.string(), std::strerror(err)),
        fmt::format("{}에 임시 파일을 만들지 못했습니다: {}", dir.string(), std::strerror(err)));
  }
  return ExportFile(std::move(fd));
}

void ExportFile::write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= kFlushAt) flush();
}

void ExportFile::flush() {
  std::string_view rest = buffer_;
  while (!rest.empty() && error_ == 0) {
    const ssize_t n = ::write(fd_.get(), rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = errno;
      break;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
    size_ += static_cast<std::uint64_t>(n);
  }
  buffer_.clear();
}

Result<Reply> ExportFile::finish(const Request& req, std::string_view content_type,
                                 std::string_view download_name) {
  flush();
  if (error_ != 0)
    return make_error(error_ == ENOSPC ? Errc::disk_full : Errc::write_failed,
                      fmt::format("cannot write the export: {}", std::strerror(error_)),
                      fmt::format("내보낼 파일을 쓰지 못했습니다: {}", std::strerror(error_)));
  http::response<http::empty_body> res{http::status::ok, req.version()};
  res.set(http::field::server, "gavel");
  res.set(http::field::content_type, content_type);
  // Made afresh per request from the live archive; a CDN may keep it briefly.
  res.set(http::field::cache_control, "public, max-age=300");
  res.set(http::field::access_control_allow_origin, "*");
  res.set("X-Content-Type-Options", "nosniff");
  if (!download_name.empty())
    res.set(http::field::content_disposition, fmt::format("attachment; filename=\"{}\"", download_name));
  res.keep_alive(req.keep_alive());
  res.content_length(size_);
  if (req.method() == http::verb::head) return res;
  return FileReply(std::move(res), std::move(fd_), 0, size_);
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace gavel::server
