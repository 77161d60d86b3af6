#include "sqlite.hpp"

#include <stdexcept>
#include <utility>

namespace gavel::index::sql {

Error error_of(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  const Errc errc = (code & 0xff) == SQLITE_FULL         ? Errc::disk_full
                    : (code & 0xff) == SQLITE_CONSTRAINT ? Errc::conflict
                    : (code & 0xff) == SQLITE_BUSY       ? Errc::busy
                                                         : Errc::database;
  return make_error(errc, std::string(what) + ": " + sqlite3_errmsg(db));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK)
    throw std::logic_error(std::string("bad SQL: ") + sqlite3_errmsg(db) + " in " + std::string(sql));
  stmt_.reset(raw);
}

Statement& Statement::bind(int index, std::int64_t v) {
  sqlite3_bind_int64(stmt_.get(), index, v);
  return *this;
}
Statement& Statement::bind(int index, double v) {
  sqlite3_bind_double(stmt_.get(), index, v);
  return *this;
}
Statement& Statement::bind(int index, std::string_view v) {
  sqlite3_bind_text(stmt_.get(), index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return error_of(db_, "database");
}

Result<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_.get(), col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), col)))
           : std::string();
}
std::optional<std::string> Statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
std::optional<std::int64_t> Statement::optional_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}
std::optional<double> Statement::optional_real(int col) const {
  if (is_null(col)) return std::nullopt;
  return real(col);
}

Result<void> exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    Error e = error_of(db, "database");
    sqlite3_free(message);
    return e;
  }
  return {};
}

Result<Transaction> Transaction::begin(sqlite3* db, Mode mode) {
  if (auto r = exec(db, mode == Mode::immediate ? "BEGIN IMMEDIATE" : "BEGIN"); !r) return r.error();
  return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  if (db_) (void)exec(db_, "ROLLBACK");
}

Result<void> Transaction::commit() {
  if (!db_) return make_error(Errc::database, "no transaction is open");
  auto r = exec(db_, "COMMIT");
  if (r) db_ = nullptr;
  return r;
}

}  // namespace gavel::index::sql
