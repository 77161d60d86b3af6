#include <gtest/gtest.h>

#include <set>

#include "gavel/index/store.hpp"

namespace gavel::index {
namespace {

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_in_memory();
    ASSERT_TRUE(opened) << opened.error().message;
    index_ = std::move(*opened);
    plenary_ =
        *index_->archive().create_meeting({"plenary", std::nullopt, 290, "extraordinary", 1, "2026-11-13",
                                           "제290회 인천광역시의회 임시회 제1차 본회의"});
    committee_ = *index_->archive().create_meeting(
        {"standing", "기획행정위원회", 290, "extraordinary", 2, "2025-06-02", "기획행정위원회 제2차 회의"});
    ASSERT_TRUE(index_->archive().set_status(plenary_, "ready"));
    ASSERT_TRUE(index_->archive().set_status(committee_, "ready"));
    ASSERT_TRUE(index_->archive().replace_agenda(
        plenary_, {{1, "인천광역시 주민참여예산 조례 일부개정조례안", 7, 22, "가결"},
                   {2, "공공시설 개방 및 이용에 관한 조례안", 22, 37, std::nullopt},
                   {3, "CCTV 설치 확대에 관한 청원", 45, 52, std::nullopt}}));
    ASSERT_TRUE(index_->archive().replace_speakers(
        plenary_, {{"김의장", "의장", 0, 7}, {"이실장", "기획조정실장", 7, 22}}));
    ASSERT_TRUE(index_->captions().replace_captions(
        plenary_, "ko",
        {{0, 7, "지금부터 제290회 인천광역시의회 임시회 제1차 본회의를 개의하겠습니다."},
         {45.5, 52, "회의를 속개하겠습니다. 예산낭비신고센터 운영에 관한 질의를 하겠습니다."},
         {53, 60, "2026년도 본예산 심사 일정을 안내드립니다."}}));
    ASSERT_TRUE(index_->captions().replace_captions(
        committee_, "ko", {{100, 110, "의장님, 예산 편성에 대해 질의하겠습니다."}}));
  }

  SearchResults search(const std::string& text) {
    SearchQuery q;
    q.text = text;
    auto r = index_->search().search(q);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : SearchResults{};
  }

  std::unique_ptr<Store> index_;
  std::int64_t plenary_ = 0, committee_ = 0;
};

TEST_F(SearchTest, TwoSyllableWordFindsCompounds) {
  auto r = search("예산");
  ASSERT_GE(r.hits.size(), 4u);
  bool agenda = false, caption = false;
  for (const auto& h : r.hits) {
    agenda |= h.kind == "agenda" && h.text.find("주민참여예산") != std::string::npos;
    caption |= h.kind == "caption" && h.text.find("예산낭비신고센터") != std::string::npos;
  }
  EXPECT_TRUE(agenda);
  EXPECT_TRUE(caption);
}

TEST_F(SearchTest, HitsLandOnTheSecond) {
  auto r = search("예산낭비신고센터");
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].kind, "caption");
  EXPECT_DOUBLE_EQ(r.hits[0].start, 45.5);
  EXPECT_EQ(r.hits[0].url, "/meetings/" + std::to_string(plenary_) + "?t=45");
  EXPECT_EQ(r.hits[0].meeting_title, "제290회 인천광역시의회 임시회 제1차 본회의");
  EXPECT_NE(r.hits[0].snippet.find("<mark>"), std::string::npos) << r.hits[0].snippet;
}

TEST_F(SearchTest, OrdinanceFindsAmendmentOrdinance) {
  auto r = search("조례안");
  ASSERT_GE(r.hits.size(), 2u);
  for (const auto& h : r.hits) EXPECT_EQ(h.kind, "agenda");
  EXPECT_NE(r.hits[0].snippet.find("<mark>"), std::string::npos);
}

TEST_F(SearchTest, MixedScriptsAndNumbers) {
  auto years = search("2026 예산");
  ASSERT_EQ(years.hits.size(), 1u);
  EXPECT_NE(years.hits[0].text.find("2026년도 본예산"), std::string::npos);
  auto cctv = search("cctv");
  ASSERT_EQ(cctv.hits.size(), 1u);
  EXPECT_EQ(cctv.hits[0].kind, "agenda");
  EXPECT_DOUBLE_EQ(cctv.hits[0].start, 45);
}

TEST_F(SearchTest, SpacingVariantsFindTheSameItem) {
  auto joined = search("주민참여예산");
  auto spaced = search("주민 참여 예산");
  ASSERT_FALSE(joined.hits.empty());
  ASSERT_FALSE(spaced.hits.empty());
  EXPECT_EQ(joined.hits[0].text, spaced.hits[0].text);
}

