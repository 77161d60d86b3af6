#pragma once
// Shared between whoever is still writing a file and the connections
// already sending it (a clip cut while it downloads).

#include <atomic>
#include <ctime>

namespace gavel::server {

struct FileGrowth {
  // Until set, reaching the file's current end means "wait for more", not
  // "the file shrank". Set when the writer is done, well or not.
  std::atomic<bool> finished{false};
  // The modification time the file will keep when finished: its ETag and
  // Last-Modified stay the same before and after.
  timespec modified{};
};

}  // namespace gavel::server
