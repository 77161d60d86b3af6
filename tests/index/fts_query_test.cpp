#include "fts_query.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "korean_tokenizer.hpp"

namespace gavel::index {
namespace {

using Strings = std::vector<std::string>;

std::size_t count_occurrences(std::string_view haystack, char needle) {
  std::size_t n = 0;
  for (char c : haystack) {
    n += (c == needle) ? 1 : 0;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Expression building (no database)

TEST(BuildMatchExpression, CompoundBecomesPhraseOfOverlappingBigrams) {
  EXPECT_EQ(build_match_expression("주민참여예산"), "\"주민 민참 참여 여예 예산\"");
}

TEST(BuildMatchExpression, TwoAndThreeSyllableWords) {
  EXPECT_EQ(build_match_expression("예산"), "\"예산\"");
  EXPECT_EQ(build_match_expression("조례안"), "\"조례 례안\"");
}

TEST(BuildMatchExpression, SingleSyllableBecomesUnigramPhrase) {
  EXPECT_EQ(build_match_expression("안"), "\"안\"");
}

TEST(BuildMatchExpression, WordsAreAndedAsSeparatePhrases) {
  EXPECT_EQ(build_match_expression("2026 예산"), "\"2026\" \"예산\"");
  EXPECT_EQ(build_match_expression("주민 참여 예산"), "\"주민\" \"참여\" \"예산\"");
}

TEST(BuildMatchExpression, UnicodeSpacesSplitWords) {
  EXPECT_EQ(build_match_expression("예산\u3000조례\u00a0안\t2026\n"), "\"예산\" \"조례\" \"안\" \"2026\"");
}

TEST(BuildMatchExpression, AsciiIsLowerCased) { EXPECT_EQ(build_match_expression("CCTV"), "\"cctv\""); }

TEST(BuildMatchExpression, DigitsGluedToHangulSplitInsideOnePhrase) {
  EXPECT_EQ(build_match_expression("2026년도"), "\"2026 년도\"");
}

TEST(BuildMatchExpression, OperatorsTypedByUserBecomePlainText) {
  EXPECT_EQ(build_match_expression("a OR b"), "\"a\" \"or\" \"b\"");
  EXPECT_EQ(build_match_expression("예산 AND NOT 조례"), "\"예산\" \"and\" \"not\" \"조례\"");
  EXPECT_EQ(build_match_expression("-예산"), "\"예산\"");
  EXPECT_EQ(build_match_expression("+예산"), "\"예산\"");
  EXPECT_EQ(build_match_expression("예산*"), "\"예산\"");
  EXPECT_EQ(build_match_expression("^예산"), "\"예산\"");
  EXPECT_EQ(build_match_expression("body:예산"), "\"body 예산\"");
  EXPECT_EQ(build_match_expression("NEAR(예산 조례)"), "\"near 예산\" \"조례\"");
  EXPECT_EQ(build_match_expression("\"예산\""), "\"예산\"");
}

TEST(BuildMatchExpression, NothingSearchableGivesEmptyString) {
  for (std::string_view q : {"", "   ", "\u3000\t\n", "\"", "\"\"", "*", "(", ")", "-", "+", "^", ":", "()",
                             "\xff\xfe", "。、「」", "※ ■ ①"}) {
    EXPECT_EQ(build_match_expression(q), "") << q;
    EXPECT_EQ(build_phrase_expression(q), "") << q;
  }
}

TEST(BuildMatchExpression, NearIsJustAWordWhenTyped) {
  EXPECT_EQ(build_match_expression("NEAR("), "\"near\"");
  EXPECT_EQ(build_match_expression("NEAR"), "\"near\"");
}

TEST(BuildMatchExpression, InvalidUtf8IsSkipped) {
  EXPECT_EQ(build_match_expression("\xff\xfe예산"), "\"예산\"");
  EXPECT_EQ(build_match_expression("예\xc0\xaf산"), "\"예 산\"");
}

TEST(BuildMatchExpression, OutputIsAlwaysValidUtf8) {
  EXPECT_TRUE(is_valid_utf8(build_match_expression("\xe0\x80예산\xed\xa0")));
  EXPECT_TRUE(is_valid_utf8(build_match_expression("a\xf4\x90\x80\x80z")));
}

TEST(BuildMatchExpression, CapsAtThirtyTwoWords) {
  std::string query;
  for (int i = 0; i < 40; ++i) {
    query += "w" + std::to_string(i) + " ";
  }
  const std::string expr = build_match_expression(query);
  EXPECT_EQ(count_occurrences(expr, '"'), 2 * kMaxQueryWords);
  EXPECT_NE(expr.find("\"w31\""), std::string::npos);
  EXPECT_EQ(expr.find("\"w32\""), std::string::npos);
}

TEST(BuildMatchExpression, UnsearchableWordsDoNotUseUpWordCap) {
  std::string query;
  for (int i = 0; i < 40; ++i) {
    query += "* ";
  }
  EXPECT_EQ(build_match_expression(query + "예산"), "\"예산\"");
}

TEST(BuildMatchExpression, CapsAtTwoHundredFiftySixCodepoints) {
  std::string query;
  for (int i = 0; i < 10000; ++i) {
    query += "가";
  }
  const std::vector<std::string> tokens = tokenize_for_search(build_match_expression(query));
  // 256 syllables -> 255 bigrams.
  EXPECT_EQ(tokens.size(), kMaxQueryCodepoints - 1);
}

TEST(BuildMatchExpression, WordsBeyondCodepointCapAreIgnored) {
  const std::string xs(kMaxQueryCodepoints - 1, 'x');
  // The space is codepoint 256, so 예산 falls outside the cap.
  EXPECT_EQ(build_match_expression(xs + " 예산"), "\"" + xs + "\"");
}

TEST(BuildMatchExpression, CodepointCapNeverSplitsASequence) {
  const std::string xs(kMaxQueryCodepoints - 1, 'x');
  // 예 is codepoint 256 and kept whole (3 bytes); 산 is cut.
  EXPECT_EQ(build_match_expression(xs + "예산"), "\"" + xs + " 예\"");
}

TEST(BuildPhraseExpression, WholeQueryBecomesOnePhrase) {
  EXPECT_EQ(build_phrase_expression("주민 참여 예산"), "\"주민 참여 예산\"");
  EXPECT_EQ(build_phrase_expression("2026년도 예산"), "\"2026 년도 예산\"");
  EXPECT_EQ(build_phrase_expression("주민참여예산"), "\"주민 민참 참여 여예 예산\"");
}

TEST(BuildPhraseExpression, OperatorsAreDropped) {
  EXPECT_EQ(build_phrase_expression("\"a\" OR -b*"), "\"a or b\"");
}

TEST(TokenizeForSearch, ReturnsIndexTermsInOrder) {
  EXPECT_EQ(tokenize_for_search("주민참여예산, CCTV 2026년도 안"),
            (Strings{"주민", "민참", "참여", "여예", "예산", "cctv", "2026", "년도", "안"}));
  EXPECT_TRUE(tokenize_for_search("").empty());
}

TEST(IsValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("주민참여예산 \U0001F600 é"));
}

TEST(IsValidUtf8, RejectsMalformedText) {
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("예\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xea\xb0"));          // truncated
}

// ---------------------------------------------------------------------------
// Searching a real FTS5 table

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

struct QueryResult {
  int rc = SQLITE_OK;
  std::string error;
  Strings rows;
};

QueryResult run(sqlite3* db, const char* sql, std::string_view param) {
  QueryResult result;
  sqlite3_stmt* stmt = nullptr;
  result.rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (result.rc == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, param.data(), static_cast<int>(param.size()), SQLITE_TRANSIENT);
    while ((result.rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      result.rows.emplace_back(text != nullptr ? text : "");
    }
    if (result.rc == SQLITE_DONE) {
      result.rc = SQLITE_OK;
    }
  }
  if (result.rc != SQLITE_OK) {
    result.error = sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  return result;
}

class KoreanSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
    db_.reset(raw);
    ASSERT_EQ(register_korean_tokenizer(db_.get()), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db_.get(),
                           "CREATE VIRTUAL TABLE t USING fts5(body, "
                           "tokenize='gavel_ko')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    for (const char* body : kDocuments) {
      ASSERT_EQ(run(db_.get(), "INSERT INTO t(body) VALUES (?1)", body).rc, SQLITE_OK);
    }
  }

