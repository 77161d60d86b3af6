// Agenda items, speaker segments and recesses: each list replaced whole, in
// one transaction, and refused ("stale") when the caller's If-Match names a
// version someone else has since replaced.
#include <fmt/format.h>

#include "programme_rows.hpp"
#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {
namespace {

template <class T>
Result<std::vector<T>> read_rows(sql::Statement& s, T (*read)(const sql::Statement&)) {
  std::vector<T> out;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read(s));
  }
}

AgendaItem read_agenda_item(const sql::Statement& s) {
  return {static_cast<int>(s.int64(0)), s.text(1), s.real(2), s.optional_real(3), s.optional_text(4)};
}
SpeakerSegment read_speaker(const sql::Statement& s) {
  return {s.text(0), s.optional_text(1), s.real(2), s.optional_real(3)};
}
Recess read_recess(const sql::Statement& s) { return {s.real(0), s.real(1)}; }

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

Result<void> write_recesses(sqlite3* db, std::int64_t meeting, const std::vector<Recess>& recesses) {
  sql::Statement clear(db, "DELETE FROM recesses WHERE meeting_id = ?");
  clear.bind(1, meeting);
  if (auto r = clear.run(); !r) return r;
  sql::Statement insert(db, "INSERT INTO recesses (meeting_id, start, end) VALUES (?, ?, ?)");
  for (const auto& recess : recesses) {
    insert.reset();
    insert.bind(1, meeting).bind(2, recess.start).bind(3, recess.end);
    if (auto r = insert.run(); !r) return r;
  }
  return {};
}

// `what_en`/`what_ko` name the list for the clerk ("agenda", "안건을").
template <class T>
Result<void> check_version(const Result<std::vector<T>>& current, const IfMatch& if_match,
                           const char* what_en, const char* what_ko) {
  if (!if_match.present()) return {};
  if (!current) return current.error();
  if (if_match.admits(version_tag(*current))) return {};
  return stale_error(what_en, what_ko);
}

}  // namespace

Error stale_error(const char* what_en, const char* what_ko) {
  return make_error(Errc::stale,
                    fmt::format("someone changed this meeting's {} after you loaded it; reload to see their "
                                "change, then make yours again",
                                what_en),
                    fmt::format("다른 사람이 그 사이에 이 회의의 {} 바꿨습니다. 새로 고침해서 바뀐 내용을 "
                                "확인한 뒤 다시 고쳐 주세요",
                                what_ko));
}

Result<std::vector<AgendaItem>> read_agenda(sqlite3* db, std::int64_t meeting) {
  sql::Statement s(db,
                   "SELECT no, title, start, end, result FROM agenda_items WHERE meeting_id = ?"
                   " ORDER BY start, no");
  s.bind(1, meeting);
  return read_rows(s, &read_agenda_item);
}

Result<std::vector<SpeakerSegment>> read_speakers(sqlite3* db, std::int64_t meeting) {
  sql::Statement s(db,
                   "SELECT name, role, start, end FROM speaker_segments WHERE meeting_id = ?"
                   " ORDER BY start, id");
  s.bind(1, meeting);
  return read_rows(s, &read_speaker);
}

Result<std::vector<Recess>> read_recesses(sqlite3* db, std::int64_t meeting) {
  sql::Statement s(db, "SELECT start, end FROM recesses WHERE meeting_id = ? ORDER BY start");
  s.bind(1, meeting);
  return read_rows(s, &read_recess);
}

Result<std::vector<AgendaItem>> SqliteArchive::agenda(std::int64_t meeting) {
  return pool_.run([&](sqlite3* db) -> Result<std::vector<AgendaItem>> { return read_agenda(db, meeting); });
}

Result<std::vector<SpeakerSegment>> SqliteArchive::speakers(std::int64_t meeting) {
  return pool_.run(
      [&](sqlite3* db) -> Result<std::vector<SpeakerSegment>> { return read_speakers(db, meeting); });
}

Result<std::vector<Recess>> SqliteArchive::recesses(std::int64_t meeting) {
  return pool_.run([&](sqlite3* db) -> Result<std::vector<Recess>> { return read_recesses(db, meeting); });
}

Result<void> SqliteArchive::replace_agenda(std::int64_t meeting, const std::vector<AgendaItem>& items,
                                           const IfMatch& if_match) {
  return pool_.write([&](sqlite3* db) -> Result<void> {
    if (auto r = check_version(read_agenda(db, meeting), if_match, "agenda", "안건을"); !r) return r;
    if (auto r = write_agenda(db, meeting, items); !r) return r;
    return {};
  });
}

Result<void> SqliteArchive::replace_speakers(std::int64_t meeting,
                                             const std::vector<SpeakerSegment>& segments,
                                             const IfMatch& if_match) {
  return pool_.write([&](sqlite3* db) -> Result<void> {
    if (auto r = check_version(read_speakers(db, meeting), if_match, "speakers", "발언자 목록을"); !r)
      return r;
    if (auto r = write_speakers(db, meeting, segments); !r) return r;
    return {};
  });
}

Result<void> SqliteArchive::replace_recesses(std::int64_t meeting, const std::vector<Recess>& recesses,
                                             const IfMatch& if_match) {
  return pool_.write([&](sqlite3* db) -> Result<void> {
    if (auto r = check_version(read_recesses(db, meeting), if_match, "recesses", "정회 목록을"); !r) return r;
    if (auto r = write_recesses(db, meeting, recesses); !r) return r;
    return {};
  });
}

Result<void> SqliteArchive::replace_programme(std::int64_t meeting, const std::vector<AgendaItem>& items,
                                              const std::vector<SpeakerSegment>& segments,
                                              const std::vector<Recess>& recesses, const IfMatch& if_match) {
  return pool_.write([&](sqlite3* db) -> Result<void> {
    if (if_match.present()) {
      auto agenda = read_agenda(db, meeting);
      auto speakers = read_speakers(db, meeting);
      auto stored = read_recesses(db, meeting);
      if (!agenda) return agenda.error();
      if (!speakers) return speakers.error();
      if (!stored) return stored.error();
      if (!if_match.admits(programme_tag(version_tag(*agenda), version_tag(*speakers), version_tag(*stored))))
        return stale_error("agenda, speakers or recesses", "안건, 발언자 또는 정회 목록을");
    }
    if (auto r = write_agenda(db, meeting, items); !r) return r;
    if (auto r = write_speakers(db, meeting, segments); !r) return r;
    if (auto r = write_recesses(db, meeting, recesses); !r) return r;
    return {};
  });
}

}  // namespace gavel::index
