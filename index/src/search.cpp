// Search across the four full-text indexes.
//
// Order: hits whose text holds the whole query as one phrase (every term of
// every word, adjacent and in order: what build_phrase_expression() matches)
// come first; then titles, agenda, speakers, captions; within each of those
// groups by a BM25 score, then the newer meeting.
//
// Cost: a common word (예산) matches a third of a million cues. Scoring every
// match is what made such a search take a second — FTS5's bm25() also reads
// the word's whole doclist for its IDF — and it buys nothing a person can
// see. So a group (exact or not, of one kind) with at most kPool matches is
// read whole and ranked; a larger one is read newest first (rowid order,
// which FTS5 yields without sorting and can stop early), only its newest
// kPool matches passing the filters are scored and sorted, and the rest
// follow them, newest first. The rule does not depend on the page asked
// for, so pages agree with one another.
//
// Scores are computed here from the matched text with the same tokenizer:
// BM25 (k1 = 1.2, b = 0.75, as FTS5's bm25()) over the query's words, the
// average length taken over the scored pool, without IDF — within one group
// every hit contains every word, so IDF would only weigh words against each
// other.
//
// Filters are checked per row, on the meeting. When they leave few meetings
// that sit together in id order (a date range in an archive ingested as
// meetings happen), the scan is narrowed to the content rowids those
// meetings use instead of wading through every newer match.
//
// Snippets, for the page shown only, are marked up here too (fts_query's
// highlight_words/snippet_words, FTS5's rules): asking FTS5 for them costs
// a lookup of every query term in every index segment per hit, up to half
// a millisecond each.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "fts_query.hpp"
#include "sqlite.hpp"
#include "sqlite_store.hpp"

namespace gavel::index {
namespace {

constexpr int kPool = 500;  // matches per group that are scored and sorted
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

struct KindSql {
  const char* kind;
  const char* fts;
  const char* row;      // meeting_id, start, end, text column(s) a and b, agenda no
  const char* join;     // the content row `x` (if any) and meeting `m` of the rowid {0}
  const char* content;  // the table whose rowids the index uses, for bounds
};

// Titles before agenda before speakers before captions.
const KindSql kKinds[] = {
    {"title", "title_fts", "m.id, 0.0, NULL, m.title, NULL, NULL", "JOIN meetings m ON m.id = {0}", nullptr},
    {"agenda", "agenda_fts", "x.meeting_id, x.start, x.end, x.title, NULL, x.no",
     "JOIN agenda_items x ON x.rowid = {0} JOIN meetings m ON m.id = x.meeting_id", "agenda_items"},
    {"speaker", "speaker_fts", "x.meeting_id, x.start, x.end, x.name, x.role, NULL",
     "JOIN speaker_segments x ON x.id = {0} JOIN meetings m ON m.id = x.meeting_id", "speaker_segments"},
    {"caption", "caption_fts", "x.meeting_id, x.start, x.end, x.text, NULL, NULL",
     "JOIN caption_cues x ON x.id = {0} JOIN meetings m ON m.id = x.meeting_id", "caption_cues"},
};
constexpr int kKindCount = static_cast<int>(std::size(kKinds));
constexpr int kCaption = 3;

// The filters on the meeting `m`, as bound parameters ?5..?8 (body,
// committee, from, to); only those given appear, so the planner can use the
// meetings' indexes.
struct Filters {
  const SearchQuery& q;

