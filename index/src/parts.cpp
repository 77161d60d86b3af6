// A meeting's recording parts, numbered 1.. in playing order. Renumbering
// goes through negative numbers, so the (meeting, seq) key never sees two
// rows with one number mid-statement.
#include <algorithm>

#include "programme_rows.hpp"
#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {
namespace {

Result<void> check_parts_version(sqlite3* db, std::int64_t meeting, const IfMatch& if_match) {
  if (!if_match.present()) return {};
  auto parts = read_parts(db, meeting);
  if (!parts) return parts.error();
  if (if_match.admits(version_tag(*parts))) return {};
  return stale_error("recording parts", "녹화 파트 목록을");
}

Result<void> set_seq(sqlite3* db, std::int64_t meeting, int from, int to) {
  sql::Statement s(db, "UPDATE parts SET seq = ? WHERE meeting_id = ? AND seq = ?");
  s.bind(1, to).bind(2, meeting).bind(3, from);
  return s.run();
}

}  // namespace

Result<void> SqliteArchive::add_part(std::int64_t meeting, const Part& part) {
  return pool_.run([&](sqlite3* db) -> Result<void> {
    sql::Statement s(db, "INSERT INTO parts (meeting_id, seq, filename, size) VALUES (?, ?, ?, ?)");
    s.bind(1, meeting).bind(2, part.seq).bind(3, part.filename).bind(4, part.size);
    return s.run();
  });
}

Result<std::optional<Part>> SqliteArchive::remove_part(std::int64_t meeting, int seq,
                                                       const IfMatch& if_match) {
  return pool_.write([&](sqlite3* db) -> Result<std::optional<Part>> {
    if (auto r = check_parts_version(db, meeting, if_match); !r) return r.error();
    auto parts = read_parts(db, meeting);
    if (!parts) return parts.error();
    const auto it = std::find_if(parts->begin(), parts->end(), [&](const Part& p) { return p.seq == seq; });
    if (it == parts->end()) return std::optional<Part>();
    sql::Statement remove(db, "DELETE FROM parts WHERE meeting_id = ? AND seq = ?");
    remove.bind(1, meeting).bind(2, seq);
    if (auto r = remove.run(); !r) return r.error();
    sql::Statement shift(db, "UPDATE parts SET seq = -(seq - 1) WHERE meeting_id = ? AND seq > ?");
    shift.bind(1, meeting).bind(2, seq);
    if (auto r = shift.run(); !r) return r.error();
    sql::Statement settle(db, "UPDATE parts SET seq = -seq WHERE meeting_id = ? AND seq < 0");
    settle.bind(1, meeting);
    if (auto r = settle.run(); !r) return r.error();
    return std::optional<Part>(*it);
  });
}

Result<std::optional<Part>> SqliteArchive::replace_part(std::int64_t meeting, int seq, const Part& part) {
  return pool_.write([&](sqlite3* db) -> Result<std::optional<Part>> {
    auto parts = read_parts(db, meeting);
    if (!parts) return parts.error();
    const auto it = std::find_if(parts->begin(), parts->end(), [&](const Part& p) { return p.seq == seq; });
    if (it == parts->end()) return std::optional<Part>();
    sql::Statement s(db, "UPDATE parts SET filename = ?, size = ? WHERE meeting_id = ? AND seq = ?");
    s.bind(1, part.filename).bind(2, part.size).bind(3, meeting).bind(4, seq);
    if (auto r = s.run(); !r) return r.error();
    return std::optional<Part>(*it);
  });
}

Result<void> SqliteArchive::reorder_parts(std::int64_t meeting, const std::vector<int>& order,
                                          const IfMatch& if_match) {
  return pool_.write([&](sqlite3* db) -> Result<void> {
    if (auto r = check_parts_version(db, meeting, if_match); !r) return r;
    auto parts = read_parts(db, meeting);
    if (!parts) return parts.error();
    std::vector<int> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> current;
    for (const auto& p : *parts) current.push_back(p.seq);
    if (sorted != current)
      return make_error(Errc::bad_input, "the new order must name every part exactly once",
                        "새 순서에는 모든 파트가 한 번씩 들어가야 합니다");
    for (std::size_t i = 0; i < order.size(); ++i)
      if (auto r = set_seq(db, meeting, order[i], -static_cast<int>(i + 1)); !r) return r;
    sql::Statement settle(db, "UPDATE parts SET seq = -seq WHERE meeting_id = ? AND seq < 0");
    settle.bind(1, meeting);
    if (auto r = settle.run(); !r) return r;
    return {};
  });
}

}  // namespace gavel::index
