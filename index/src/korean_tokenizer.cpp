#include "korean_tokenizer.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>

namespace gavel::index {
namespace {

struct CodepointRange {
  char32_t first;
  char32_t last;
};

template <std::size_t N>
bool in_ranges(char32_t cp, const CodepointRange (&ranges)[N]) noexcept {
  return std::any_of(std::begin(ranges), std::end(ranges),
                     [cp](const CodepointRange& r) { return cp >= r.first && cp <= r.last; });
}

// Hangul syllables plus every Jamo block, so text typed as bare jamo
// ("ㅋㅋ", old-style NFD input) still forms bigram runs.
constexpr CodepointRange kHangulRanges[] = {
    {0x1100, 0x11FF},  // Hangul Jamo
    {0x3130, 0x318F},  // Hangul Compatibility Jamo
    {0xA960, 0xA97F},  // Hangul Jamo Extended-A
    {0xAC00, 0xD7A3},  // Hangul Syllables
    {0xD7B0, 0xD7FF},  // Hangul Jamo Extended-B
    {0xFFA0, 0xFFDC},  // Halfwidth Hangul
};

// Invisible Hangul "filler" characters are abused as blank padding; as Hangul
// they would glue unrelated syllables into bigrams, so they separate instead.
constexpr CodepointRange kHangulFillers[] = {
    {0x115F, 0x1160},
    {0x3164, 0x3164},
    {0xFFA0, 0xFFA0},
};

// Non-ASCII whitespace, punctuation and symbols. Everything else >= 0x80 is
// treated as a letter. The list favours what shows up in Korean public
// documents: ※ ■ ○ ① ㉮ ₩ ㎡ ℃ 「」 《》 fullwidth punctuation, emoji.
constexpr CodepointRange kSeparatorRanges[] = {
    {0x0080, 0x00A9},    // C1 controls, NBSP, ¡ ¢ £ ¤ ¥ ¦ § ¨ ©
    {0x00AB, 0x00B1},    // « ¬ SHY ® ¯ ° ±
    {0x00B4, 0x00B4},    // ´
    {0x00B6, 0x00B8},    // ¶ · ¸
    {0x00BB, 0x00BF},    // » ¼ ½ ¾ ¿
    {0x00D7, 0x00D7},    // ×
    {0x00F7, 0x00F7},    // ÷
    {0x1680, 0x1680},    // Ogham space
    {0x2000, 0x206F},    // General Punctuation (spaces, dashes, quotes, ※)
    {0x20A0, 0x20CF},    // Currency symbols (₩)
    {0x2100, 0x214F},    // Letterlike symbols (℃, №, ™)
    {0x2190, 0x2BFF},    // Arrows, math, technical, ①, box drawing, ■○★
    {0x2E00, 0x2E7F},    // Supplemental punctuation
    {0x3000, 0x303F},    // CJK symbols and punctuation (U+3000, 「」, 。)
    {0x3200, 0x33FF},    // Enclosed CJK (㈜, ㉮) and CJK compatibility (㎡)
    {0xFE00, 0xFE0F},    // Variation selectors
    {0xFE10, 0xFE1F},    // Vertical forms
    {0xFE30, 0xFE6F},    // CJK compatibility forms, small form variants
    {0xFEFF, 0xFEFF},    // BOM / zero-width no-break space
    {0xFF00, 0xFF0F},    // Fullwidth ! " # ... /
    {0xFF1A, 0xFF20},    // Fullwidth : ; < = > ? @
    {0xFF3B, 0xFF40},    // Fullwidth [ \ ] ^ _ `
    {0xFF5B, 0xFF65},    // Fullwidth { | } ~ and halfwidth CJK punctuation
    {0xFFE0, 0xFFEF},    // Fullwidth symbols (￦)
    {0xFFF0, 0xFFFF},    // Specials (U+FFFD replacement character)
    {0x1F000, 0x1FAFF},  // Emoji and pictographs
    {0xE0000, 0xE007F},  // Tag characters
};

// U+2000..U+200B: en quad to zero-width space (common in web copy).
constexpr CodepointRange kUnicodeSpaces[] = {
    {0x0085, 0x0085}, {0x00A0, 0x00A0}, {0x1680, 0x1680}, {0x2000, 0x200B}, {0x2028, 0x2029},
    {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF},
};

bool is_ascii_alnum(char32_t cp) noexcept {
  return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

// Fullwidth digits and Latin letters (common in Korean word processors) are
// indexed as their ASCII equivalents so "ＣＣＴＶ" and "CCTV" are one term.
bool is_fullwidth_alnum(char32_t cp) noexcept {
  return (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

char ascii_lower(char32_t cp) noexcept {
  const char c = static_cast<char>(cp);
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Fixed-capacity token buffer: scan_tokens runs inside SQLite callbacks where
// an allocation failure (exception) must not escape.
class TokenBuffer {
 public:
  // Appends the folded form of `ch` (source bytes in `raw`). Returns false,
  // appending nothing, when the whole character would not fit; that keeps
  // truncation on a codepoint boundary.
  bool append(const Utf8Char& ch, std::string_view raw) noexcept {
    if (ch.codepoint < 0x80) {
      return push(ascii_lower(ch.codepoint));
    }
    if (is_fullwidth_alnum(ch.codepoint)) {
      return push(ascii_lower(ch.codepoint - 0xFEE0));
    }
    if (raw.size() > kMaxTokenBytes - size_) {
      return false;
    }
    std::memcpy(data_ + size_, raw.data(), raw.size());
    size_ += raw.size();
    return true;
  }

  std::string_view view() const noexcept { return {data_, size_}; }

 private:
  bool push(char c) noexcept {
    if (size_ == kMaxTokenBytes) {
      return false;
    }
    data_[size_++] = c;
    return true;
  }

  char data_[kMaxTokenBytes];
  std::size_t size_ = 0;
};

// Hangul run starting at `pos`: overlapping bigrams, or a unigram when the
// run is one syllable long. Advances `pos` past the run.
//
// Each bigram's offsets span both syllables, so neighbouring tokens overlap
// by one syllable. highlight() handles one matched phrase fine, but SQLite
// 3.40's highlight() garbles output when two *separate* matches sit on
// adjacent positions (query "하하" in "하하하"); newer SQLite keeps the
// highlight open across overlapping tokens instead.
int emit_hangul_run(std::string_view text, std::size_t& pos, TokenSink& sink) {
  std::size_t prev_start = pos;
  pos += decode_utf8(text, pos).length;
  bool emitted_bigram = false;
  while (pos < text.size()) {
    const Utf8Char ch = decode_utf8(text, pos);
    if (classify(ch) != CharClass::Hangul) {
      break;
    }
    const std::size_t end = pos + ch.length;
    const int rc = sink.on_token(text.substr(prev_start, end - prev_start), prev_start, end);
    if (rc != 0) {
      return rc;
    }
    emitted_bigram = true;
    prev_start = pos;
    pos = end;
  }
  if (emitted_bigram) {
    return 0;
  }
  return sink.on_token(text.substr(prev_start, pos - prev_start), prev_start, pos);
}

// Letter/digit run starting at `pos`: one token, ASCII lower-cased, capped
// at kMaxTokenBytes. The offsets always cover the whole run.
int emit_letter_run(std::string_view text, std::size_t& pos, TokenSink& sink) {
  const std::size_t start = pos;
  TokenBuffer token;
  bool full = false;
  while (pos < text.size()) {
    const Utf8Char ch = decode_utf8(text, pos);
    if (classify(ch) != CharClass::Letter) {
      break;
    }
    if (!full) {
      full = !token.append(ch, text.substr(pos, ch.length));
    }
    pos += ch.length;
  }
  return sink.on_token(token.view(), start, pos);
}

// ---- FTS5 glue ----

// The tokenizer is stateless, but FTS5 wants a non-null instance handle.
char g_tokenizer_instance;

int fts5_create(void* /*user_data*/, const char** /*args*/, int arg_count, Fts5Tokenizer** out) {
  *out = nullptr;
  if (arg_count != 0) {
    return SQLITE_ERROR;  // No options exist; reject typos loudly.
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(&g_tokenizer_instance);
  return SQLITE_OK;
}

void fts5_delete(Fts5Tokenizer* /*tokenizer*/) {}

using Fts5TokenCallback = int (*)(void* ctx, int flags, const char* token, int token_len, int start, int end);

// Forwards tokens to FTS5. Offsets fit in int because FTS5 hands us an int
// length.
class Fts5Sink final : public TokenSink {
 public:
  Fts5Sink(void* ctx, Fts5TokenCallback callback) : ctx_(ctx), callback_(callback) {}

  int on_token(std::string_view token, std::size_t begin, std::size_t end) override {
    return callback_(ctx_, 0, token.data(), static_cast<int>(token.size()), static_cast<int>(begin),
                     static_cast<int>(end));
  }

 private:
  void* ctx_;
  Fts5TokenCallback callback_;
};

// Document, query (FTS5_TOKENIZE_QUERY, with or without PREFIX) and aux
// requests all get the same rules, so `flags` is deliberately ignored:
// identical tokenization on both sides is what makes bigram matching work.
int fts5_tokenize(Fts5Tokenizer* /*tokenizer*/, void* ctx, int /*flags*/, const char* text, int text_len,
                  Fts5TokenCallback callback) {
  if (text == nullptr || text_len <= 0) {
    return SQLITE_OK;
  }
  Fts5Sink sink(ctx, callback);
  return scan_tokens(std::string_view(text, static_cast<std::size_t>(text_len)), sink);
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// Fetches the fts5_api pointer the documented way ("SELECT fts5(?1)").
int lookup_fts5_api(sqlite3* db, fts5_api** api) {
  *api = nullptr;
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &raw, nullptr);
  StatementPtr stmt(raw);
  if (rc != SQLITE_OK) {
    return rc;
  }
  rc = sqlite3_bind_pointer(stmt.get(), 1, api, "fts5_api_ptr", nullptr);
  if (rc != SQLITE_OK) {
    return rc;
  }
  rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) {
    return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
  }
  return *api == nullptr ? SQLITE_ERROR : SQLITE_OK;
}

}  // namespace

CharClass classify(const Utf8Char& ch) noexcept {
  const char32_t cp = ch.codepoint;
  if (!ch.valid) {
    return CharClass::Separator;
  }
  if (cp < 0x80) {
    return is_ascii_alnum(cp) ? CharClass::Letter : CharClass::Separator;
  }
  if (in_ranges(cp, kHangulFillers)) {
    return CharClass::Separator;
  }
  if (in_ranges(cp, kHangulRanges)) {
    return CharClass::Hangul;
  }
  if (in_ranges(cp, kSeparatorRanges)) {
    return CharClass::Separator;
  }
  return CharClass::Letter;
}

bool is_space_codepoint(char32_t cp) noexcept {
  if (cp < 0x80) {
    return cp == ' ' || (cp >= '\t' && cp <= '\r');
  }
  return in_ranges(cp, kUnicodeSpaces);
}

int scan_tokens(std::string_view text, TokenSink& sink) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Utf8Char ch = decode_utf8(text, pos);
    int rc = 0;
    switch (classify(ch)) {
      case CharClass::Separator:
        pos += ch.length;
        break;
      case CharClass::Hangul:
        rc = emit_hangul_run(text, pos, sink);
        break;
      case CharClass::Letter:
        rc = emit_letter_run(text, pos, sink);
        break;
    }
    if (rc != 0) {
      return rc;
    }
  }
  return 0;
}

int register_korean_tokenizer(sqlite3* db) {
  if (db == nullptr) {
    return SQLITE_MISUSE;
  }
  fts5_api* api = nullptr;
  const int rc = lookup_fts5_api(db, &api);
  if (rc != SQLITE_OK) {
    return rc;
  }
  // xCreateTokenizer copies the struct, so a local is fine.
  fts5_tokenizer tokenizer{fts5_create, fts5_delete, fts5_tokenize};
  return api->xCreateTokenizer(api, kKoreanTokenizerName, nullptr, &tokenizer, nullptr);
}

}  // namespace gavel::index
