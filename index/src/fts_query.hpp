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

// Index terms "gavel_ko" would produce for `text`, in order (no caps applied
// beyond the per-token byte limit).
std::vector<std::string> tokenize_for_search(std::string_view text);

// Strict UTF-8 validation (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace gavel::index
