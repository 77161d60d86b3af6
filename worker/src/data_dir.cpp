#include "gavel/worker/data_dir.hpp"

#include <string>

namespace gavel::worker {

void DataDir::create() const {
  for (const char* sub : {"originals", "media", "uploads"}) std::filesystem::create_directories(root_ / sub);
}

std::filesystem::path DataDir::originals(std::int64_t meeting) const {
  return root_ / "originals" / std::to_string(meeting);
}

std::filesystem::path DataDir::media(std::int64_t meeting) const {
  return root_ / "media" / std::to_string(meeting);
}

}  // namespace gavel::worker
