#include "korean_tokenizer.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gavel::index {
namespace {

struct Emitted {
  std::string text;
  std::size_t begin;
  std::size_t end;

  bool operator==(const Emitted&) const = default;
};

// Pretty-printer so failed comparisons show the tokens, not raw bytes.
void PrintTo(const Emitted& e, std::ostream* os) {
  *os << '"' << e.text << "\"[" << e.begin << ',' << e.end << ')';
}

class RecordingSink final : public TokenSink {
 public:
  int on_token(std::string_view token, std::size_t begin, std::size_t end) override {
    tokens.push_back({std::string(token), begin, end});
    return stop_after != 0 && tokens.size() == stop_after ? 99 : 0;
  }

  std::vector<Emitted> tokens;
  std::size_t stop_after = 0;  // 0 = never stop
};

std::vector<Emitted> scan(std::string_view text) {
  RecordingSink sink;
  EXPECT_EQ(scan_tokens(text, sink), 0);
  return sink.tokens;
}

std::vector<std::string> texts(std::string_view text) {
  std::vector<std::string> out;
  for (const Emitted& e : scan(text)) {
    out.push_back(e.text);
  }
  return out;
}

using Strings = std::vector<std::string>;

// ---------------------------------------------------------------------------
// Tokenization rules (no database)

TEST(KoreanTokenizer, HangulRunEmitsOverlappingBigramsWithSpanningOffsets) {
  // Each syllable is 3 bytes; a bigram spans both of its syllables.
  const std::vector<Emitted> expected = {
      {"주민", 0, 6}, {"민참", 3, 9}, {"참여", 6, 12}, {"여예", 9, 15}, {"예산", 12, 18}};
  EXPECT_EQ(scan("주민참여예산"), expected);
}

TEST(KoreanTokenizer, SingleSyllableRunEmitsUnigram) {
  const std::vector<Emitted> expected = {{"안", 0, 3}, {"건", 4, 7}};
  EXPECT_EQ(scan("안 건"), expected);
}

TEST(KoreanTokenizer, TwoSyllableRunEmitsOneBigram) { EXPECT_EQ(texts("예산"), Strings{"예산"}); }

TEST(KoreanTokenizer, AsciiRunIsOneLowerCasedToken) {
  const std::vector<Emitted> expected = {{"cctv", 0, 4}, {"2026", 5, 9}};
  EXPECT_EQ(scan("CCTV 2026"), expected);
}

TEST(KoreanTokenizer, MixedAsciiLettersAndDigitsStayOneRun) {
  EXPECT_EQ(texts("COVID19 mp4"), (Strings{"covid19", "mp4"}));
}

TEST(KoreanTokenizer, DigitsAndHangulAreSeparateRuns) {
  const std::vector<Emitted> expected = {{"2026", 0, 4}, {"년도", 4, 10}};
  EXPECT_EQ(scan("2026년도"), expected);
  EXPECT_EQ(texts("제1호"), (Strings{"제", "1", "호"}));
}

TEST(KoreanTokenizer, LatinAndHangulAreSeparateRuns) {
  EXPECT_EQ(texts("CCTV설치"), (Strings{"cctv", "설치"}));
  EXPECT_EQ(texts("설치CCTV"), (Strings{"설치", "cctv"}));
}

TEST(KoreanTokenizer, AsciiPunctuationAndSymbolsSeparate) {
  EXPECT_EQ(texts("주민,참여/예산(안)-\"조례\"*"), (Strings{"주민", "참여", "예산", "안", "조례"}));
}

TEST(KoreanTokenizer, CjkAndFullwidthPunctuationSeparate) {
  // U+3000 ideographic space, 「」, 。, ※, ·, fullwidth '(' and ','.
  EXPECT_EQ(texts("「주민」\u3000예산。※안건·조례（안）,끝"),
            (Strings{"주민", "예산", "안건", "조례", "안", "끝"}));
}

TEST(KoreanTokenizer, KoreanDocumentSymbolsSeparate) {
  // ① circled digit, ■ square, ₩ won sign, ㎡ unit, ㈜ company mark.
  EXPECT_EQ(texts("①예산■100㎡₩500㈜회사"), (Strings{"예산", "100", "500", "회사"}));
}

TEST(KoreanTokenizer, OtherUnicodeLettersFormOneRunAndKeepCase) {
  // Only ASCII is lower-cased; é and Greek letters pass through unchanged.
  EXPECT_EQ(texts("Café ΑΘΗΝΑ"), (Strings{"café", "ΑΘΗΝΑ"}));
}

TEST(KoreanTokenizer, FullwidthAlnumIsFoldedToAsciiButOffsetsAreOriginal) {
  const std::vector<Emitted> expected = {{"cctv2", 0, 15}};
  EXPECT_EQ(scan("ＣＣＴＶ２"), expected);
}

TEST(KoreanTokenizer, CompatibilityJamoIsTreatedAsHangul) {
  EXPECT_EQ(texts("ㅋㅋㅋ"), (Strings{"ㅋㅋ", "ㅋㅋ"}));
  EXPECT_EQ(texts("ㄱ"), Strings{"ㄱ"});
}

TEST(KoreanTokenizer, HangulFillerSeparates) {
  EXPECT_EQ(texts("예산\u3164조례"), (Strings{"예산", "조례"}));
}

TEST(KoreanTokenizer, EmptyAndSeparatorOnlyInputEmitNothing) {
  EXPECT_TRUE(scan("").empty());
  EXPECT_TRUE(scan("  \t\n!?()\"*^:+-").empty());
  EXPECT_TRUE(scan("\u3000。、").empty());
}

TEST(KoreanTokenizer, InvalidBytesActAsSeparatorsWithCorrectOffsets) {
  const std::vector<Emitted> expected = {{"예산", 2, 8}};
  EXPECT_EQ(scan("\xff\xfe예산"), expected);
}

TEST(KoreanTokenizer, InvalidBytesInsideRunSplitIt) {
  // Encoded surrogate (ED A0 80) and overlong '/' (C0 AF) are invalid.
  EXPECT_EQ(texts("예\xed\xa0\x80산"), (Strings{"예", "산"}));
  EXPECT_EQ(texts("ab\xc0\xaf"
                  "cd"),
            (Strings{"ab", "cd"}));
  EXPECT_EQ(texts("ab\x80\xbf"
                  "cd"),
            (Strings{"ab", "cd"}));
}

TEST(KoreanTokenizer, TruncatedSequenceAtEndIsNotReadPastBuffer) {
  // The view stops one byte into 산 (EC 82 B0); the scanner must not peek
  // at the bytes that happen to follow in memory.
  const std::string backing = "예산";
  const std::vector<Emitted> expected = {{"예", 0, 3}};
  EXPECT_EQ(scan(std::string_view(backing.data(), 4)), expected);
  EXPECT_EQ(scan(std::string_view(backing.data(), 5)), expected);
}

TEST(KoreanTokenizer, LongLetterRunIsCappedOnCodepointBoundary) {
  const std::string run = std::string(kMaxTokenBytes - 1, 'a') + "é";
  const std::vector<Emitted> tokens = scan(run);
  ASSERT_EQ(tokens.size(), 1u);
  // é (2 bytes) does not fit in the last byte, so it is left out whole.
  EXPECT_EQ(tokens[0].text, std::string(kMaxTokenBytes - 1, 'a'));
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, run.size());
}

