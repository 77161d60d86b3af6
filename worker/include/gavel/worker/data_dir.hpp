#pragma once
// The data dir's layout (see CONTRACT.md). Every path is built from ids
// the index handed out, never from request text.

#include <cstdint>
#include <filesystem>

namespace gavel::worker {

class DataDir {
 public:
  explicit DataDir(std::filesystem::path root) : root_(std::move(root)) {}

  // Creates the folders a fresh data dir needs.
  void create() const;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path database() const { return root_ / "gavel.db"; }
  std::filesystem::path originals(std::int64_t meeting) const;
  std::filesystem::path media(std::int64_t meeting) const;
  std::filesystem::path media_root() const { return root_ / "media"; }
  std::filesystem::path uploads() const { return root_ / "uploads"; }

 private:
  std::filesystem::path root_;
};

}  // namespace gavel::worker
