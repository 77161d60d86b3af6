#include "media_files.hpp"

#include <charconv>

namespace gavel::server {

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

Result<MediaFile> resolve_media(index::Index& index, const worker::DataDir& data,
                                std::string_view id_text, std::string_view rest) {
  auto id = parse_id(id_text);
  if (!id) return make_error("bad_path", "a meeting id is a positive number");
  std::filesystem::path relative;
  int depth = 0;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto name = rest.substr(0, slash);
    if (!is_safe_name(name) || ++depth > 3) return make_error("bad_path", "not a media file name");
    relative /= std::string(name);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  if (relative.empty()) return make_error("bad_path", "not a media file name");

  auto meeting = index.meeting(*id);
  if (!meeting) return meeting.error();
  if (!*meeting) return make_error("not_found", "no such meeting");

  const auto root = data.media(*id);
  std::error_code ec;
  const auto canonical_root = std::filesystem::canonical(root, ec);
  if (ec) return make_error("not_found", "this meeting has no media yet");
  const auto file = std::filesystem::canonical(root / relative, ec);
  // canonical() resolves symlinks: a link pointing out of the tree ends
  // up outside canonical_root and is refused.
  if (ec || !std::filesystem::is_regular_file(file, ec))
    return make_error("not_found", "no such media file");
  const auto [root_end, file_it] =
      std::mismatch(canonical_root.begin(), canonical_root.end(), file.begin(), file.end());
  if (root_end != canonical_root.end()) return make_error("not_found", "no such media file");
  return MediaFile{file, (*meeting)->status != "ready"};
}

}  // namespace gavel::server
