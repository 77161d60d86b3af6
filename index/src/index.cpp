#include "gavel/index/index.hpp"

#include "korean_tokenizer.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

#include <fmt/format.h>

namespace gavel::index {

Index::Index(sqlite3* db) : db_(db) {}

Index::~Index() { sqlite3_close_v2(db_); }

namespace {

Result<std::unique_ptr<Index>> open_connection(const std::string& name, int flags,
                                               std::unique_ptr<Index> (*make)(sqlite3*)) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    Error e = make_error("database", fmt::format("cannot open {}: {}", name,
                                                 db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close_v2(db);
    return e;
  }
  sqlite3_busy_timeout(db, 10000);  // other processes (gavel worker, ingest) share the file
  sqlite3_extended_result_codes(db, 1);
  // Every connection needs the tokenizer before it touches a search index.
  if (register_korean_tokenizer(db) != SQLITE_OK) {
    Error e = make_error("database", fmt::format("cannot register the Korean tokenizer: {}", sqlite3_errmsg(db)));
    sqlite3_close_v2(db);
    return e;
  }
  return make(db);
}

}  // namespace

Result<std::unique_ptr<Index>> Index::open(const std::filesystem::path& file) {
  auto index = open_connection(file.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               [](sqlite3* db) { return std::unique_ptr<Index>(new Index(db)); });
  if (!index) return index;
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                             "PRAGMA foreign_keys = ON"})
    if (auto r = sql::exec((*index)->db_, pragma); !r) return r.error();
  if (auto r = (*index)->migrate(); !r) return r.error();
  return index;
}

Result<std::unique_ptr<Index>> Index::open_in_memory() {
  auto index = open_connection(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               [](sqlite3* db) { return std::unique_ptr<Index>(new Index(db)); });
  if (!index) return index;
  if (auto r = sql::exec((*index)->db_, "PRAGMA foreign_keys = ON"); !r) return r.error();
  if (auto r = (*index)->migrate(); !r) return r.error();
  return index;
}

int Index::schema_version() {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_, "PRAGMA user_version");
  auto row = s.step();
  return row && *row ? static_cast<int>(s.int64(0)) : 0;
}

Result<void> Index::migrate() {
  std::lock_guard lock(mutex_);
  for (const Migration& m : migrations()) {
    // The version is read inside the write transaction, so two processes
    // opening a new data dir at once apply each migration exactly once.
    sql::Transaction tx(db_);
    sql::Statement version(db_, "PRAGMA user_version");
    auto row = version.step();
    if (!row) return row.error();
    if (*row && version.int64(0) >= m.version) continue;
    if (auto r = sql::exec(db_, m.sql); !r)
      return make_error("database", fmt::format("migration {} failed: {}", m.version, r.error().message));
    if (auto r = sql::exec(db_, fmt::format("PRAGMA user_version = {}", m.version).c_str()); !r)
      return r.error();
    if (auto r = tx.commit(); !r) return r.error();
  }
  return {};
}

}  // namespace gavel::index
