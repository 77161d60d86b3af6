// Whole-archive reads for feeds and open-data exports.
#include <algorithm>

#include "meeting_row.hpp"
#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {
namespace {

// The meetings row, then when it last changed (the column after it).
const std::string kColumns = std::string("SELECT ") + kMeetingColumns + ", updated_at FROM meetings";

PublishedMeeting read_published(const sql::Statement& s) {
  PublishedMeeting p;
  p.meeting = read_meeting(s);
  p.updated_at = s.text(kMeetingColumnCount);
  return p;
}

Result<std::vector<PublishedMeeting>> read_all(sql::Statement& s) {
  std::vector<PublishedMeeting> out;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read_published(s));
  }
}

}  // namespace

Result<std::vector<PublishedMeeting>> SqliteArchive::latest_ready_meetings(const FeedQuery& q) {
  return pool_.run([&](sqlite3* db) -> Result<std::vector<PublishedMeeting>> {
    sql::Statement s(
        db, kColumns +
                " WHERE status = 'ready' AND (?1 IS NULL OR body = ?1) AND (?2 IS NULL OR committee = ?2)"
                " ORDER BY updated_at DESC, id DESC LIMIT ?3");
    s.bind(1, q.body).bind(2, q.committee).bind(3, std::clamp(q.limit, 1, 500));
    return read_all(s);
  });
}

Result<std::vector<PublishedMeeting>> SqliteArchive::meetings_after(std::int64_t after_id, int limit) {
  return pool_.run([&](sqlite3* db) -> Result<std::vector<PublishedMeeting>> {
    sql::Statement s(db, kColumns + " WHERE id > ? AND " + kPublicMeeting + " ORDER BY id LIMIT ?");
    s.bind(1, after_id).bind(2, std::clamp(limit, 1, 1000));
    return read_all(s);
  });
}

}  // namespace gavel::index
