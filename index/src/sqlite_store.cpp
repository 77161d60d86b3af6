// Opening the SQLite database: each connection configured alike, the
// schema migrated once, the interfaces over one pool.
#include "sqlite_store.hpp"

#include <fmt/format.h>

#include "korean_tokenizer.hpp"
#include "migrations.hpp"

namespace gavel::index {
namespace {

// One connection, ready for gavel's SQL: foreign keys on (a per-connection
// setting), the Korean tokenizer registered before any search index is
// touched, other processes' writes waited for up to `busy_timeout`.
Result<sql::Connection> open_connection(const std::string& name, bool memory,
                                        std::chrono::milliseconds busy_timeout) {
  // SQLite counts every allocation under one process-wide mutex unless told
  // not to; with searches on two cores that mutex was where they met. Only
  // possible before SQLite's first use in the process (later it is refused,
  // harmlessly).
  static const bool uncounted = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)uncounted;
  sqlite3* raw = nullptr;
  // NOMUTEX: the pool gives each connection to one thread at a time.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  sql::Connection db(raw);
  if (rc != SQLITE_OK)
    return make_error(Errc::database,
                      fmt::format("cannot open {}: {}", name, raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(db.get(), static_cast<int>(busy_timeout.count()));
  sqlite3_extended_result_codes(db.get(), 1);
  if (register_korean_tokenizer(db.get()) != SQLITE_OK)
    return make_error(Errc::database,
                      fmt::format("cannot register the Korean tokenizer: {}", sqlite3_errmsg(db.get())));
  std::vector<const char*> pragmas{"PRAGMA foreign_keys = ON"};
  if (!memory) {
    pragmas.push_back("PRAGMA journal_mode = WAL");
    pragmas.push_back("PRAGMA synchronous = NORMAL");
  }
  for (const char* pragma : pragmas)
    if (auto r = sql::exec(db.get(), pragma); !r) return r.error();
  return db;
}

Result<std::unique_ptr<Store>> open_migrated(sql::ConnectionPool::Opener open, int max_connections) {
  auto store = std::make_unique<SqliteStore>(std::move(open), max_connections);
  if (auto r = store->migrate(); !r) return r.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

SqliteStore::SqliteStore(sql::ConnectionPool::Opener open, int max_connections)
    : pool_(std::move(open), max_connections) {}

int SqliteStore::schema_version() {
  auto version = pool_.run([](sqlite3* db) -> Result<int> {
    sql::Statement s(db, "PRAGMA user_version");
    auto row = s.step();
    if (!row) return row.error();
    return *row ? static_cast<int>(s.int64(0)) : 0;
  });
  return version ? *version : 0;
}

Result<void> SqliteStore::migrate() {
  for (const Migration& m : migrations()) {
    // The version is read inside the write transaction, so two processes
    // opening a new data dir at once apply each migration exactly once.
    auto applied = pool_.write([&](sqlite3* db) -> Result<void> {
      sql::Statement version(db, "PRAGMA user_version");
      auto row = version.step();
      if (!row) return row.error();
      if (*row && version.int64(0) >= m.version) return {};
      if (auto r = sql::exec(db, m.sql); !r)
        return make_error(Errc::database,
                          fmt::format("migration {} failed: {}", m.version, r.error().message));
      return sql::exec(db, fmt::format("PRAGMA user_version = {}", m.version).c_str());
    });
    if (!applied) return applied;
  }
  return {};
}

Result<std::unique_ptr<Store>> open_sqlite(const std::filesystem::path& file, const SqliteOptions& options) {
  const std::string name = file.string();
  return open_migrated([name, options] { return open_connection(name, false, options.busy_timeout); },
                       options.max_connections);
}

Result<std::unique_ptr<Store>> open_sqlite_in_memory() {
  // Every ":memory:" connection is a database of its own: one connection.
  return open_migrated([] { return open_connection(":memory:", true, std::chrono::milliseconds(0)); }, 1);
}

}  // namespace gavel::index
