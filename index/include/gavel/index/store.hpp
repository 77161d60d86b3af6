#pragma once
// The index as one database: each concern behind its own interface
// (archive, captions, search, accounts, job queue, live channels), handed to the code that
// needs it and nothing more. SQLite is the embedded default: one file in
// WAL mode, read by a small pool of connections so a reporter's search, a
// viewer's meeting page and a worker's lease renewal run side by side.

#include <chrono>
#include <filesystem>
#include <memory>

#include "gavel/index/accounts.hpp"
#include "gavel/index/archive.hpp"
#include "gavel/index/caption_store.hpp"
#include "gavel/index/channels.hpp"
#include "gavel/index/job_queue.hpp"
#include "gavel/index/search.hpp"
#include "gavel/result.hpp"

namespace gavel::index {

class Store {
 public:
  virtual ~Store() = default;
  virtual Archive& archive() = 0;
  virtual CaptionStore& captions() = 0;
  virtual SearchIndex& search() = 0;
  virtual Accounts& accounts() = 0;
  virtual JobQueue& jobs() = 0;
  virtual Channels& channels() = 0;
  // The numbered migration the schema is at.
  virtual int schema_version() = 0;
};

struct SqliteOptions {
  // How long a write waits for another process's write (gavel worker,
  // gavel ingest) before failing with "busy".
  std::chrono::milliseconds busy_timeout{10000};
  // Connections open at most; each thread uses one at a time.
  int max_connections = 8;
};

// Creates the file if missing and applies every pending migration.
Result<std::unique_ptr<Store>> open_sqlite(const std::filesystem::path& file,
                                           const SqliteOptions& options = {});
// A private database in memory, for tests: one connection, so its callers
// take turns.
Result<std::unique_ptr<Store>> open_sqlite_in_memory();

}  // namespace gavel::index