TEST(KoreanTokenizer, NonZeroSinkResultStopsScanAndIsReturned) {
  RecordingSink sink;
  sink.stop_after = 2;
  EXPECT_EQ(scan_tokens("주민참여예산", sink), 99);
  EXPECT_EQ(sink.tokens.size(), 2u);
}

TEST(Utf8Decoder, DecodesAllSequenceLengths) {
  const std::string_view text = "a\u00e9\uac00\U0001F600";
  const Utf8Char a = decode_utf8(text, 0);
  const Utf8Char e = decode_utf8(text, 1);
  const Utf8Char ga = decode_utf8(text, 3);
  const Utf8Char emoji = decode_utf8(text, 6);
  EXPECT_TRUE(a.valid && a.codepoint == U'a' && a.length == 1);
  EXPECT_TRUE(e.valid && e.codepoint == 0xE9 && e.length == 2);
  EXPECT_TRUE(ga.valid && ga.codepoint == 0xAC00 && ga.length == 3);
  EXPECT_TRUE(emoji.valid && emoji.codepoint == 0x1F600 && emoji.length == 4);
}

TEST(Utf8Decoder, RejectsMalformedSequencesOneByteAtATime) {
  for (std::string_view bad : {"\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                               "\xf8\x88\x80\x80\x80", "\xea\xb0"}) {
    const Utf8Char ch = decode_utf8(bad, 0);
    EXPECT_FALSE(ch.valid) << "input size " << bad.size();
    EXPECT_EQ(ch.length, 1u);
  }
}

TEST(Utf8Decoder, OutOfRangePositionReturnsZeroLength) {
  const Utf8Char ch = decode_utf8("ab", 2);
  EXPECT_FALSE(ch.valid);
  EXPECT_EQ(ch.length, 0u);
}

// ---------------------------------------------------------------------------
// FTS5 integration

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

DbPtr open_memory_db() {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  return DbPtr(raw);
}

int exec(sqlite3* db, const std::string& sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

// Runs a one-parameter query and returns column 0 of every row. Fails the
// test on any SQLite error.
std::vector<std::string> query_strings(sqlite3* db, const std::string& sql, std::string_view param) {
  std::vector<std::string> rows;
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_bind_text(stmt, 1, param.data(), static_cast<int>(param.size()), SQLITE_TRANSIENT);
  int rc = 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    rows.emplace_back(text != nullptr ? text : "");
  }
  EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  return rows;
}

class KoreanFts5 : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = open_memory_db();
    ASSERT_EQ(register_korean_tokenizer(db_.get()), SQLITE_OK);
    ASSERT_EQ(exec(db_.get(),
                   "CREATE VIRTUAL TABLE t USING fts5(body, "
                   "tokenize='gavel_ko')"),
              SQLITE_OK)
        << sqlite3_errmsg(db_.get());
  }

  void insert(std::string_view body) { query_strings(db_.get(), "INSERT INTO t(body) VALUES (?1)", body); }

  // Raw MATCH expression (bypasses the query builder on purpose).
  std::vector<std::string> highlight(std::string_view match) {
    return query_strings(db_.get(),
                         "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1 "
                         "ORDER BY rowid",
                         match);
  }

  std::vector<std::string> vocabulary() {
    EXPECT_EQ(exec(db_.get(),
                   "CREATE VIRTUAL TABLE IF NOT EXISTS v "
                   "USING fts5vocab(t, 'row')"),
              SQLITE_OK);
    return query_strings(db_.get(), "SELECT term FROM v WHERE ?1 IS NOT NULL ORDER BY term", "x");
  }

  DbPtr db_;
};

