#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {

Result<std::int64_t> SqliteAccounts::create_account(const std::string& username, const std::string& role,
                                                    const std::string& password_hash) {
  return pool_.run([&](sqlite3* db) -> Result<std::int64_t> {
    sql::Statement s(db, "INSERT INTO accounts (username, role, password_hash) VALUES (?, ?, ?)");
    s.bind(1, username).bind(2, role).bind(3, password_hash);
    if (auto r = s.run(); !r) return r.error();
    return sqlite3_last_insert_rowid(db);
  });
}

Result<std::optional<Account>> SqliteAccounts::account(const std::string& username) {
  return pool_.run([&](sqlite3* db) -> Result<std::optional<Account>> {
    sql::Statement s(db, "SELECT id, username, role, password_hash FROM accounts WHERE username = ?");
    s.bind(1, username);
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return std::optional<Account>();
    return std::optional<Account>(Account{s.int64(0), s.text(1), s.text(2), s.text(3)});
  });
}

Result<std::int64_t> SqliteAccounts::account_count() {
  return pool_.run([&](sqlite3* db) -> Result<std::int64_t> {
    sql::Statement s(db, "SELECT count(*) FROM accounts");
    auto row = s.step();
    if (!row) return row.error();
    return s.int64(0);
  });
}

Result<void> SqliteAccounts::set_password(std::int64_t account, const std::string& password_hash) {
  return pool_.run([&](sqlite3* db) -> Result<void> {
    sql::Statement s(db, "UPDATE accounts SET password_hash = ? WHERE id = ?");
    s.bind(1, password_hash).bind(2, account);
    if (auto r = s.run(); !r) return r;
    // A new password ends every session the old one opened.
    sql::Statement end(db, "DELETE FROM sessions WHERE account_id = ?");
    end.bind(1, account);
    return end.run();
  });
}

Result<void> SqliteAccounts::create_session(const std::string& token_hash, std::int64_t account,
                                            const std::string& csrf_token, double expires) {
  return pool_.run([&](sqlite3* db) -> Result<void> {
    // Old sessions are swept here, where sessions are written anyway.
    sql::Statement sweep(db, "DELETE FROM sessions WHERE expires < ?");
    sweep.bind(1, expires - 60.0 * 60 * 24 * 365);
    (void)sweep.run();
    sql::Statement s(
        db, "INSERT INTO sessions (token_hash, account_id, csrf_token, expires) VALUES (?, ?, ?, ?)");
    s.bind(1, token_hash).bind(2, account).bind(3, csrf_token).bind(4, expires);
    return s.run();
  });
}

Result<std::optional<Session>> SqliteAccounts::session(const std::string& token_hash, double now) {
  return pool_.run([&](sqlite3* db) -> Result<std::optional<Session>> {
    sql::Statement s(db,
                     "SELECT a.id, a.username, a.role, s.csrf_token, s.expires FROM sessions s"
                     " JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires > ?");
    s.bind(1, token_hash).bind(2, now);
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return std::optional<Session>();
    return std::optional<Session>(Session{s.int64(0), s.text(1), s.text(2), s.text(3), s.real(4)});
  });
}

Result<void> SqliteAccounts::delete_session(const std::string& token_hash) {
  return pool_.run([&](sqlite3* db) -> Result<void> {
    sql::Statement s(db, "DELETE FROM sessions WHERE token_hash = ?");
    s.bind(1, token_hash);
    return s.run();
  });
}

}  // namespace gavel::index
