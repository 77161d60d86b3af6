#include "hot_files.hpp"

namespace gavel::server {
std::shared_ptr<const MemoryFile> HotFiles::get(std::string_view key) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(std::string(key));
  if (it == entries_.end() || now - it->second.stored >= kFresh) return nullptr;
  return it->second.file;
}

void HotFiles::put(std::string_view key, std::shared_ptr<const MemoryFile> file) {
  const auto size = file->bytes.size() + file->gzipped.size() + key.size();
  std::lock_guard lock(mutex_);
  // Bounded under a scan of many meetings: start again rather than track age.
  if (bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  auto& entry = entries_[std::string(key)];
  if (entry.file) bytes_ -= entry.file->bytes.size() + entry.file->gzipped.size() + key.size();
  entry = {std::move(file), now_()};
  bytes_ += size;
}

}  // namespace gavel::server