TEST(KoreanTokenizerRegistration, NullDatabaseIsMisuse) {
  EXPECT_EQ(register_korean_tokenizer(nullptr), SQLITE_MISUSE);
}

TEST(KoreanTokenizerRegistration, RegisteringTwiceIsHarmless) {
  DbPtr db = open_memory_db();
  EXPECT_EQ(register_korean_tokenizer(db.get()), SQLITE_OK);
  EXPECT_EQ(register_korean_tokenizer(db.get()), SQLITE_OK);
  EXPECT_EQ(exec(db.get(),
                 "CREATE VIRTUAL TABLE t USING fts5(body, "
                 "tokenize='gavel_ko')"),
            SQLITE_OK);
}

TEST(KoreanTokenizerRegistration, UnregisteredDatabaseCannotUseTokenizer) {
  DbPtr db = open_memory_db();
  EXPECT_NE(exec(db.get(),
                 "CREATE VIRTUAL TABLE t USING fts5(body, "
                 "tokenize='gavel_ko')"),
            SQLITE_OK);
}

TEST(KoreanTokenizerRegistration, UnknownTokenizerArgumentIsRejected) {
  DbPtr db = open_memory_db();
  ASSERT_EQ(register_korean_tokenizer(db.get()), SQLITE_OK);
  EXPECT_NE(exec(db.get(),
                 "CREATE VIRTUAL TABLE t USING fts5(body, "
                 "tokenize='gavel_ko bogus')"),
            SQLITE_OK);
}

TEST_F(KoreanFts5, IndexStoresBigramsUnigramsAndLowerCasedWords) {
  insert("주민참여예산 안 CCTV설치");
  const std::vector<std::string> expected = {"cctv", "민참", "설치", "안", "여예", "예산", "주민", "참여"};
  EXPECT_EQ(vocabulary(), expected);
}

TEST_F(KoreanFts5, InvalidUtf8DocumentIsIndexedWithoutError) {
  insert("\xff\xfe예산\xc0");
  EXPECT_EQ(vocabulary(), std::vector<std::string>{"예산"});
}

TEST_F(KoreanFts5, BarewordQueryGoesThroughSameRules) {
  // A bareword is tokenized with FTS5_TOKENIZE_QUERY; "CCTV" must become
  // the same lower-cased term the document produced.
  insert("CCTV설치");
  EXPECT_EQ(highlight("CCTV").size(), 1u);
  EXPECT_EQ(highlight("설치").size(), 1u);
}

TEST_F(KoreanFts5, HighlightWrapsBigramExactly) {
  insert("주민참여예산");
  EXPECT_EQ(highlight("\"예산\""), std::vector<std::string>{"주민참여[예산]"});
}

TEST_F(KoreanFts5, HighlightOfBigramPhraseSpansAllMatchedSyllables) {
  insert("일부개정조례안 가결");
  EXPECT_EQ(highlight("\"조례 례안\""), std::vector<std::string>{"일부개정[조례안] 가결"});
}

TEST_F(KoreanFts5, HighlightKeepsOriginalCaseOfAsciiWords) {
  insert("CCTV설치 예산");
  EXPECT_EQ(highlight("\"cctv\""), std::vector<std::string>{"[CCTV]설치 예산"});
}

TEST_F(KoreanFts5, HighlightOffsetsSurviveInvalidBytesBeforeMatch) {
  insert("\xff예산");
  EXPECT_EQ(highlight("\"예산\""), std::vector<std::string>{"\xff[예산]"});
}

TEST_F(KoreanFts5, SnippetMarksMatchInLongText) {
  insert(
      "오늘 회의에서는 여러 안건을 다루었고 그중 주민참여예산 "
      "조례 개정이 논의되었다");
  const std::vector<std::string> snippets =
      query_strings(db_.get(), "SELECT snippet(t, 0, '[', ']', '…', 4) FROM t WHERE t MATCH ?1", "\"예산\"");
  ASSERT_EQ(snippets.size(), 1u);
  EXPECT_NE(snippets[0].find("[예산]"), std::string::npos) << snippets[0];
}

}  // namespace
}  // namespace gavel::index