  bool any() const { return q.body || q.committee || q.from || q.to; }
  // Only what citizens may see: a failed or unfinished meeting is the
  // clerks' business (is_public_status).
  std::string sql() const {
    std::string where = "m.status IN ('ready', 'processing')";
    if (q.body) where += " AND m.body = ?5";
    if (q.committee) where += " AND m.committee = ?6";
    if (q.from) where += " AND m.date >= ?7";
    if (q.to) where += " AND m.date <= ?8";
    return where;
  }
  void bind(sql::Statement& s) const {
    if (q.body) s.bind(5, *q.body);
    if (q.committee) s.bind(6, *q.committee);
    if (q.from) s.bind(7, *q.from);
    if (q.to) s.bind(8, *q.to);
  }
};

// Up to ?2 rowids of the group, oldest first. FTS5 reads doclists forwards
// more cheaply than backwards (in the benchmark archive, a two-word phrase
// found in no caption: 2.3 ms forwards, 3.9 ms backwards), so this settles
// cheaply whether a group is small enough to be read whole by rowid.
std::string probe_sql(const KindSql& k) {
  return fmt::format("SELECT rowid FROM {0} WHERE {0} MATCH ?1 ORDER BY rowid LIMIT ?2", k.fts);
}

// The rows listed in ?1 (a JSON array of rowids), newest first, in the
// shape scan_sql() gives.
std::string fetch_sql(const KindSql& k, const Filters& f) {
  return fmt::format(
      "SELECT j.value, {}, m.title, m.date, m.body, m.committee, {} FROM json_each(?1) AS j {}"
      " ORDER BY j.value DESC",
      k.row, f.sql(), fmt::format(fmt::runtime(k.join), "j.value"));
}

// Matches with rowids in [?2, ?3], newest first, at most ?4 (-1: all), each
// with its meeting and whether it passes the filters. Rows failing the
// filters are returned too, so the caller knows how far the scan got. FTS5
// yields the rowid order itself, so rows stream and the caller may stop.
std::string scan_sql(const KindSql& k, const Filters& f) {
  return fmt::format(
      "SELECT {0}.rowid, {1}, m.title, m.date, m.body, m.committee, {2} FROM {0} {3}"
      " WHERE {0} MATCH ?1 AND {0}.rowid BETWEEN ?2 AND ?3 ORDER BY {0}.rowid DESC LIMIT ?4",
      k.fts, k.row, f.sql(), fmt::format(fmt::runtime(k.join), std::string(k.fts) + ".rowid"));
}

// The content rowids of the meetings passing the filters.
std::string bounds_sql(const KindSql& k, const Filters& f) {
  // CROSS JOIN keeps the meetings outside, or the planner may walk every
  // content row.
  return fmt::format(
      "SELECT min(x.rowid), max(x.rowid) FROM meetings m CROSS JOIN {} x ON x.meeting_id = m.id WHERE {}",
      k.content, f.sql());
}

struct RowidRange {
  std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  std::int64_t hi = std::numeric_limits<std::int64_t>::max();
};

// What the filters leave: their meetings' id range, and whether those
// meetings sit close together in id order (within a quarter of all ids),
// which is when narrowing a scan to their content's rowids pays for
// finding those rowids.
struct Scope {
  bool empty = false;
  RowidRange meetings;
  bool concentrated = false;
};

Result<Scope> scope_of(sqlite3* db, const Filters& filters) {
  Scope scope;
  sql::Statement s(db, fmt::format("SELECT min(m.id), max(m.id),"
                                   " (SELECT max(id) FROM meetings) - (SELECT min(id) FROM meetings) + 1"
                                   " FROM meetings m WHERE {}",
                                   filters.sql()));
  filters.bind(s);
  auto row = s.step();
  if (!row) return row.error();
  if (s.is_null(0)) {
    scope.empty = true;
    return scope;
  }
  scope.meetings = {s.int64(0), s.int64(1)};
  scope.concentrated = (scope.meetings.hi - scope.meetings.lo + 1) * 4 <= s.int64(2);
  return scope;
}

struct Candidate {
  int kind = 0;
  std::int64_t rowid = 0;
  std::int64_t meeting_id = 0;
  double start = 0;
  std::optional<double> end;
  std::string a;                 // the indexed text (title, name, cue)
  std::optional<std::string> b;  // the speaker's role
  std::optional<std::int64_t> no;
  std::string meeting_title;
  std::optional<std::string> meeting_date;
  std::string body;
  std::optional<std::string> committee;
  double score = 0;
};

// BM25 of the query's words in a group's pool of candidates.
class Scorer {
 public:
  explicit Scorer(const QueryWords& words) : words_(words) {}

  void score(std::vector<Candidate>::iterator first, std::vector<Candidate>::iterator last) {
    const auto n = static_cast<std::size_t>(last - first);
    if (n == 0 || words_.empty()) return;
    frequencies_.assign(n * words_.size(), 0);
    lengths_.assign(n, 0);
    double total_length = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Candidate& c = first[static_cast<std::ptrdiff_t>(i)];
      count(c.a, i);
      if (c.b) count(*c.b, i);  // a phrase never spans two columns
      total_length += lengths_[i];
    }
    const double average = std::max(1.0, total_length / static_cast<double>(n));
    for (std::size_t i = 0; i < n; ++i) {
      const double norm = kK1 * (1 - kB + kB * lengths_[i] / average);
      double score = 0;
      for (std::size_t w = 0; w < words_.size(); ++w) {
        const double tf = frequencies_[i * words_.size() + w];
        score += tf * (kK1 + 1) / (tf + norm);
      }
      first[static_cast<std::ptrdiff_t>(i)].score = score;
    }
  }

