// Whole-archive reads for feeds and open-data exports.
#include "gavel/index/index.hpp"

#include "sqlite.hpp"

#include <algorithm>

namespace gavel::index {
namespace {

constexpr const char* kColumns =
    "SELECT id, body, committee, session, session_kind, number, date, title, status, error, duration, "
    "created_at, updated_at, (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = meetings.id) FROM "
    "meetings";

PublishedMeeting read_published(const sql::Statement& s) {
  PublishedMeeting p;
  Meeting& m = p.meeting;
  m.id = s.int64(0);
  m.fields.body = s.text(1);
  m.fields.committee = s.optional_text(2);
  if (auto v = s.optional_int64(3)) m.fields.session = static_cast<int>(*v);
  m.fields.session_kind = s.optional_text(4);
  if (auto v = s.optional_int64(5)) m.fields.number = static_cast<int>(*v);
  m.fields.date = s.optional_text(6);
  m.fields.title = s.text(7);
  m.status = s.text(8);
  m.error = s.optional_text(9);
  m.duration = s.optional_real(10);
  m.created_at = s.text(11);
  p.updated_at = s.text(12);
  m.agenda_count = static_cast<int>(s.int64(13));
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

Result<std::vector<PublishedMeeting>> Index::latest_ready_meetings(const FeedQuery& q) {
  std::lock_guard lock(mutex_);
  sql::Statement s(
      db_, std::string(kColumns) +
               " WHERE status = 'ready' AND (?1 IS NULL OR body = ?1) AND (?2 IS NULL OR committee = ?2)"
               " ORDER BY updated_at DESC, id DESC LIMIT ?3");
  s.bind(1, q.body).bind(2, q.committee).bind(3, std::clamp(q.limit, 1, 500));
  return read_all(s);
}

Result<std::vector<PublishedMeeting>> Index::meetings_after(std::int64_t after_id, int limit) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_, std::string(kColumns) + " WHERE id > ? ORDER BY id LIMIT ?");
  s.bind(1, after_id).bind(2, std::clamp(limit, 1, 1000));
  return read_all(s);
}

}  // namespace gavel::index
