#include "file_reply.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <zlib.h>

#include <charconv>
#include <ctime>
#include <optional>

#include "http_date.hpp"
#include "page_cache.hpp"
#include "responses.hpp"

namespace gavel::server {
namespace {

constexpr std::uint64_t kGzipLimit = 4 * 1024 * 1024;  // playlists and captions, never segments
constexpr std::uint64_t kInlineLimit = 64 * 1024;

// A file version's ETag: its size and modification time to the nanosecond.
std::string etag_of(std::uint64_t size, const timespec& mtime) {
  return fmt::format("\"{:x}-{:x}{:09x}\"", size, mtime.tv_sec, mtime.tv_nsec);
}

struct Range {
  std::uint64_t first = 0, length = 0;
};

// One "bytes=" range; nullopt for a header we ignore (multiple ranges or
// another unit: the whole file is sent), `unsatisfiable` for 416.
std::optional<Range> parse_range(std::string_view header, std::uint64_t size, bool& unsatisfiable) {
  if (header.substr(0, 6) != "bytes=" || header.find(',') != std::string_view::npos) return std::nullopt;
  header.remove_prefix(6);
  const auto dash = header.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view t) -> std::optional<std::uint64_t> {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
    return v;
  };
  const auto first = header.substr(0, dash), last = header.substr(dash + 1);
  if (first.empty()) {  // suffix: the last N bytes
    auto n = number(last);
    if (!n) return std::nullopt;
    if (*n == 0 || size == 0) {
      unsatisfiable = true;
      return std::nullopt;
    }
    const auto len = std::min(*n, size);
    return Range{size - len, len};
  }
  auto a = number(first);
  if (!a) return std::nullopt;
  if (*a >= size) {
    unsatisfiable = true;
    return std::nullopt;
  }
  std::uint64_t b = size - 1;
  if (!last.empty()) {
    auto parsed = number(last);
    if (!parsed || *parsed < *a) return std::nullopt;
    b = std::min(*parsed, size - 1);
  }
  return Range{*a, b - *a + 1};
}

bool accepts_gzip(const Request& req) {
  const auto ae = req[http::field::accept_encoding];
  return ae.find("gzip") != std::string_view::npos;
}

std::string gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Conditional GET: If-None-Match wins over If-Modified-Since (RFC 9110).
bool is_not_modified(const Request& req, std::string_view etag, std::time_t mtime) {
  const auto inm = req[http::field::if_none_match];
  if (!inm.empty()) return inm == "*" || inm.find(etag) != std::string_view::npos;
  if (auto since = parse_http_date(req[http::field::if_modified_since])) return mtime <= *since;
  return false;
}

bool worth_gzip(std::string_view content_type) {
  return content_type.find("mpegurl") != std::string_view::npos ||
         content_type.find("text/vtt") != std::string_view::npos;
}

template <class Body>
void common(http::response<Body>& res, const Request& req, const FilePolicy& policy, const std::string& etag,
            const std::string& modified) {
  res.set(http::field::server, "gavel");
  res.set(http::field::content_type, policy.content_type);
  res.set(http::field::cache_control, policy.cache_control);
  res.set(http::field::etag, etag);
  res.set(http::field::last_modified, modified);
  res.set(http::field::accept_ranges, "bytes");
  if (policy.cors) {
    res.set(http::field::access_control_allow_origin, "*");
    res.set(http::field::access_control_expose_headers, "Content-Length, Content-Range, Accept-Ranges, ETag");
  }
  res.keep_alive(req.keep_alive());
}

http::response<http::empty_body> not_modified(const Request& req, const FilePolicy& policy,
                                              const std::string& etag, const std::string& modified) {
  http::response<http::empty_body> res{http::status::not_modified, req.version()};
  common(res, req, policy, etag, modified);
  res.erase(http::field::content_type);
  return res;
}

}  // namespace

Reply serve_file(const Request& req, const std::filesystem::path& file, const FilePolicy& policy) {
  return serve_fd(req, unique_fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC)), policy);
}

Reply serve_fd(const Request& req, unique_fd fd, const FilePolicy& policy) {
  return serve_growing_fd(req, std::move(fd), policy, 0, nullptr);
}

