#pragma once
// One meetings row as every query that lists meetings reads it.

#include "gavel/index/records.hpp"
#include "sqlite.hpp"

namespace gavel::index {

// Columns 0-13, in the order read_meeting() expects; more may follow.
inline constexpr const char* kMeetingColumns =
    "id, body, committee, session, session_kind, number, date, title, status, error, duration, "
    "created_at, (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = meetings.id), error_ko";
inline constexpr int kMeetingColumnCount = 14;

// The SQL condition of is_public_status, on the meetings table.
inline constexpr const char* kPublicMeeting = "status IN ('ready', 'processing')";

inline Meeting read_meeting(const sql::Statement& s) {
  Meeting m;
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
  m.agenda_count = static_cast<int>(s.int64(12));
  m.error_ko = s.optional_text(13);
  return m;
}

}  // namespace gavel::index