 private:
  void count(std::string_view text, std::size_t row) {
    const TextMatches found = match_words(text, words_);
    lengths_[row] += static_cast<double>(found.tokens.size());
    for (const auto& m : found.matches) ++frequencies_[row * words_.size() + m.word];
  }

  const QueryWords& words_;
  std::vector<int> frequencies_;
  std::vector<double> lengths_;
};

// Better score first, then the newer meeting (undated last), then the
// older row, as the single-query ranking had it.
bool ranks_before(const Candidate& x, const Candidate& y) {
  if (x.score != y.score) return x.score > y.score;
  if (x.meeting_date != y.meeting_date) return x.meeting_date > y.meeting_date;
  return x.rowid < y.rowid;
}

class Searcher {
 public:
  Searcher(sqlite3* db, const SearchQuery& q, Scorer& scorer) : db_(db), filters_{q}, scorer_(scorer) {}

  // Appends the group of `kind` matching `expression`, in rank order, until
  // `want` rows of it are there or it is exhausted.
  Result<void> read_group(int kind, const std::string& expression, std::size_t want,
                          std::vector<Candidate>& out) {
    const std::size_t first = out.size();
    auto whole = read_if_small(kind, expression, out);
    if (!whole) return whole.error();
    if (!*whole) {
      if (auto r = read_newest(kind, expression, std::max<std::size_t>(want, kPool), out); !r) return r;
    }
    const auto begin = out.begin() + static_cast<std::ptrdiff_t>(first);
    const auto pool_end = begin + std::min<std::ptrdiff_t>(kPool, out.end() - begin);
    scorer_.score(begin, pool_end);
    std::stable_sort(begin, pool_end, ranks_before);
    return {};
  }

 private:
  // A group of at most kPool matches is read whole, by rowid, newest first;
  // false when it is larger.
  Result<bool> read_if_small(int kind, const std::string& expression, std::vector<Candidate>& out) {
    sql::Statement probe(db_, probe_sql(kKinds[kind]));
    probe.bind(1, expression).bind(2, kPool + 1);
    std::vector<std::int64_t> rowids;
    for (;;) {
      auto row = probe.step();
      if (!row) return row.error();
      if (!*row) break;
      rowids.push_back(probe.int64(0));
    }
    if (rowids.size() > static_cast<std::size_t>(kPool)) return false;
    if (rowids.empty()) return true;
    sql::Statement s(db_, fetch_sql(kKinds[kind], filters_));
    s.bind(1, fmt::format("[{}]", fmt::join(rowids, ",")));
    filters_.bind(s);
    for (;;) {
      auto row = s.step();
      if (!row) return row.error();
      if (!*row) return true;
      if (s.int64(11) != 0) out.push_back(read_candidate(s, kind));
    }
  }

  // Reads the group newest first until `want` of its rows pass the filters.
  Result<void> read_newest(int kind, const std::string& expression, std::size_t want,
                           std::vector<Candidate>& out) {
    const std::size_t first = out.size();
    RowidRange r;
    // The newest matches first; if too few of them pass the filters, the
    // rest within the filtered meetings' rowids (when worth finding).
    bool narrowed = !filters_.any();
    sql::Statement s(db_, scan_sql(kKinds[kind], filters_));
    for (;;) {
      const std::int64_t limit = narrowed ? -1 : static_cast<std::int64_t>(want);
      s.reset();
      s.bind(1, expression).bind(2, r.lo).bind(3, r.hi).bind(4, limit);
      filters_.bind(s);
      std::int64_t scanned = 0;
      bool full = false;
      for (;;) {
        auto row = s.step();
        if (!row) return row.error();
        if (!*row) break;
        ++scanned;
        r.hi = s.int64(0) - 1;
        if (s.int64(11) == 0) continue;
        out.push_back(read_candidate(s, kind));
        if ((full = out.size() - first >= want)) break;
      }
      if (full || narrowed || scanned < limit) return {};
      narrowed = true;
      auto bounds = narrowing(kind);
      if (!bounds) return bounds.error();
      r.lo = std::max(r.lo, bounds->lo);
      r.hi = std::min(r.hi, bounds->hi);
      if (r.hi < r.lo) return {};
    }
  }

  // The rowids holding every row of `kind` that passes the filters: the
  // filtered meetings' ids for titles, their content's rowids when they
  // are concentrated, else all.
  Result<RowidRange> narrowing(int kind) {
    if (!scope_) {
      auto scope = scope_of(db_, filters_);
      if (!scope) return scope.error();
      scope_ = *scope;
    }
    if (scope_->empty) return RowidRange{1, 0};
    if (kind == 0) return scope_->meetings;
    if (!scope_->concentrated) return RowidRange{};
    if (bounds_[kind]) return *bounds_[kind];
    sql::Statement s(db_, bounds_sql(kKinds[kind], filters_));
    filters_.bind(s);
    auto row = s.step();
    if (!row) return row.error();
    RowidRange r{1, 0};  // empty
    if (!s.is_null(0)) r = {s.int64(0), s.int64(1)};
    bounds_[kind] = r;
    return r;
  }

