#include "clip_cache.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>
#include <vector>

#include "made_from.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

// Cutting is mostly reading the page cache; a few at once keep both the
// disk and the io threads busy without starving the transcoder.
constexpr int kMaxCutting = 4;
// A hidden file this old is a crash's leftover, not a clip being cut.
constexpr auto kLeftoverAge = std::chrono::hours(6);
constexpr std::uint64_t kDiskReserve = 512ull << 20;

unique_fd open_for_reading(const fs::path& file) {
  return unique_fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
}

Result<ClipCache::Open> open_finished(const fs::path& file) {
  auto fd = open_for_reading(file);
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0)
    return make_error(Errc::not_found, "the clip vanished", "잘라 둔 구간 파일이 사라졌습니다");
  return ClipCache::Open{std::move(fd), static_cast<std::uint64_t>(st.st_size), nullptr};
}

Error too_many_cutting() {
  return make_error(Errc::busy, "too many clips are being cut; try again in a minute",
                    "지금 자르고 있는 구간이 너무 많습니다. 1분 뒤에 다시 시도해 주세요");
}

// `fd` is borrowed.
Result<void> write_all(int fd, const char* data, std::size_t size, const fs::path& file) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (errno == ENOSPC)
        return make_error(Errc::disk_full, fmt::format("disk full while writing {}", file.string()),
                          fmt::format("{}에 쓰는 중에 디스크가 가득 찼습니다", file.string()));
      return make_error(Errc::write_failed,
                        fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

struct ClipCache::Cutting {
  fs::path partial, final;
  std::uint64_t size = 0;
  unique_fd fd;  // for writing; the cutting thread closes it when done
  std::shared_ptr<FileGrowth> growth = std::make_shared<FileGrowth>();
};

ClipCache::ClipCache(fs::path dir, std::uint64_t max_bytes) : dir_(std::move(dir)), max_bytes_(max_bytes) {}

ClipCache::~ClipCache() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  idle_.wait(lock, [&] { return threads_ == 0; });
}

Result<ClipCache::Open> ClipCache::open(const fs::path& media_dir, const std::string& name,
                                        const transcode::ClipSpan& span) {
  const auto final = dir_ / name;
  std::shared_ptr<Cutting> joined;
  {
    std::lock_guard lock(mutex_);
    if (auto it = cutting_.find(name); it != cutting_.end()) joined = it->second;
  }
  if (joined) {
    // Someone asked for this span a moment ago: send the same file as it grows.
    if (auto fd = open_for_reading(joined->partial)) return Open{std::move(fd), joined->size, joined->growth};
    // Renamed into place (or given up) since the look-up.
  }
  if (is_fresh(final, media_dir / "master.m3u8")) return open_finished(final);
  return start_cutting(media_dir, name, span);
}

