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
  return make_error("bad_path", "not a media file name", "미디어 파일 이름이 아닙니다");
}

Error no_media_file() { return make_error("not_found", "no such media file", "그런 미디어 파일이 없습니다"); }

}  // namespace

bool is_safe_name(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.front() == '0') return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

MediaTree::~MediaTree() {
  if (fd_ >= 0) ::close(fd_);
}

int MediaTree::open(const std::filesystem::path& relative) {
  int dir = -1;
  {
    std::lock_guard lock(mutex_);
    if (fd_ < 0) fd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    dir = fd_;
  }
  return dir < 0 ? -1 : open_beneath(dir, relative);
}

int open_beneath(int dir, const std::filesystem::path& relative) {
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  int fd = static_cast<int>(::syscall(SYS_openat2, dir, relative.c_str(), &how, sizeof how));
  if (fd < 0 && errno == ENOSYS) {
    // Kernels before 5.6: walk the components ourselves, none a symlink.
    int at = dir;
    fd = -1;
    auto it = relative.begin();
    for (; it != relative.end(); ++it) {
      const bool last = std::next(it) == relative.end();
      const int next = ::openat(at, it->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (last ? 0 : O_DIRECTORY));
      if (at != dir) ::close(at);
      if (next < 0) {
        at = -1;
        break;
      }
      at = next;
    }
    fd = at == dir ? -1 : at;
  }
  return fd;
}

Result<MeetingStates::State> MeetingStates::get(index::Index& index, std::int64_t id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(id);
    if (it != entries_.end() && now - it->second.fetched < std::chrono::seconds(1)) return it->second.state;
  }
  auto meeting = index.meeting(id);
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
  if (it == entries_.end() || std::chrono::steady_clock::now() - it->second.fetched >= std::chrono::seconds(1))
    return std::nullopt;
  return it->second.state;
}

Result<MediaFile> open_media(index::Index& index, MeetingStates& states, MediaTree& tree,
                             std::string_view id_text, std::string_view rest, bool cached_only) {
  auto id = parse_id(id_text);
  if (!id) return make_error("bad_path", "a meeting id is a positive number", "회의 번호는 양의 정수입니다");
  std::filesystem::path relative;
  int depth = 0;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto name = rest.substr(0, slash);
    if (!is_safe_name(name) || ++depth > 3) return not_a_media_name();
    relative /= std::string(name);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  if (relative.empty()) return not_a_media_name();

  Result<MeetingStates::State> state = make_error("uncached", "not in the cache");
  if (cached_only) {
    if (auto peeked = states.peek(*id)) state = *peeked;
    else return state.error();
  } else {
    state = states.get(index, *id);
  }
  if (!state) return state.error();
  if (!state->exists) return make_error("not_found", "no such meeting", "그런 회의가 없습니다");
  const int fd = tree.open(std::filesystem::path(std::to_string(*id)) / relative);
  if (fd < 0) return no_media_file();
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return no_media_file();
  }
  return MediaFile{fd, relative, !state->ready};
}

}  // namespace gavel::server