TEST_F(SearchTest, ExactPhraseAndTitlesRankFirst) {
  auto r = search("본회의");
  ASSERT_GE(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].kind, "title");
  // "의장" appears as a speaker role, a speaker name (김의장) and in a cue.
  auto chair = search("의장");
  ASSERT_GE(chair.hits.size(), 2u);
  EXPECT_EQ(chair.hits[0].kind, "speaker");
}

TEST_F(SearchTest, FiltersByBodyCommitteeDateAndKind) {
  SearchQuery q;
  q.text = "예산";
  q.body = "standing";
  auto standing = index_->search().search(q);
  ASSERT_EQ(standing->hits.size(), 1u);
  EXPECT_EQ(standing->hits[0].meeting_id, committee_);
  q = {};
  q.text = "예산";
  q.to = "2025-12-31";
  EXPECT_EQ(index_->search().search(q)->hits.size(), 1u);
  q = {};
  q.text = "예산";
  q.kind = "agenda";
  auto agenda = index_->search().search(q);
  ASSERT_EQ(agenda->hits.size(), 1u);
  EXPECT_EQ(agenda->hits[0].kind, "agenda");
}

TEST_F(SearchTest, PagesAreStable) {
  SearchQuery q;
  q.text = "예산";
  q.per_page = 2;
  auto first = index_->search().search(q);
  ASSERT_EQ(first->hits.size(), 2u);
  EXPECT_TRUE(first->has_more);
  q.page = 2;
  auto second = index_->search().search(q);
  ASSERT_FALSE(second->hits.empty());
  EXPECT_NE(first->hits[0].text, second->hits[0].text);
}

TEST_F(SearchTest, HostileQueriesNeverFail) {
  for (const std::string& q :
       std::vector<std::string>{"\"", "\"\"\"", "*", "예산*", "NEAR(예산 조례)", "a OR b", "-예산",
                                "title:예산", "(((", "'; DROP TABLE meetings; --", std::string(10000, 'x'),
                                std::string("\xff\xfe예산"), std::string("\0예산", 4), "^예산", "+", "   "}) {
    SearchQuery query;
    query.text = q;
    auto r = index_->search().search(query);
    EXPECT_TRUE(r) << q.substr(0, 40) << ": " << (r ? "" : r.error().message);
  }
  EXPECT_TRUE(index_->archive().meeting(plenary_)->has_value());
}

TEST_F(SearchTest, SnippetsAreEscaped) {
  ASSERT_TRUE(
      index_->captions().replace_captions(committee_, "ko", {{1, 2, "<script>alert(1)</script> 예산"}}));
  auto r = search("예산");
  bool seen = false;
  for (const auto& h : r.hits)
    if (h.meeting_id == committee_) {
      seen = true;
      EXPECT_EQ(h.snippet.find("<script>"), std::string::npos) << h.snippet;
      EXPECT_NE(h.snippet.find("&lt;script&gt;"), std::string::npos) << h.snippet;
    }
  EXPECT_TRUE(seen);
}

TEST_F(SearchTest, DeletedMeetingsLeaveNoHits) {
  ASSERT_TRUE(*index_->archive().delete_meeting(plenary_));
  for (const auto& h : search("예산").hits) EXPECT_EQ(h.meeting_id, committee_);
  EXPECT_TRUE(search("주민참여예산").hits.empty());
  EXPECT_TRUE(search("김의장").hits.empty());
}

TEST_F(SearchTest, WholePhraseRanksFirstAcrossKinds) {
  ASSERT_TRUE(index_->archive().replace_agenda(committee_, {{1, "2026년도 예산안", 0, 10, std::nullopt}}));
  ASSERT_TRUE(index_->captions().replace_captions(committee_, "ko",
                                                  {{20, 25, "그러면 2026 예산 심사를 시작하겠습니다."}}));
  auto r = search("2026 예산");
  ASSERT_EQ(r.hits.size(), 3u);
  EXPECT_EQ(r.hits[0].kind, "caption");  // the words as typed, side by side
  EXPECT_EQ(r.hits[0].meeting_id, committee_);
  EXPECT_EQ(r.hits[1].kind, "agenda");  // then the other matches, titles and agenda first
  EXPECT_EQ(r.hits[2].kind, "caption");
}

TEST_F(SearchTest, DenserMatchesRankFirstWithinAKind) {
  ASSERT_TRUE(index_->captions().replace_captions(
      committee_, "ko",
      {{1, 2, "이번 회기에는 여러 안건과 함께 예산 이야기도 잠깐 나누고 다른 현안도 길게 말씀드리겠습니다."},
       {3, 4, "예산, 예산, 예산입니다."}}));
  SearchQuery q;
  q.text = "예산";
  q.kind = "caption";
  q.committee = "기획행정위원회";
  auto r = index_->search().search(q);
  ASSERT_EQ(r->hits.size(), 2u);
  EXPECT_DOUBLE_EQ(r->hits[0].start, 3);
}

