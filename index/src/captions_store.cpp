#include "gavel/index/index.hpp"

#include "sqlite.hpp"

namespace gavel::index {

Result<void> Index::replace_captions(std::int64_t meeting, const std::string& lang,
                                     const std::vector<CaptionCue>& cues) {
  std::lock_guard lock(mutex_);
  sql::Transaction tx(db_);
  sql::Statement clear(db_, "DELETE FROM caption_cues WHERE meeting_id = ? AND lang = ?");
  clear.bind(1, meeting).bind(2, lang);
  if (auto r = clear.run(); !r) return r;
  sql::Statement insert(db_, "INSERT INTO caption_cues (meeting_id, lang, start, end, text) VALUES (?, ?, ?, ?, ?)");
  for (const auto& cue : cues) {
    insert.reset();
    insert.bind(1, meeting).bind(2, lang).bind(3, cue.start).bind(4, cue.end).bind(5, cue.text);
    if (auto r = insert.run(); !r) return r;
  }
  return tx.commit();
}

Result<std::vector<CaptionCue>> Index::captions(std::int64_t meeting, const std::string& lang) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_, "SELECT start, end, text FROM caption_cues WHERE meeting_id = ? AND lang = ? ORDER BY start, id");
  s.bind(1, meeting).bind(2, lang);
  std::vector<CaptionCue> cues;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return cues;
    cues.push_back({s.real(0), s.real(1), s.text(2)});
  }
}

Result<std::vector<std::string>> Index::caption_languages(std::int64_t meeting) {
  std::lock_guard lock(mutex_);
  sql::Statement s(db_, "SELECT DISTINCT lang FROM caption_cues WHERE meeting_id = ? ORDER BY lang");
  s.bind(1, meeting);
  std::vector<std::string> langs;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return langs;
    langs.push_back(s.text(0));
  }
}

}  // namespace gavel::index
