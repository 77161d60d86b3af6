#pragma once
// Reading a meeting's lists inside a caller's lock and transaction, and the
// error a write with an outdated If-Match gets.

#include <sqlite3.h>

#include <cstdint>
#include <vector>

#include "gavel/index/records.hpp"
#include "gavel/result.hpp"

namespace gavel::index {

Result<std::vector<AgendaItem>> read_agenda(sqlite3* db, std::int64_t meeting);
Result<std::vector<SpeakerSegment>> read_speakers(sqlite3* db, std::int64_t meeting);
Result<std::vector<Recess>> read_recesses(sqlite3* db, std::int64_t meeting);
Result<std::vector<Part>> read_parts(sqlite3* db, std::int64_t meeting);

// "stale": someone changed the meeting's `what` since the caller read it
// (`what_ko` with its object particle: "안건을").
Error stale_error(const char* what_en, const char* what_ko);

}  // namespace gavel::index