  // What the application does: build, give up on "", bind, never splice.
  QueryResult search_raw(const std::string& expression, const char* sql) {
    if (expression.empty()) {
      return {};
    }
    return run(db_.get(), sql, expression);
  }

  Strings search(std::string_view user_query) {
    const QueryResult r =
        search_raw(build_match_expression(user_query), "SELECT body FROM t WHERE t MATCH ?1 ORDER BY rowid");
    EXPECT_EQ(r.rc, SQLITE_OK) << r.error;
    return r.rows;
  }

  Strings search_phrase(std::string_view user_query) {
    const QueryResult r =
        search_raw(build_phrase_expression(user_query), "SELECT body FROM t WHERE t MATCH ?1 ORDER BY rowid");
    EXPECT_EQ(r.rc, SQLITE_OK) << r.error;
    return r.rows;
  }

  Strings highlight(std::string_view user_query) {
    const QueryResult r = search_raw(build_match_expression(user_query),
                                     "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1 "
                                     "ORDER BY rowid");
    EXPECT_EQ(r.rc, SQLITE_OK) << r.error;
    return r.rows;
  }

  // Every way the application may bind a built expression; none may error.
  void expect_no_sql_error(std::string_view user_query) {
    static const char* const kStatements[] = {
        "SELECT body FROM t WHERE t MATCH ?1 ORDER BY rank",
        "SELECT highlight(t, 0, '<b>', '</b>') FROM t WHERE t MATCH ?1",
        "SELECT snippet(t, 0, '<b>', '</b>', '…', 8) FROM t "
        "WHERE t MATCH ?1",
    };
    for (const char* sql : kStatements) {
      for (const std::string& expr :
           {build_match_expression(user_query), build_phrase_expression(user_query)}) {
        const QueryResult r = search_raw(expr, sql);
        EXPECT_EQ(r.rc, SQLITE_OK) << r.error << "\n  expression: " << expr;
      }
    }
  }

