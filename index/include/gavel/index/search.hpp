#pragma once
// One search over meeting titles, agenda items, speakers and captions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gavel/result.hpp"

namespace gavel::index {

struct SearchQuery {
  std::string text;                 // as typed; never spliced into SQL
  std::optional<std::string> body;  // plenary | standing | special
  std::optional<std::string> committee;
  std::optional<std::string> from, to;  // YYYY-MM-DD, inclusive
  std::optional<std::string> kind;      // title | agenda | speaker | caption
  int page = 1;
  int per_page = 20;
};

struct SearchHit {
  std::int64_t meeting_id = 0;
  std::string meeting_title;
  std::optional<std::string> meeting_date;
  std::string body;
  std::optional<std::string> committee;
  std::string kind;     // title | agenda | speaker | caption
  std::string text;     // the matched text, plain
  std::string snippet;  // HTML-escaped, matches wrapped in <mark>
  double start = 0;     // seconds into the meeting
  std::optional<double> end;
  std::string url;  // /meetings/{id}?t=SECONDS
};

struct SearchResults {
  std::vector<SearchHit> hits;
  bool has_more = false;
};

bool is_valid_search_kind(const std::string& kind);

// Full-text search over the public meetings. An interface (see
// archive.hpp); thread-safe, searches run concurrently.
class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Ranked hits: exact phrase first, then titles, agenda, speakers, captions.
  virtual Result<SearchResults> search(const SearchQuery& query) = 0;
};

}  // namespace gavel::index
