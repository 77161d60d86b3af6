#include <algorithm>

#include "meeting_row.hpp"
#include "programme_rows.hpp"
#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {

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

namespace {

Result<std::optional<MeetingFields>> read_fields(sqlite3* db, std::int64_t id) {
  sql::Statement s(db, std::string("SELECT ") + kMeetingColumns + " FROM meetings WHERE id = ?");
  s.bind(1, id);
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return std::optional<MeetingFields>();
  return std::optional<MeetingFields>(read_meeting(s).fields);
}

}  // namespace

Result<std::int64_t> SqliteArchive::create_meeting(const MeetingFields& f) {
  return pool_.run([&](sqlite3* db) -> Result<std::int64_t> {
    sql::Statement s(db,
                     "INSERT INTO meetings (body, committee, session, session_kind, number, date, title) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, f.body).bind(2, f.committee).bind(3, f.session).bind(4, f.session_kind);
    s.bind(5, f.number).bind(6, f.date).bind(7, f.title);
    if (auto r = s.run(); !r) return r.error();
    return sqlite3_last_insert_rowid(db);
  });
}

Result<std::optional<Meeting>> SqliteArchive::meeting(std::int64_t id) {
  return pool_.run([&](sqlite3* db) -> Result<std::optional<Meeting>> {
    sql::Statement s(db, std::string("SELECT ") + kMeetingColumns + " FROM meetings WHERE id = ?");
    s.bind(1, id);
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return std::optional<Meeting>();
    Meeting m = read_meeting(s);
    auto parts = read_parts(db, id);
    if (!parts) return parts.error();
    m.parts = std::move(*parts);
    return std::optional<Meeting>(std::move(m));
  });
}

Result<MeetingPage> SqliteArchive::meetings(const MeetingQuery& q) {
  return pool_.run([&](sqlite3* db) -> Result<MeetingPage> {
    // Each filter is bound; a NULL parameter switches its condition off.
    const std::string where =
        std::string(
            " WHERE (?1 IS NULL OR body = ?1) AND (?2 IS NULL OR committee = ?2)"
            " AND (?3 IS NULL OR substr(date, 1, 4) = printf('%04d', ?3)) AND (?6 IS NULL OR status = ?6)") +
        (q.include_unpublished ? "" : std::string(" AND ") + kPublicMeeting);
    const int per_page = std::clamp(q.per_page, 1, 100);
    const int page = std::max(1, q.page);
    MeetingPage result;

    sql::Statement count(db, "SELECT count(*) FROM meetings" + where);
    count.bind(1, q.body).bind(2, q.committee).bind(3, q.year).bind(6, q.status);
    auto counted = count.step();
    if (!counted) return counted.error();
    result.total = count.int64(0);

    sql::Statement s(db, std::string("SELECT ") + kMeetingColumns + " FROM meetings" + where +
                             " ORDER BY date DESC, id DESC LIMIT ?4 OFFSET ?5");
    s.bind(1, q.body).bind(2, q.committee).bind(3, q.year).bind(6, q.status);
    s.bind(4, per_page).bind(5, static_cast<std::int64_t>(page - 1) * per_page);
    for (;;) {
      auto row = s.step();
      if (!row) return row.error();
      if (!*row) break;
      result.meetings.push_back(read_meeting(s));
    }
    return result;
  });
}

Result<Facets> SqliteArchive::facets() {
  return pool_.run([&](sqlite3* db) -> Result<Facets> {
    Facets f;
    sql::Statement committees(
        db, std::string("SELECT DISTINCT committee FROM meetings WHERE committee IS NOT NULL AND ") +
                kPublicMeeting + " ORDER BY committee");
    for (auto row = committees.step(); row && *row; row = committees.step())
      f.committees.push_back(committees.text(0));
    sql::Statement years(db,
                         std::string("SELECT DISTINCT CAST(substr(date, 1, 4) AS INTEGER) AS y FROM meetings"
                                     " WHERE date IS NOT NULL AND ") +
                             kPublicMeeting + " ORDER BY y DESC");
    for (auto row = years.step(); row && *row; row = years.step())
      f.years.push_back(static_cast<int>(years.int64(0)));
    sql::Statement bodies(db, std::string("SELECT body, count(*) FROM meetings WHERE ") + kPublicMeeting +
                                  " GROUP BY body ORDER BY body");
    for (auto row = bodies.step(); row && *row; row = bodies.step())
      f.bodies.emplace_back(bodies.text(0), bodies.int64(1));
    return f;
  });
}

Result<void> SqliteArchive::set_status(std::int64_t meeting, const std::string& status,
                                       const std::optional<Text>& error, std::optional<double> duration) {
  return pool_.run([&](sqlite3* db) -> Result<void> {
    sql::Statement s(
        db,
        "UPDATE meetings SET status = ?, error = ?, error_ko = ?, duration = coalesce(?, duration),"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?");
    const auto korean = error && !error->ko.empty() ? std::optional<std::string>(error->ko) : std::nullopt;
    s.bind(1, status).bind(2, error ? std::optional<std::string>(error->en) : std::nullopt).bind(3, korean);
    s.bind(4, duration).bind(5, meeting);
    return s.run();
  });
}

Result<void> SqliteArchive::update_meeting(std::int64_t id, const MeetingFields& f, const IfMatch& if_match) {
  return pool_.write([&](sqlite3* db) -> Result<void> {
    if (if_match.present()) {
      auto current = read_fields(db, id);
      if (!current) return current.error();
      if (*current && !if_match.admits(version_tag(**current))) return stale_error("details", "회의 정보를");
    }
    sql::Statement s(db,
                     "UPDATE meetings SET body = coalesce(?1, body), committee = coalesce(?2, committee),"
                     " session = coalesce(?3, session), session_kind = coalesce(?4, session_kind),"
                     " number = coalesce(?5, number), date = coalesce(?6, date), title = coalesce(?7, title),"
                     " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?8");
    auto text_or_null = [](const std::string& v) {
      return v.empty() ? std::nullopt : std::optional<std::string>(v);
    };
    s.bind(1, text_or_null(f.body)).bind(2, f.committee).bind(3, f.session).bind(4, f.session_kind);
    s.bind(5, f.number).bind(6, f.date).bind(7, text_or_null(f.title)).bind(8, id);
    if (auto r = s.run(); !r) return r;
    return {};
  });
}

Result<bool> SqliteArchive::delete_meeting(std::int64_t id) {
  return pool_.run([&](sqlite3* db) -> Result<bool> {
    sql::Statement s(db, "DELETE FROM meetings WHERE id = ?");
    s.bind(1, id);
    if (auto r = s.run(); !r) return r.error();
    return sqlite3_changes(db) > 0;
  });
}

}  // namespace gavel::index