  static Candidate read_candidate(const sql::Statement& s, int kind) {
    Candidate c;
    c.kind = kind;
    c.rowid = s.int64(0);
    c.meeting_id = s.int64(1);
    c.start = s.real(2);
    c.end = s.optional_real(3);
    c.a = s.text(4);
    c.b = s.optional_text(5);
    c.no = s.optional_int64(6);
    c.meeting_title = s.text(7);
    c.meeting_date = s.optional_text(8);
    c.body = s.text(9);
    c.committee = s.optional_text(10);
    return c;
  }

  sqlite3* db_;
  Filters filters_;
  Scorer& scorer_;
  std::optional<Scope> scope_;  // found when first needed
  std::array<std::optional<RowidRange>, kKindCount> bounds_;
};

std::string display_text(const Candidate& c) {
  if (c.no) return fmt::format("{}. {}", *c.no, c.a);
  if (c.b) return c.a + " (" + *c.b + ")";
  return c.a;
}

// The hit's text with the query's words marked by \x01 and \x02: a
// caption cut to its best 24 tokens, as FTS5's snippet() would.
std::string marked_text(const Candidate& c, const QueryWords& words) {
  constexpr std::string_view open = "\x01", close = "\x02";
  if (c.kind == kCaption) return snippet_words(c.a, words, 24, open, close, "…");
  std::string out = highlight_words(c.a, words, open, close);
  if (c.b) out += " (" + highlight_words(*c.b, words, open, close) + ")";
  return out;
}

std::string html_escape_marked(const std::string& marked) {
  std::string out;
  out.reserve(marked.size() + 16);
  for (char c : marked) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\x01':
        out += "<mark>";
        break;
      case '\x02':
        out += "</mark>";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

bool is_valid_search_kind(const std::string& kind) {
  return std::any_of(std::begin(kKinds), std::end(kKinds), [&](const KindSql& k) { return kind == k.kind; });
}

Result<SearchResults> SqliteSearchIndex::search(const SearchQuery& q) {
  return pool_.run([&](sqlite3* db) -> Result<SearchResults> {
    SearchResults results;
    const std::string expression = build_match_expression(q.text);
    if (expression.empty()) return results;  // nothing searchable was typed
    const std::string phrase = build_phrase_expression(q.text);
    const std::size_t per_page = static_cast<std::size_t>(std::clamp(q.per_page, 1, 100));
    const std::size_t offset = static_cast<std::size_t>(std::clamp(q.page, 1, 1000) - 1) * per_page;
    const std::size_t need = offset + per_page + 1;  // one more tells whether a next page exists

    // The exact phrase, then (for several words) the other matches.
    std::vector<std::string> groups{phrase};
    if (phrase != expression) groups.push_back("(" + expression + ") NOT " + phrase);

    const QueryWords words = query_words(q.text);
    Scorer scorer(words);
    Searcher searcher(db, q, scorer);

    std::vector<Candidate> ranked;
    for (const auto& group : groups) {
      for (int kind = 0; kind < kKindCount && ranked.size() < need; ++kind) {
        if (q.kind && *q.kind != kKinds[kind].kind) continue;
        if (auto r = searcher.read_group(kind, group, need - ranked.size(), ranked); !r) return r.error();
      }
    }
    if (ranked.size() <= offset) return results;
    results.has_more = ranked.size() > offset + per_page;
    const auto page_end = std::min(ranked.size(), offset + per_page);

    for (std::size_t i = offset; i < page_end; ++i) {
      Candidate& c = ranked[i];
      SearchHit hit;
      hit.kind = kKinds[c.kind].kind;
      hit.meeting_id = c.meeting_id;
      hit.start = c.start;
      hit.end = c.end;
      hit.text = display_text(c);
      hit.meeting_title = std::move(c.meeting_title);
      hit.meeting_date = std::move(c.meeting_date);
      hit.body = std::move(c.body);
      hit.committee = std::move(c.committee);
      hit.url =
          fmt::format("/meetings/{}?t={}", hit.meeting_id, static_cast<long long>(std::floor(hit.start)));
      hit.snippet = html_escape_marked(marked_text(c, words));
      results.hits.push_back(std::move(hit));
    }
    return results;
  });
}

}  // namespace gavel::index
