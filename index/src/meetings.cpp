#include "gavel/index/index.hpp"

#include "meeting_row.hpp"
#include "sqlite.hpp"

#include <algorithm>

namespace gavel::index {
namespace {

Result<std::vector<Part>> read_parts(sqlite3* db, std::int64_t meeting) {
  sql::Statement s(db, "SELECT seq, filename, size FROM parts WHERE meeting_id = ? ORDER BY seq");
  s.bind(1, meeting);
  std::vector<Part> parts;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return parts;
    parts.push_back({static_cast<int>(s.int64(0)), s.text(1), s.int64(2)});
  }
}

Result<void> write_agenda(sqlite3* db, std::int64_t meeting, const std::vector<AgendaItem>& items) {
  sql::Statement clear(db, "DELETE FROM agenda_items WHERE meeting_id = ?");
  clear.bind(1, meeting);
  if (auto r = clear.run(); !r) return r;
  sql::Statement insert(db,
                        "INSERT INTO agenda_items (meeting_id, no, title, start, end, result)"
                        " VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& item : items) {
    insert.reset();
    insert.bind(1, meeting).bind(2, item.no).bind(3, item.title).bind(4, item.start);
    insert.bind(5, item.end).bind(6, item.result);
    if (auto r = insert.run(); !r) return r;
  }
  return {};
}

Result<void> write_speakers(sqlite3* db, std::int64_t meeting, const std::vector<SpeakerSegment>& segments) {
  sql::Statement clear(db, "DELETE FROM speaker_segments WHERE meeting_id = ?");
  clear.bind(1, meeting);
  if (auto r = clear.run(); !r) return r;
  sql::Statement insert(db,
                        "INSERT INTO speaker_segments (meeting_id, name, role, start, end)"
                        " VALUES (?, ?, ?, ?, ?)");
  for (const auto& seg : segments) {
    insert.reset();
    insert.bind(1, meeting).bind(2, seg.name).bind(3, seg.role).bind(4, seg.start).bind(5, seg.end);
    if (auto r = insert.run(); !r) return r;
  }
  return {};
}

}  // namespace

Result<std::int64_t> Index::create_meeting(const MeetingFields& f) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_,
                   "INSERT INTO meetings (body, committee, session, session_kind, number, date, title) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, f.body).bind(2, f.committee).bind(3, f.session).bind(4, f.session_kind);
  s.bind(5, f.number).bind(6, f.date).bind(7, f.title);
  if (auto r = s.run(); !r) return r.error();
  return sqlite3_last_insert_rowid(db_);
}

Result<void> Index::add_part(std::int64_t meeting, const Part& part) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_, "INSERT INTO parts (meeting_id, seq, filename, size) VALUES (?, ?, ?, ?)");
  s.bind(1, meeting).bind(2, part.seq).bind(3, part.filename).bind(4, part.size);
  return s.run();
}

Result<std::optional<Meeting>> Index::meeting(std::int64_t id) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_, std::string("SELECT ") + kMeetingColumns + " FROM meetings WHERE id = ?");
  s.bind(1, id);
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Meeting>();
  Meeting m = read_meeting(s);
  auto parts = read_parts(db_, id);
  if (!parts) return parts.error();
  m.parts = std::move(*parts);
  return std::optional<Meeting>(std::move(m));
}

Result<MeetingPage> Index::meetings(const MeetingQuery& q) {
  std::lock_guard lock(mutex_);
  // Each filter is bound; a NULL parameter switches its condition off.
  const std::string where =
      " WHERE (?1 IS NULL OR body = ?1) AND (?2 IS NULL OR committee = ?2)"
      " AND (?3 IS NULL OR substr(date, 1, 4) = printf('%04d', ?3))";
  const int per_page = std::clamp(q.per_page, 1, 100);
  const int page = std::max(1, q.page);
  MeetingPage result;

  sql::Statement count(db_, "SELECT count(*) FROM meetings" + where);
  count.bind(1, q.body).bind(2, q.committee).bind(3, q.year);
  auto counted = count.step();
  if (!counted) return counted.error();
  result.total = count.int64(0);

  sql::Statement s(db_, std::string("SELECT ") + kMeetingColumns + " FROM meetings" + where +
                            " ORDER BY date DESC, id DESC LIMIT ?4 OFFSET ?5");
  s.bind(1, q.body).bind(2, q.committee).bind(3, q.year);
  s.bind(4, per_page).bind(5, static_cast<std::int64_t>(page - 1) * per_page);
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) break;
    result.meetings.push_back(read_meeting(s));
  }
  return result;
}

