#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {

Result<void> SqliteCaptionStore::replace_captions(std::int64_t meeting, const std::string& lang,
                                                  const std::vector<CaptionCue>& cues) {
  return pool_.write([&](sqlite3* db) -> Result<void> {
    sql::Statement clear(db, "DELETE FROM caption_cues WHERE meeting_id = ? AND lang = ?");
    clear.bind(1, meeting).bind(2, lang);
    if (auto r = clear.run(); !r) return r;
    sql::Statement insert(
        db, "INSERT INTO caption_cues (meeting_id, lang, start, end, text) VALUES (?, ?, ?, ?, ?)");
    for (const auto& cue : cues) {
      insert.reset();
      insert.bind(1, meeting).bind(2, lang).bind(3, cue.start).bind(4, cue.end).bind(5, cue.text);
      if (auto r = insert.run(); !r) return r;
    }
    return {};
  });
}

Result<std::vector<CaptionCue>> SqliteCaptionStore::captions(std::int64_t meeting, const std::string& lang) {
  return pool_.run([&](sqlite3* db) -> Result<std::vector<CaptionCue>> {
    sql::Statement s(
        db, "SELECT start, end, text FROM caption_cues WHERE meeting_id = ? AND lang = ? ORDER BY start, id");
    s.bind(1, meeting).bind(2, lang);
    std::vector<CaptionCue> cues;
    for (;;) {
      auto row = s.step();
      if (!row) return row.error();
      if (!*row) return cues;
      cues.push_back({s.real(0), s.real(1), s.text(2)});
    }
  });
}

Result<std::vector<std::string>> SqliteCaptionStore::caption_languages(std::int64_t meeting) {
  return pool_.run([&](sqlite3* db) -> Result<std::vector<std::string>> {
    sql::Statement s(db, "SELECT DISTINCT lang FROM caption_cues WHERE meeting_id = ? ORDER BY lang");
    s.bind(1, meeting);
    std::vector<std::string> langs;
    for (;;) {
      auto row = s.step();
      if (!row) return row.error();
      if (!*row) return langs;
      langs.push_back(s.text(0));
    }
  });
}

}  // namespace gavel::index
