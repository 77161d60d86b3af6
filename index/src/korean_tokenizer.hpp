// SQLite FTS5 tokenizer for Korean council-meeting text ("gavel_ko").
//
// Korean has no reliable word boundaries for search: particles and nouns are
// glued together ("주민참여예산은"), and the same compound is written with or
// without spaces. Instead of morphological analysis we index overlapping
// character bigrams of Hangul runs (the Lucene CJKAnalyzer approach), which
// finds a two-syllable word anywhere inside a compound with no dictionary.
// Trade-off: a one-syllable run is indexed as a unigram, so a one-syllable
// query ("안") finds the syllable only where it stands alone, not inside
// "조례안" (no colocated unigrams are emitted, by design).
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <string_view>

#include "gavel/utf8.hpp"

namespace gavel::index {

// Name under which the tokenizer is registered: tokenize='gavel_ko'.
inline constexpr const char* kKoreanTokenizerName = "gavel_ko";

// Letter runs longer than this are truncated (on a codepoint boundary) so a
// pasted blob cannot create huge index terms. Query text is truncated the
// same way, so matching is unaffected.
inline constexpr std::size_t kMaxTokenBytes = 256;

// Registers the "gavel_ko" FTS5 tokenizer on `db`.
// Returns SQLITE_OK, SQLITE_MISUSE for a null db, or the SQLite error code of
// the failing step (e.g. SQLITE_ERROR when FTS5 is not compiled in).
int register_korean_tokenizer(sqlite3* db);

// ---- Lower-level pieces shared with the query builder (fts_query.cpp) ----

// decode_utf8 and Utf8Char: gavel/utf8.hpp.
using gavel::decode_utf8;
using gavel::Utf8Char;

enum class CharClass { Separator, Hangul, Letter };

// Classification used for run splitting. Invalid bytes are separators.
CharClass classify(const Utf8Char& ch) noexcept;

// True for characters that separate the *words* of a typed query
// (ASCII and Unicode spaces, including the ideographic space U+3000).
bool is_space_codepoint(char32_t cp) noexcept;

// Receives tokens from scan_tokens(). `token` is the indexed term (ASCII is
// lower-cased, so it may differ from the source bytes); [begin, end) are the
// byte offsets of the source text it came from.
class TokenSink {
 public:
  virtual ~TokenSink() = default;
  // Return 0 to continue; any other value stops the scan and is returned
  // from scan_tokens() (this mirrors FTS5's xToken contract).
  virtual int on_token(std::string_view token, std::size_t begin, std::size_t end) = 0;
};

// Runs the tokenization rules over `text`. Does not allocate, so it is safe
// to call from SQLite's C callbacks. Returns 0 or the sink's stop value.
int scan_tokens(std::string_view text, TokenSink& sink);

}  // namespace gavel::index