Result<Facets> Index::facets() {
  std::lock_guard lock(mutex_);
  Facets f;
  sql::Statement committees(db_, "SELECT DISTINCT committee FROM meetings WHERE committee IS NOT NULL ORDER BY committee");
  for (auto row = committees.step(); row && *row; row = committees.step()) f.committees.push_back(committees.text(0));
  sql::Statement years(db_,
                       "SELECT DISTINCT CAST(substr(date, 1, 4) AS INTEGER) AS y FROM meetings WHERE date IS NOT NULL"
                       " ORDER BY y DESC");
  for (auto row = years.step(); row && *row; row = years.step()) f.years.push_back(static_cast<int>(years.int64(0)));
  sql::Statement bodies(db_, "SELECT body, count(*) FROM meetings GROUP BY body ORDER BY body");
  for (auto row = bodies.step(); row && *row; row = bodies.step()) f.bodies.emplace_back(bodies.text(0), bodies.int64(1));
  return f;
}

Result<void> Index::set_status(std::int64_t meeting, const std::string& status,
                               const std::optional<std::string>& error, std::optional<double> duration) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_,
                   "UPDATE meetings SET status = ?, error = ?, duration = coalesce(?, duration),"
                   " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?");
  s.bind(1, status).bind(2, error).bind(3, duration).bind(4, meeting);
  return s.run();
}

Result<void> Index::update_meeting(std::int64_t id, const MeetingFields& f) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_,
                   "UPDATE meetings SET body = coalesce(?1, body), committee = coalesce(?2, committee),"
                   " session = coalesce(?3, session), session_kind = coalesce(?4, session_kind),"
                   " number = coalesce(?5, number), date = coalesce(?6, date), title = coalesce(?7, title),"
                   " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?8");
  auto text_or_null = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
  s.bind(1, text_or_null(f.body)).bind(2, f.committee).bind(3, f.session).bind(4, f.session_kind);
  s.bind(5, f.number).bind(6, f.date).bind(7, text_or_null(f.title)).bind(8, id);
  return s.run();
}

Result<bool> Index::delete_meeting(std::int64_t id) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_, "DELETE FROM meetings WHERE id = ?");
  s.bind(1, id);
  if (auto r = s.run(); !r) return r.error();
  return sqlite3_changes(db_) > 0;
}

Result<void> Index::replace_agenda(std::int64_t meeting, const std::vector<AgendaItem>& items) {
  std::lock_guard lock(mutex_);
  sql::Transaction tx(db_);
  if (auto r = write_agenda(db_, meeting, items); !r) return r;
  return tx.commit();
}

Result<std::vector<AgendaItem>> Index::agenda(std::int64_t meeting) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_,
                   "SELECT no, title, start, end, result FROM agenda_items WHERE meeting_id = ?"
                   " ORDER BY start, no");
  s.bind(1, meeting);
  std::vector<AgendaItem> items;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return items;
    items.push_back({static_cast<int>(s.int64(0)), s.text(1), s.real(2), s.optional_real(3),
                     s.optional_text(4)});
  }
}

Result<void> Index::replace_speakers(std::int64_t meeting, const std::vector<SpeakerSegment>& segments) {
  std::lock_guard lock(mutex_);
  sql::Transaction tx(db_);
  if (auto r = write_speakers(db_, meeting, segments); !r) return r;
  return tx.commit();
}

Result<void> Index::replace_programme(std::int64_t meeting, const std::vector<AgendaItem>& items,
                                      const std::vector<SpeakerSegment>& segments,
                                      const std::vector<Recess>& recesses) {
  std::lock_guard lock(mutex_);
  sql::Transaction tx(db_);
  if (auto r = write_agenda(db_, meeting, items); !r) return r;
  if (auto r = write_speakers(db_, meeting, segments); !r) return r;
  if (auto r = write_recesses(db_, meeting, recesses); !r) return r;
  return tx.commit();
}

Result<std::vector<SpeakerSegment>> Index::speakers(std::int64_t meeting) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_,
                   "SELECT name, role, start, end FROM speaker_segments WHERE meeting_id = ?"
                   " ORDER BY start, id");
  s.bind(1, meeting);
  std::vector<SpeakerSegment> segments;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return segments;
    segments.push_back({s.text(0), s.optional_text(1), s.real(2), s.optional_real(3)});
  }
}

}  // namespace gavel::index
