#include "media_files.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace gavel::server {
namespace {

Error not_a_media_name() {
  return make_error(Errc::bad_path, "not a media file name", "미디어 파일 이름이 아닙니다");
}

Error no_media_file() {
  return make_error(Errc::not_found, "no such media file", "그런 미디어 파일이 없습니다");
}

}  // namespace

bool is_safe_name(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos;
}

std::optional<std::filesystem::path> safe_relative_path(std::string_view text, int max_depth) {
  std::filesystem::path relative;
  for (int depth = 1;; ++depth) {
    const auto slash = text.find('/');
    const auto name = text.substr(0, slash);  // empty for "", "/x", "x//y" and "x/": refused
    if (!is_safe_name(name) || depth > max_depth) return std::nullopt;
    relative /= std::string(name);
    if (slash == std::string_view::npos) return relative;
    text.remove_prefix(slash + 1);
  }
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.front() == '0') return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

unique_fd MediaTree::open(const std::filesystem::path& relative) {
  int dir = -1;
  {
    std::lock_guard lock(mutex_);
    if (!dir_) dir_.reset(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
    dir = dir_.get();  // never closed while the tree lives
  }
  return dir < 0 ? unique_fd() : open_beneath(dir, relative);
}

unique_fd open_beneath(int dir, const std::filesystem::path& relative) {
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  unique_fd fd(static_cast<int>(::syscall(SYS_openat2, dir, relative.c_str(), &how, sizeof how)));
  if (fd || errno != ENOSYS || relative.empty()) return fd;
  // Kernels before 5.6: walk the components ourselves, none a symlink.
  unique_fd at;  // the directory reached so far, once past `dir`
  for (auto it = relative.begin(); it != relative.end(); ++it) {
    const bool last = std::next(it) == relative.end();
    at = unique_fd(::openat(at ? at.get() : dir, it->c_str(),
                            O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (last ? 0 : O_DIRECTORY)));
    if (!at) break;
  }
  return at;
}

Result<MeetingStates::State> MeetingStates::get(index::Archive& archive, std::int64_t id) {
  const auto now = now_();
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(id);
    if (it != entries_.end() && now - it->second.fetched < kFresh) return it->second.state;
  }
  auto meeting = archive.meeting(id);
  if (!meeting) return meeting.error();
  State state{meeting->has_value(), *meeting && (**meeting).status == "ready"};
  std::lock_guard lock(mutex_);
  if (entries_.size() > 10000) entries_.clear();  // bounded under a scan of ids
  entries_[id] = {state, now};
  return state;
}

std::optional<MeetingStates::State> MeetingStates::peek(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || now_() - it->second.fetched >= kFresh) return std::nullopt;
  return it->second.state;
}

Result<MediaFile> open_media(index::Archive& archive, MeetingStates& states, MediaTree& tree,
                             std::string_view id_text, std::string_view rest, bool cached_only) {
  auto id = parse_id(id_text);
  if (!id)
    return make_error(Errc::bad_path, "a meeting id is a positive number", "회의 번호는 양의 정수입니다");
  // {rendition}/{file}, or captions/{lang}/{file}: three names at most.
  const auto relative = safe_relative_path(rest, 3);
  if (!relative) return not_a_media_name();

  Result<MeetingStates::State> state = make_error(Errc::uncached, "not in the cache");
  if (cached_only) {
    if (auto peeked = states.peek(*id))
      state = *peeked;
    else
      return state.error();
  } else {
    state = states.get(archive, *id);
  }
  if (!state) return state.error();
  if (!state->exists) return make_error(Errc::not_found, "no such meeting", "그런 회의가 없습니다");
  auto fd = tree.open(std::filesystem::path(std::to_string(*id)) / *relative);
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return no_media_file();
  return MediaFile{std::move(fd), *relative, !state->ready};
}

}  // namespace gavel::server