// More matches than the ranking pool: every hit still shows up exactly once
// across the pages, and the pages agree with each other.
TEST_F(SearchTest, PagingThroughACommonWordVisitsEveryHitOnce) {
  std::vector<CaptionCue> cues;
  for (int i = 0; i < 1150; ++i)
    cues.push_back({i * 5.0, i * 5.0 + 4, "제" + std::to_string(i) + "차 예산 질의입니다."});
  ASSERT_TRUE(index_->captions().replace_captions(committee_, "ko", cues));
  std::set<std::pair<std::int64_t, double>> seen;
  std::size_t hits = 0;
  SearchQuery q;
  q.text = "예산";
  q.per_page = 100;
  for (q.page = 1;; ++q.page) {
    auto r = index_->search().search(q);
    ASSERT_TRUE(r) << r.error().message;
    for (const auto& h : r->hits) {
      ++hits;
      if (h.kind == "caption") {
        EXPECT_TRUE(seen.emplace(h.meeting_id, h.start).second) << h.text;
      }
    }
    if (!r->has_more) break;
    ASSERT_LT(q.page, 20);
  }
  EXPECT_EQ(seen.size(), 1150u + 2u);  // and the plenary's two cues
  EXPECT_EQ(hits, seen.size() + 1u);   // and one agenda item
}

// A filter that leaves an old meeting behind thousands of newer matches, in
// one stretch of ids (a date) or scattered (a committee).
TEST_F(SearchTest, FiltersFindOldMeetingsBehindManyNewerMatches) {
  std::vector<std::int64_t> ids;
  for (int m = 0; m < 30; ++m) {
    const std::optional<std::string> committee =
        m % 10 == 0 ? std::optional<std::string>("윤리특별위원회") : std::nullopt;
    auto id = index_->archive().create_meeting(
        {m % 10 == 0 ? "special" : "plenary", committee, 300, "regular", m + 1,
         "2020-03-" + std::string(m < 9 ? "0" : "") + std::to_string(m + 1), "회의"});
    ASSERT_TRUE(id);
    ASSERT_TRUE(index_->archive().set_status(*id, "ready"));
    ids.push_back(*id);
    std::vector<CaptionCue> cues;
    for (int i = 0; i < 60; ++i) cues.push_back({i * 5.0, i * 5.0 + 4, "예산 질의 " + std::to_string(i)});
    ASSERT_TRUE(index_->captions().replace_captions(*id, "ko", cues));
  }
  SearchQuery q;
  q.text = "예산";
  q.per_page = 100;
  q.from = "2020-03-02";
  q.to = "2020-03-02";
  auto day = index_->search().search(q);
  ASSERT_TRUE(day) << day.error().message;
  EXPECT_EQ(day->hits.size(), 60u);
  EXPECT_FALSE(day->has_more);
  for (const auto& h : day->hits) EXPECT_EQ(h.meeting_id, ids[1]);

  q = {};
  q.text = "예산";
  q.per_page = 100;
  q.committee = "윤리특별위원회";
  std::size_t hits = 0;
  for (q.page = 1;; ++q.page) {
    auto r = index_->search().search(q);
    ASSERT_TRUE(r) << r.error().message;
    for (const auto& h : r->hits)
      EXPECT_TRUE(h.meeting_id == ids[0] || h.meeting_id == ids[10] || h.meeting_id == ids[20]);
    hits += r->hits.size();
    if (!r->has_more) break;
    ASSERT_LT(q.page, 5);
  }
  EXPECT_EQ(hits, 180u);

  q = {};
  q.text = "예산";
  q.committee = "없는위원회";
  EXPECT_TRUE(index_->search().search(q)->hits.empty());
}

TEST_F(SearchTest, NoMatchIsEmptyNotAnError) {
  EXPECT_TRUE(search("교통").hits.empty());
  EXPECT_TRUE(search("").hits.empty());
}

TEST_F(SearchTest, FailedAndUnfinishedMeetingsAreNotFound) {
  const auto failed = *index_->archive().create_meeting(
      {"plenary", std::nullopt, 291, "regular", 9, "2026-12-01", "예산 실패 회의"});
  ASSERT_TRUE(index_->archive().set_status(failed, "failed", Text("cut off")));
  const auto pending = *index_->archive().create_meeting(
      {"plenary", std::nullopt, 291, "regular", 10, "2026-12-02", "예산 대기 회의"});
  ASSERT_TRUE(index_->captions().replace_captions(pending, "ko", {{1, 2, "예산 이야기"}}));
  SearchQuery q;
  q.text = "예산";
  q.per_page = 100;
  auto results = index_->search().search(q);
  ASSERT_TRUE(results);
  ASSERT_FALSE(results->hits.empty());
  for (const auto& hit : results->hits) {
    EXPECT_NE(hit.meeting_id, failed);
    EXPECT_NE(hit.meeting_id, pending);
  }
}

}  // namespace
}  // namespace gavel::index
