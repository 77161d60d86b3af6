#pragma once
// A meeting's recordings as clerks and encoders deliver them: the one path
// every way in shares (`gavel ingest`, a finished tus upload, and live
// recording when it lands). A delivered file is kept first under
// DATA/originals/{id}/ with a name a clerk can read, so nothing received is
// lost; it becomes a numbered part; then it is probed: a recording queues
// the meeting's transcode, a file that is none marks the meeting failed
// with the reason, ready for the clerk to replace or remove that part.

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gavel/index/archive.hpp"
#include "gavel/index/job_queue.hpp"
#include "gavel/result.hpp"
#include "gavel/worker/data_dir.hpp"

namespace gavel::worker {

struct Delivery {
  std::filesystem::path file;   // as received
  std::string name;             // as the clerk named it (made safe, kept readable)
  std::optional<int> replaces;  // takes this part's place; else goes last
};

enum class Handover {
  move,  // the file is gavel's now (a finished upload): renamed into place
  copy,  // the caller keeps its file (`gavel ingest`)
};

struct Delivered {
  std::vector<int> parts;           // the seq each delivery became
  std::optional<std::int64_t> job;  // the transcode queued, when every file was a recording
  std::optional<Error> unreadable;  // the first file that was none: the meeting is failed
};

class Recordings {
 public:
  Recordings(index::Archive& archive, index::JobQueue& jobs, DataDir data);

  // Keeps, numbers and probes the files in order (see above). Fails only
  // when a file cannot be kept or the index cannot be written.
  Result<Delivered> deliver(std::int64_t meeting, const std::vector<Delivery>& files, Handover how);
  // Deletes part `seq` and its original, closes the gap and queues the
  // transcode again (or, when it was the last part, sets the meeting back to
  // pending). Fails with "not_found" for no such part.
  Result<void> remove(std::int64_t meeting, int seq, const index::IfMatch& if_match = {});
  // Plays the parts in `order` (every current seq once) and queues the
  // transcode again.
  Result<void> reorder(std::int64_t meeting, const std::vector<int>& order,
                       const index::IfMatch& if_match = {});

 private:
  Result<std::string> keep(std::int64_t meeting, int seq, const Delivery& file, Handover how);
  Result<Delivered> requeue_checked(std::int64_t meeting);

  index::Archive& archive_;
  index::JobQueue& jobs_;
  const DataDir data_;
  std::mutex mutex_;  // numbers one delivery's parts at a time
};

}  // namespace gavel::worker