  static constexpr const char* kDocuments[] = {
      "주민참여예산 조례",      // 1
      "예산낭비신고센터 운영",  // 2
      "일부개정조례안 심사",    // 3
      "2026년도 본예산 심의",   // 4
      "2026년도 예산안",        // 5
      "cctv 설치",              // 6
      "CCTV설치 요구",          // 7
      "제2호 안 원안 가결",     // 8
      "주민 참여 예산 설명회",  // 9
      "2025년도 결산",          // 10
  };

  DbPtr db_;
};

TEST_F(KoreanSearch, TwoSyllableWordFindsItInsideCompounds) {
  EXPECT_EQ(search("예산"), (Strings{"주민참여예산 조례", "예산낭비신고센터 운영", "2026년도 본예산 심의",
                                     "2026년도 예산안", "주민 참여 예산 설명회"}));
}

TEST_F(KoreanSearch, ThreeSyllableWordFindsCompoundSuffix) {
  EXPECT_EQ(search("조례안"), Strings{"일부개정조례안 심사"});
}

TEST_F(KoreanSearch, YearAndWordMatchYearGluedToHangul) {
  EXPECT_EQ(search("2026 예산"), (Strings{"2026년도 본예산 심의", "2026년도 예산안"}));
  EXPECT_EQ(search("2026년도"), (Strings{"2026년도 본예산 심의", "2026년도 예산안"}));
  EXPECT_TRUE(search("2025 예산").empty());
}

TEST_F(KoreanSearch, AsciiIsCaseInsensitiveAndSplitFromHangul) {
  EXPECT_EQ(search("CCTV"), (Strings{"cctv 설치", "CCTV설치 요구"}));
  EXPECT_EQ(search("cctv"), (Strings{"cctv 설치", "CCTV설치 요구"}));
  EXPECT_EQ(search("ＣＣＴＶ"), (Strings{"cctv 설치", "CCTV설치 요구"}));
}

TEST_F(KoreanSearch, SpacedQueryFindsCompoundAndSpacedText) {
  EXPECT_EQ(search("주민 참여 예산"), (Strings{"주민참여예산 조례", "주민 참여 예산 설명회"}));
}

TEST_F(KoreanSearch, CompoundQueryFindsCompound) {
  EXPECT_EQ(search("주민참여예산"), Strings{"주민참여예산 조례"});
  EXPECT_EQ(search("주민참여 예산"), Strings{"주민참여예산 조례"});
}

TEST_F(KoreanSearch, SingleSyllableMatchesStandaloneSyllableOnly) {
  // Bigram indexing has no unigram for 안 inside 조례안/원안/예산안; a
  // one-syllable query only finds the syllable standing alone.
  EXPECT_EQ(search("안"), Strings{"제2호 안 원안 가결"});
}

TEST_F(KoreanSearch, UnrelatedWordFindsNothing) {
  EXPECT_TRUE(search("교통").empty());
  EXPECT_TRUE(search("예산 교통").empty());
}

TEST_F(KoreanSearch, PhraseExpressionFindsOnlyAdjacentWords) {
  EXPECT_EQ(search_phrase("주민 참여 예산"), Strings{"주민 참여 예산 설명회"});
  EXPECT_EQ(search_phrase("주민참여예산"), Strings{"주민참여예산 조례"});
}

TEST_F(KoreanSearch, HighlightMarksTwoSyllableWordInsideCompound) {
  EXPECT_EQ(highlight("참여예산"), (Strings{"주민[참여예산] 조례"}));
  EXPECT_EQ(highlight("조례안"), Strings{"일부개정[조례안] 심사"});
  EXPECT_EQ(highlight("2026 본예산"), Strings{"[2026]년도 [본예산] 심의"});
}

TEST_F(KoreanSearch, HighlightMarksExactBytesOfBigram) {
  const Strings rows = highlight("예산");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.front(), "주민참여[예산] 조례");
}