Reply serve_growing_fd(const Request& req, unique_fd fd, const FilePolicy& policy, std::uint64_t final_size,
                       std::shared_ptr<const FileGrowth> growth) {
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return error_message(req, Errc::not_found, Text("no such file", "그런 파일이 없습니다"));
  const auto size = growth ? final_size : static_cast<std::uint64_t>(st.st_size);
  if (growth) st.st_mtim = growth->modified;
  const std::string etag = etag_of(size, st.st_mtim);
  const std::string modified = format_http_date(st.st_mtim.tv_sec);

  if (is_not_modified(req, etag, st.st_mtim.tv_sec)) return not_modified(req, policy, etag, modified);

  bool unsatisfiable = false;
  std::optional<Range> range;
  const auto if_range = req[http::field::if_range];
  if (!req[http::field::range].empty() && (if_range.empty() || if_range == etag))
    range = parse_range(req[http::field::range], size, unsatisfiable);
  if (unsatisfiable) {
    http::response<http::string_body> res{http::status::range_not_satisfiable, req.version()};
    common(res, req, policy, etag, modified);
    res.set(http::field::content_range, fmt::format("bytes */{}", size));
    res.content_length(0);
    return res;
  }

  if (!range && !growth && size <= kGzipLimit && accepts_gzip(req) && worth_gzip(policy.content_type)) {
    std::string text(size, '\0');
    if (read_at(fd.get(), text.data(), size, 0) == static_cast<ssize_t>(size)) {
      http::response<http::string_body> res{http::status::ok, req.version()};
      common(res, req, policy, etag, modified);
      res.set(http::field::content_encoding, "gzip");
      res.set(http::field::vary, "Accept-Encoding");
      res.body() = gzip(text);
      res.prepare_payload();
      if (req.method() == http::verb::head) res.body().clear();
      return res;
    }
  }

  const std::uint64_t offset = range ? range->first : 0;
  const std::uint64_t length = range ? range->length : size;
  if (length <= kInlineLimit && req.method() != http::verb::head) {
    // Small files (playlists, init segments) go out in the same write as
    // their header: one system call instead of a header write and a sendfile.
    http::response<http::string_body> small{range ? http::status::partial_content : http::status::ok,
                                            req.version()};
    common(small, req, policy, etag, modified);
    if (range)
      small.set(http::field::content_range, fmt::format("bytes {}-{}/{}", offset, offset + length - 1, size));
    small.body().resize(length);
    if (read_at(fd.get(), small.body().data(), length, static_cast<off_t>(offset)) ==
        static_cast<ssize_t>(length)) {
      small.content_length(length);
      return small;
    }
  }
  http::response<http::empty_body> res{range ? http::status::partial_content : http::status::ok,
                                       req.version()};
  common(res, req, policy, etag, modified);
  if (range)
    res.set(http::field::content_range, fmt::format("bytes {}-{}/{}", offset, offset + length - 1, size));
  res.content_length(length);
  if (req.method() == http::verb::head) return res;
  FileReply reply(std::move(res), std::move(fd), offset, length);
  reply.set_growth(std::move(growth));
  return reply;
}

std::shared_ptr<MemoryFile> read_hot_file(int fd, std::string_view content_type,
                                          std::string_view cache_control) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<std::uint64_t>(st.st_size) > HotFiles::kMaxFile)
    return nullptr;
  auto file = std::make_shared<MemoryFile>();
  file->bytes.resize(static_cast<std::size_t>(st.st_size));
  // One read, and only from the page cache: a file that would wait for
  // the disk is left to the handler pool.
  if (!file->bytes.empty() && read_at(fd, file->bytes.data(), file->bytes.size(), 0, RWF_NOWAIT) !=
                                  static_cast<ssize_t>(file->bytes.size()))
    return nullptr;
  file->etag = etag_of(static_cast<std::uint64_t>(st.st_size), st.st_mtim);
  file->last_modified = format_http_date(st.st_mtim.tv_sec);
  file->mtime = st.st_mtim.tv_sec;
  file->content_type = content_type;
  file->cache_control = cache_control;
  if (worth_gzip(content_type)) file->gzipped = gzip(file->bytes);
  return file;
}

Reply serve_memory(const Request& req, const MemoryFile& file, bool cors) {
  const FilePolicy policy{file.content_type, file.cache_control, cors};
  if (is_not_modified(req, file.etag, static_cast<std::time_t>(file.mtime)))
    return not_modified(req, policy, file.etag, file.last_modified);
  const bool zipped = !file.gzipped.empty() && accepts_gzip(req);
  http::response<http::string_body> res{http::status::ok, req.version()};
  common(res, req, policy, file.etag, file.last_modified);
  if (zipped) {
    res.set(http::field::content_encoding, "gzip");
    res.set(http::field::vary, "Accept-Encoding");
  }
  const auto& body = zipped ? file.gzipped : file.bytes;
  if (req.method() != http::verb::head) res.body() = body;
  res.content_length(body.size());
  return res;
}

Reply media_preflight(const Request& req) {
  http::response<http::empty_body> res{http::status::no_content, req.version()};
  res.set(http::field::access_control_allow_origin, "*");
  res.set(http::field::access_control_allow_methods, "GET, HEAD, OPTIONS");
  res.set(http::field::access_control_allow_headers, "Range, If-None-Match, If-Modified-Since, If-Range");
  res.set(http::field::access_control_max_age, "86400");
  res.keep_alive(req.keep_alive());
  return res;
}

}  // namespace gavel::server
