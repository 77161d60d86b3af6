// Search across the four full-text indexes. The ranking pass reads only
// rowids and scores; snippets are made afterwards for the page shown, so a
// common word matching a hundred thousand cues costs one sort, not a
// hundred thousand snippets.
#include "gavel/index/index.hpp"

#include "fts_query.hpp"
#include "sqlite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gavel::index {
namespace {

struct KindSql {
  const char* kind;
  int order;               // titles before agenda before speakers before captions
  const char* candidates;  // rowid, meeting_id, start, end, score, plain text
  const char* snippet;     // the marked-up text of one row
};

// ?1: the match expression. Text columns feed the exact-phrase check.
const KindSql kKinds[] = {
    {"title", 0,
     "SELECT title_fts.rowid, title_fts.rowid, 0.0, NULL, bm25(title_fts), m2.title FROM title_fts"
     " JOIN meetings m2 ON m2.id = title_fts.rowid WHERE title_fts MATCH ?1",
     "SELECT highlight(title_fts, 0, char(1), char(2)) FROM title_fts WHERE title_fts MATCH ?1 AND rowid = ?2"},
    {"agenda", 1,
     "SELECT agenda_fts.rowid, a.meeting_id, a.start, a.end, bm25(agenda_fts),"
     " a.no || '. ' || a.title FROM agenda_fts JOIN agenda_items a ON a.rowid = agenda_fts.rowid"
     " WHERE agenda_fts MATCH ?1",
     "SELECT highlight(agenda_fts, 0, char(1), char(2)) FROM agenda_fts WHERE agenda_fts MATCH ?1 AND rowid = ?2"},
    {"speaker", 2,
     "SELECT speaker_fts.rowid, s.meeting_id, s.start, s.end, bm25(speaker_fts),"
     " s.name || coalesce(' (' || s.role || ')', '') FROM speaker_fts JOIN speaker_segments s"
     " ON s.id = speaker_fts.rowid WHERE speaker_fts MATCH ?1",
     "SELECT highlight(speaker_fts, 0, char(1), char(2)) || coalesce(' (' || "
     "highlight(speaker_fts, 1, char(1), char(2)) || ')', '') FROM speaker_fts WHERE speaker_fts MATCH ?1 "
     "AND rowid = ?2"},
    {"caption", 3,
     "SELECT caption_fts.rowid, c.meeting_id, c.start, c.end, bm25(caption_fts), c.text FROM caption_fts"
     " JOIN caption_cues c ON c.id = caption_fts.rowid WHERE caption_fts MATCH ?1",
     "SELECT snippet(caption_fts, 0, char(1), char(2), '…', 24) FROM caption_fts WHERE caption_fts MATCH ?1 "
     "AND rowid = ?2"},
};

std::string html_escape_marked(const std::string& marked) {
  std::string out;
  out.reserve(marked.size() + 16);
  for (char c : marked) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\x01': out += "<mark>"; break;
      case '\x02': out += "</mark>"; break;
      default: out += c;
    }
  }
  return out;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

}  // namespace

bool is_valid_search_kind(const std::string& kind) {
  return std::any_of(std::begin(kKinds), std::end(kKinds), [&](const KindSql& k) { return kind == k.kind; });
}

Result<SearchResults> Index::search(const SearchQuery& q) {
  SearchResults results;
  const std::string expression = build_match_expression(q.text);
  if (expression.empty()) return results;  // nothing searchable was typed
  const std::string exact = trim(q.text);
  const int per_page = std::clamp(q.per_page, 1, 100);
  const int page = std::clamp(q.page, 1, 1000);

  std::string candidates;
  for (const auto& k : kKinds) {
    if (q.kind && *q.kind != k.kind) continue;
    if (!candidates.empty()) candidates += " UNION ALL ";
    candidates += fmt::format("SELECT {} AS kind_order, * FROM ({})", k.order, k.candidates);
  }
    const std::string sql =
      "WITH h(kind_order, doc, meeting_id, start, end, score, text) AS (" + candidates + ")"
      " SELECT h.kind_order, h.doc, h.meeting_id, h.start, h.end, h.text, m.title, m.date, m.body, m.committee"
      " FROM h JOIN meetings m ON m.id = h.meeting_id"
      " WHERE (?2 IS NULL OR m.body = ?2) AND (?3 IS NULL OR m.committee = ?3)"
      " AND (?4 IS NULL OR m.date >= ?4) AND (?5 IS NULL OR m.date <= ?5)"
      " ORDER BY instr(h.text, ?6) > 0 DESC, h.kind_order, h.score, m.date DESC, h.doc"
      " LIMIT ?7 OFFSET ?8";

  std::lock_guard lock(mutex_);
  sql::Statement s(db_, sql);
  s.bind(1, expression).bind(2, q.body).bind(3, q.committee).bind(4, q.from).bind(5, q.to).bind(6, exact);
  s.bind(7, per_page + 1).bind(8, static_cast<std::int64_t>(page - 1) * per_page);

  std::vector<std::pair<int, std::int64_t>> rows;  // kind, rowid: for snippets
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) break;
    if (static_cast<int>(results.hits.size()) == per_page) {
      results.has_more = true;
      break;
    }
    SearchHit hit;
    const int kind = static_cast<int>(s.int64(0));
    hit.kind = kKinds[kind].kind;
    hit.meeting_id = s.int64(2);
    hit.start = s.real(3);
    hit.end = s.optional_real(4);
    hit.text = s.text(5);
    hit.meeting_title = s.text(6);
    hit.meeting_date = s.optional_text(7);
    hit.body = s.text(8);
    hit.committee = s.optional_text(9);
    hit.url = fmt::format("/meetings/{}?t={}", hit.meeting_id, static_cast<long long>(std::floor(hit.start)));
    rows.emplace_back(kind, s.int64(1));
    results.hits.push_back(std::move(hit));
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    sql::Statement snippet(db_, kKinds[rows[i].first].snippet);
    snippet.bind(1, expression).bind(2, rows[i].second);
    auto row = snippet.step();
    if (!row) return row.error();
    results.hits[i].snippet = html_escape_marked(*row ? snippet.text(0) : results.hits[i].text);
  }
  return results;
}

}  // namespace gavel::index