TEST_F(KoreanSearch, HostileQueriesNeverCauseSqlErrors) {
  const std::string long_hangul = [] {
    std::string s;
    for (int i = 0; i < 10000; ++i) s += "예";
    return s;
  }();
  const std::string many_words = [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += "a ";
    return s;
  }();
  const std::string hostile[] = {
      "\"",
      "\"\"\"",
      "*",
      "NEAR(",
      "NEAR(예산 조례, 2)",
      "a OR b",
      "-예산",
      "예산 -",
      "(예산",
      "예산)",
      "body:",
      ":예산",
      "^",
      "^예산",
      "예산 AND",
      "OR",
      "NOT 예산",
      "'; DROP TABLE t; --",
      "\xff\xfe예산",
      "\xc0\xaf\xed\xa0\x80",
      std::string(10000, 'a'),
      std::string(10000, '"'),
      std::string(10000, '('),
      long_hangul,
      many_words,
      std::string("예산\0조례", 13),
      "{예산 조례}",
      "[예산]",
      "예산 + 조례",
      "예산 NEAR 조례",
      "a*b",
      "\"예산\"*",
      "예산^조례",
  };
  for (const std::string& q : hostile) {
    expect_no_sql_error(q);
  }
}

TEST_F(KoreanSearch, RandomBytesNeverCauseSqlErrors) {
  // Deterministic fuzz over a byte alphabet rich in FTS5 syntax, UTF-8
  // lead/continuation bytes and Hangul.
  const std::string alphabet =
      std::string("\"*()^:-+ ORANDNOTNEAR{},.\xff\xc0\x80\xed\xa0\xea\xb0 ") + "예산조례안 ab1";
  std::mt19937 rng(20260101);
  std::uniform_int_distribution<std::size_t> length(0, 40);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int i = 0; i < 300; ++i) {
    std::string q;
    const std::size_t n = length(rng);
    for (std::size_t j = 0; j < n; ++j) {
      q += alphabet[pick(rng)];
    }
    expect_no_sql_error(q);
    if (HasFailure()) {
      return;  // One reproducer is enough; avoid flooding the log.
    }
  }
}

// ---------------------------------------------------------------------------
// Marking up matched text without FTS5 (search results)

std::string mark(std::string_view text, std::string_view query) {
  return highlight_words(text, query_words(query), "[", "]");
}

TEST(HighlightWords, MarksWhatFts5HighlightMarks) {
  EXPECT_EQ(mark("주민참여예산 조례", "참여예산"), "주민[참여예산] 조례");
  EXPECT_EQ(mark("일부개정조례안 심사", "조례안"), "일부개정[조례안] 심사");
  EXPECT_EQ(mark("2026년도 본예산 심의", "2026 본예산"), "[2026]년도 [본예산] 심의");
  EXPECT_EQ(mark("CCTV설치 요구", "cctv"), "[CCTV]설치 요구");
  EXPECT_EQ(mark("예산 조례", "예산 조례"), "[예산] [조례]");
  EXPECT_EQ(mark("교통 대책", "예산"), "교통 대책");
}

