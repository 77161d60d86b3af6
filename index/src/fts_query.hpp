// Turns what a person types into a search box into a safe FTS5 MATCH
// expression for tables using the "gavel_ko" tokenizer.
//
// The result is meant to be BOUND (`... WHERE t MATCH ?`), never spliced into
// SQL. It contains only double-quoted phrases built from tokenizer output,
// so FTS5 operators the user types (AND OR NOT NEAR * ^ : ( ) - +) are plain
// text: they are separators for the tokenizer and can never reach the FTS5
// query parser as syntax.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gavel::index {

// Input limits: anything beyond is ignored, keeping expressions small no
// matter what gets pasted into the search box.
inline constexpr std::size_t kMaxQueryCodepoints = 256;
inline constexpr std::size_t kMaxQueryWords = 32;

// Whitespace-separated words become phrases that are ANDed:
//   "주민참여예산"    -> "주민 민참 참여 여예 예산"
//   "2026 예산"       -> "2026" "예산"
//   "a OR b"          -> "a" "or" "b"
// Words that tokenize to nothing are dropped. Returns "" when nothing
// searchable remains; the caller should then return no hits (an empty
// MATCH string is an FTS5 syntax error).
std::string build_match_expression(std::string_view user_query);

// The whole (capped) query as ONE phrase of all its tokens in order, for an
// exact-phrase ranking boost: "주민 참여 예산" -> "주민 참여 예산".
// Note the tokens of separately typed words are adjacent in the phrase, so
// this matches the spaced text, not the compound "주민참여예산". Returns ""
// when nothing is searchable.
std::string build_phrase_expression(std::string_view user_query);

// The searchable words of a query, each as its index terms, after the same
// caps as the builders: "2026 예산" -> {{"2026"}, {"예산"}}. What the phrases
// of build_match_expression() are made of.
using QueryWords = std::vector<std::vector<std::string>>;
QueryWords query_words(std::string_view user_query);

// ---- The query's words in a matched text, found without asking FTS5 ----
// (scoring and marking up hits; the same tokenizer, so the same matches)

// One occurrence of a word: its terms adjacent and in order, as an FTS5
// phrase matches them.
struct WordMatch {
  std::size_t word;         // index into the QueryWords
  std::size_t first_token;  // token positions, inclusive
  std::size_t last_token;
  std::size_t begin;  // bytes of the text, [begin, end)
  std::size_t end;
};

struct TextMatches {
  // Byte range of every token of the text, in order.
  std::vector<std::pair<std::size_t, std::size_t>> tokens;
  std::vector<WordMatch> matches;  // by first_token
};

TextMatches match_words(std::string_view text, const QueryWords& words);

// `text` with every occurrence of the words wrapped in `open`/`close`;
// overlapping occurrences ("하하" in "하하하") become one mark.
std::string highlight_words(std::string_view text, const QueryWords& words, std::string_view open,
                            std::string_view close);

// What FTS5's snippet() gives, window scoring, sentence-start bonus and
// centring included: the whole text when it has at most `max_tokens`
// tokens, else the stretch of that many tokens holding the most different
// words, then the most occurrences, with `ellipsis` where text was left
// out. Marked as by highlight_words().
std::string snippet_words(std::string_view text, const QueryWords& words, std::size_t max_tokens,
                          std::string_view open, std::string_view close, std::string_view ellipsis);

// Index terms "gavel_ko" would produce for `text`, in order (no caps applied
// beyond the per-token byte limit).
std::vector<std::string> tokenize_for_search(std::string_view text);

// Strict UTF-8 validation (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace gavel::index
