#include <fmt/format.h>

#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {
namespace {

constexpr const char* kColumns = "id, name, body, committee, key_hash, created_at, key_changed_at";

Channel channel_row(sql::Statement& s) {
  return Channel{s.int64(0), s.text(1), s.text(2), s.optional_text(3), s.text(4), s.text(5), s.text(6)};
}

// The one channel `where` (with one text parameter) selects.
Result<std::optional<Channel>> one_channel(sqlite3* db, const char* where, const std::string& value) {
  sql::Statement s(db, fmt::format("SELECT {} FROM channels WHERE {}", kColumns, where));
  s.bind(1, value);
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Channel>();
  return std::optional<Channel>(channel_row(s));
}

}  // namespace

Result<std::int64_t> SqliteChannels::create_channel(const std::string& name, const std::string& body,
                                                    const std::optional<std::string>& committee,
                                                    const std::string& key_hash) {
  if (!is_valid_body(body))
    return make_error(Errc::bad_input, "the body is plenary, standing or special",
                      "회의 종류는 plenary, standing, special 중 하나입니다");
  return pool_.run([&](sqlite3* db) -> Result<std::int64_t> {
    sql::Statement s(db, "INSERT INTO channels (name, body, committee, key_hash) VALUES (?, ?, ?, ?)");
    s.bind(1, name).bind(2, body).bind(3, committee).bind(4, key_hash);
    if (auto r = s.run(); !r) {
      if (r.error().code == Errc::conflict)
        return make_error(Errc::conflict, fmt::format("a channel named {} exists", name),
                          fmt::format("{} 채널이 이미 있습니다", name));
      return r.error();
    }
    return sqlite3_last_insert_rowid(db);
  });
}

Result<std::vector<Channel>> SqliteChannels::channels() {
  return pool_.run([&](sqlite3* db) -> Result<std::vector<Channel>> {
    sql::Statement s(db, fmt::format("SELECT {} FROM channels ORDER BY name", kColumns));
    std::vector<Channel> out;
    for (;;) {
      auto row = s.step();
      if (!row) return row.error();
      if (!*row) return out;
      out.push_back(channel_row(s));
    }
  });
}

Result<std::optional<Channel>> SqliteChannels::channel(const std::string& name) {
  return pool_.run([&](sqlite3* db) { return one_channel(db, "name = ?", name); });
}

Result<std::optional<Channel>> SqliteChannels::channel_for_key(const std::string& key_hash) {
  return pool_.run([&](sqlite3* db) { return one_channel(db, "key_hash = ?", key_hash); });
}

Result<bool> SqliteChannels::set_channel_key(const std::string& name, const std::string& key_hash) {
  return pool_.run([&](sqlite3* db) -> Result<bool> {
    sql::Statement s(db,
                     "UPDATE channels SET key_hash = ?,"
                     " key_changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE name = ?");
    s.bind(1, key_hash).bind(2, name);
    if (auto r = s.run(); !r) return r.error();
    return sqlite3_changes(db) > 0;
  });
}

}  // namespace gavel::index