TEST(HighlightWords, OverlappingMatchesBecomeOneMark) {
  // Bigrams of a run overlap by a syllable; SQLite 3.40's highlight()
  // garbles this case, a single mark is what newer versions give.
  EXPECT_EQ(mark("하하하", "하하"), "[하하하]");
  EXPECT_EQ(mark("예산예산", "예산"), "[예산][예산]");  // touching, not overlapping
}

TEST(MatchWords, CountsTokensAndOccurrences) {
  const TextMatches found = match_words("주민참여예산 예산, 2026", query_words("예산 2026"));
  EXPECT_EQ(found.tokens.size(), 7u);
  ASSERT_EQ(found.matches.size(), 3u);
  EXPECT_EQ(found.matches[0].word, 0u);
  EXPECT_EQ(found.matches[0].first_token, 4u);
  EXPECT_EQ(found.matches[2].word, 1u);
}

TEST(SnippetWords, ShortTextIsMarkedWhole) {
  EXPECT_EQ(snippet_words("예산 편성에 대해 질의하겠습니다.", query_words("예산"), 24, "[", "]", "…"),
            "[예산] 편성에 대해 질의하겠습니다.");
}

TEST(SnippetWords, LongTextIsCutAroundTheMatches) {
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += "가나 ";
  }
  text += "주민참여예산 심의";
  for (int i = 0; i < 40; ++i) {
    text += " 다라";
  }
  const std::string snippet = snippet_words(text, query_words("예산"), 8, "[", "]", "…");
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << snippet;
  EXPECT_NE(snippet.find("[예산]"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.substr(snippet.size() - 3), "…") << snippet;
  EXPECT_LE(tokenize_for_search(snippet).size(), 8u) << snippet;
}

TEST(SnippetWords, ManyMatchesInAHugeTextStayCheap) {
  std::string text;
  for (int i = 0; i < 100000; ++i) {
    text += "예산 조례. ";
  }
  const std::string snippet = snippet_words(text, query_words("예산 조례"), 24, "[", "]", "…");
  EXPECT_LE(tokenize_for_search(snippet).size(), 24u);
}

// Sentences, punctuation and windows of several sizes: the same output as
// FTS5's own snippet() and highlight() on the same text.
TEST(SnippetWords, AgreesWithFts5) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  DbPtr db(raw);
  ASSERT_EQ(register_korean_tokenizer(db.get()), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db.get(),
                         "CREATE VIRTUAL TABLE t USING fts5(x, "
                         "tokenize='gavel_ko')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  const char* const words[] = {"예산", "조례", "주민참여예산", "CCTV",     "cctv", "2026년도",
                               "의장", "교통", "도시 계획",    "도시계획", "가",   "질의"};
  const char* const gaps[] = {" ", " ", ", ", ". ", ": ", ".", "\n", "…"};
  std::mt19937 rng(20261113);
  for (int i = 0; i < 400; ++i) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 50);
    for (int k = 0; k < n; ++k) {
      text += words[rng() % std::size(words)];
      text += gaps[rng() % std::size(gaps)];
    }
    ASSERT_EQ(run(db.get(), "INSERT INTO t(x) VALUES (?1)", text).rc, SQLITE_OK);
  }
  int compared = 0;
  for (const char* query :
       {"예산", "예산 조례", "주민참여예산", "cctv 의장", "도시 계획", "가", "2026 교통 질의"}) {
    const std::string expression = build_match_expression(query);
    const QueryWords qw = query_words(query);
    for (int size : {24, 8, 3}) {
      const std::string sql = "SELECT x, snippet(t, 0, '[', ']', '…', " + std::to_string(size) +
                              "), highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1";
      sqlite3_stmt* stmt = nullptr;
      ASSERT_EQ(sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
      sqlite3_bind_text(stmt, 1, expression.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto column = [&](int c) {
          return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)));
        };
        const std::string text = column(0);
        EXPECT_EQ(snippet_words(text, qw, static_cast<std::size_t>(size), "[", "]", "…"), column(1))
            << query << " in " << text;
        EXPECT_EQ(highlight_words(text, qw, "[", "]"), column(2)) << query << " in " << text;
        ++compared;
      }
      sqlite3_finalize(stmt);
      if (HasFailure()) {
        return;
      }
    }
  }
  EXPECT_GT(compared, 1000);
}

}  // namespace
}  // namespace gavel::index