Result<ClipCache::Open> ClipCache::start_cutting(const fs::path& media_dir, const std::string& name,
                                                 const transcode::ClipSpan& span) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return make_error(Errc::busy, "the server is shutting down", "서버가 멈추는 중입니다");
    if (threads_ >= kMaxCutting) return too_many_cutting();
  }
  auto layout = transcode::plan_clip(media_dir, span);
  if (!layout) {
    if (layout.error().code == Errc::not_ready)
      return make_error(Errc::not_found, "this meeting is not ready yet",
                        "이 회의 영상은 아직 준비되지 않았습니다");
    return layout.error();
  }
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec)
    return make_error(Errc::write_failed, fmt::format("cannot create {}: {}", dir_.string(), ec.message()));
  struct statvfs vfs {};
  if (::statvfs(dir_.c_str(), &vfs) == 0 &&
      static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize < layout->size() + kDiskReserve)
    return make_error(Errc::disk_full, "not enough free disk space to cut this clip",
                      "이 구간을 잘라 둘 디스크 공간이 부족합니다");

  static std::atomic<unsigned> counter{0};
  auto job = std::make_shared<Cutting>();
  job->final = dir_ / name;
  // Hidden, so never served by name; readers hold it open across the rename.
  job->partial = dir_ / fmt::format(".{}.{}.{}.part", name, ::getpid(), counter++);
  job->size = layout->size();
  job->fd.reset(::open(job->partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!job->fd)
    return make_error(Errc::write_failed,
                      fmt::format("cannot create {}: {}", job->partial.string(), std::strerror(errno)));
  // Until the job is handed to its thread, a failure removes the file
  // (the job's descriptors close with it).
  auto fail = [&](Error e) -> Result<Open> {
    ::unlink(job->partial.c_str());
    return e;
  };
  if (auto r = write_all(job->fd.get(), layout->head.data(), layout->head.size(), job->partial); !r)
    return fail(r.error());
  struct stat st {};
  ::fstat(job->fd.get(), &st);
  job->growth->modified = st.st_mtim;
  auto reader = open_for_reading(job->partial);
  if (!reader) return fail(make_error(Errc::write_failed, "cannot reopen the clip being cut"));

  {
    std::lock_guard lock(mutex_);
    if (auto it = cutting_.find(name); it != cutting_.end()) {
      // Planned twice at once: the first one cuts, this one joins it.
      auto other = it->second;
      auto fd = open_for_reading(other->partial);
      fail(make_error(Errc::busy, ""));
      if (!fd)
        return make_error(Errc::busy, "the clip is being placed; try again",
                          "구간 파일을 저장하는 중입니다. 다시 시도해 주세요");
      return Open{std::move(fd), other->size, other->growth};
    }
    if (stopping_ || threads_ >= kMaxCutting) return fail(too_many_cutting());
    cutting_[name] = job;
    ++threads_;
  }
  std::thread([this, job, media_dir, span, layout = std::move(*layout)]() mutable {
    cut(std::move(job), std::move(media_dir), span, std::move(layout));
  }).detach();
  return Open{std::move(reader), job->size, job->growth};
}

void ClipCache::cut(std::shared_ptr<Cutting> job, fs::path media_dir, transcode::ClipSpan span,
                    transcode::ClipLayout layout) {
  const auto started = std::chrono::steady_clock::now();
  auto written = transcode::write_clip_body(
      media_dir, span, layout, [&](const char* data, std::size_t size) -> Result<void> {
        {
          std::lock_guard lock(mutex_);
          if (stopping_) return make_error(Errc::stopped, "the server is shutting down");
        }
        return write_all(job->fd.get(), data, size, job->partial);
      });
  if (written) {
    // Keep the mtime the readers were promised (ETag, If-Range).
    const timespec times[2] = {job->growth->modified, job->growth->modified};
    ::futimens(job->fd.get(), times);
  }
  job->fd.reset();
  std::error_code ec;
  if (written) {
    fs::rename(job->partial, job->final, ec);
    if (ec)
      written = make_error(Errc::write_failed,
                           fmt::format("cannot place {}: {}", job->final.string(), ec.message()));
  }
  if (!written) {
    ::unlink(job->partial.c_str());
    spdlog::warn("clip {}: {}", job->final.filename().string(), written.error().message);
  } else {
    spdlog::info(
        "clip {} ({}, {} bytes) cut in {} ms", job->final.filename().string(), layout.made.rendition,
        job->size,
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
            .count());
  }
  job->growth->finished = true;
  if (written) prune();
  std::lock_guard lock(mutex_);
  cutting_.erase(job->final.filename().string());
  --threads_;
  idle_.notify_all();
}

void ClipCache::prune() {
  struct Entry {
    fs::path path;
    fs::file_time_type made;
    std::uint64_t size;
  };
  std::vector<Entry> clips;
  std::uint64_t total = 0;
  const auto now = fs::file_time_type::clock::now();
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e;
    if (!it->is_regular_file(e)) continue;
    const auto name = it->path().filename().string();
    const auto made = it->last_write_time(e);
    if (e) continue;
    if (name.starts_with('.')) {
      if (now - made > kLeftoverAge) fs::remove(it->path(), e);
      continue;
    }
    const auto size = it->file_size(e);
    if (e) continue;
    clips.push_back({it->path(), made, size});
    total += size;
  }
  const std::uint64_t limit = max_bytes_;
  if (total <= limit) return;
  std::sort(clips.begin(), clips.end(), [](const Entry& a, const Entry& b) { return a.made < b.made; });
  // Down to 90%, so a busy cache does not prune after every clip.
  for (const auto& c : clips) {
    if (total <= limit / 10 * 9) break;
    std::error_code e;
    if (fs::remove(c.path, e)) total -= c.size;
  }
}

}  // namespace gavel::server
