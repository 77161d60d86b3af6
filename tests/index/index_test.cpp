#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "fixtures.hpp"
#include "gavel/index/store.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

namespace gavel::index {
namespace {

std::unique_ptr<Store> memory_index() {
  auto index = open_sqlite_in_memory();
  EXPECT_TRUE(index) << index.error().message;
  return std::move(*index);
}

MeetingFields plenary(const std::string& date, const std::string& title) {
  return MeetingFields{"plenary", std::nullopt, 290, "extraordinary", 1, date, title};
}

TEST(Index, MigratesAnEmptyDatabaseToTheLatestSchema) {
  auto index = memory_index();
  EXPECT_GE(index->schema_version(), 1);
}

TEST(Index, ReopeningAMigratedFileChangesNothing) {
  test::TempDir dir;
  std::int64_t id = 0;
  int version = 0;
  {
    auto index = open_sqlite(dir / "gavel.db");
    ASSERT_TRUE(index) << index.error().message;
    version = (*index)->schema_version();
    id = *(*index)->archive().create_meeting(plenary("2026-11-13", "제1차 본회의"));
  }
  auto index = open_sqlite(dir / "gavel.db");
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ((*index)->schema_version(), version);
  auto m = (*index)->archive().meeting(id);
  ASSERT_TRUE(m && *m);
  EXPECT_EQ((*m)->fields.title, "제1차 본회의");
}

TEST(Index, StoresAndReturnsAMeetingWithItsParts) {
  auto index = memory_index();
  auto id = index->archive().create_meeting(plenary("2026-11-13", "제290회 임시회 제1차 본회의"));
  ASSERT_TRUE(id);
  ASSERT_TRUE(index->archive().add_part(*id, {1, "01-a.mp4", 100}));
  ASSERT_TRUE(index->archive().add_part(*id, {2, "02-b.mp4", 200}));
  auto m = index->archive().meeting(*id);
  ASSERT_TRUE(m && *m);
  EXPECT_EQ((*m)->fields.body, "plenary");
  EXPECT_EQ((*m)->fields.session, 290);
  EXPECT_EQ((*m)->status, "pending");
  ASSERT_EQ((*m)->parts.size(), 2u);
  EXPECT_EQ((*m)->parts[1].filename, "02-b.mp4");
  auto missing = index->archive().meeting(*id + 100);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST(Index, RefusesAnUnknownBody) {
  auto index = memory_index();
  MeetingFields f = plenary("2026-11-13", "x");
  f.body = "'); DROP TABLE meetings; --";
  auto id = index->archive().create_meeting(f);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, gavel::Errc::conflict);
}

TEST(Index, ListsNewestFirstWithFiltersAndPages) {
  auto index = memory_index();
  for (const auto& f : {plenary("2025-03-01", "old"), plenary("2026-11-13", "new"),
                        MeetingFields{"standing", "기획행정위원회", std::nullopt, std::nullopt, 2,
                                      "2026-10-01", "committee"}})
    ASSERT_TRUE(index->archive().set_status(*index->archive().create_meeting(f), "ready"));
  auto all = index->archive().meetings({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->total, 3);
  EXPECT_EQ(all->meetings[0].fields.title, "new");
  EXPECT_EQ(all->meetings[2].fields.title, "old");

  MeetingQuery q;
  q.body = "standing";
  EXPECT_EQ(index->archive().meetings(q)->meetings.at(0).fields.title, "committee");
  q = {};
  q.year = 2025;
  EXPECT_EQ(index->archive().meetings(q)->total, 1);
  q = {};
  q.per_page = 2;
  q.page = 2;
  auto second = index->archive().meetings(q);
  ASSERT_EQ(second->meetings.size(), 1u);
  EXPECT_EQ(second->meetings[0].fields.title, "old");
}

TEST(Index, DeletingAMeetingRemovesItsRows) {
  auto index = memory_index();
  auto id = *index->archive().create_meeting(plenary("2026-11-13", "x"));
  index->archive().add_part(id, {1, "a.mp4", 1});
  ASSERT_TRUE(index->archive().replace_agenda(id, {{1, "조례안", 10, 20, std::nullopt}}));
  ASSERT_TRUE(index->archive().replace_speakers(id, {{"김의장", "의장", 0, 10}}));
  index->jobs().enqueue_transcode(id);
  ASSERT_TRUE(*index->archive().delete_meeting(id));
  EXPECT_FALSE(*index->archive().meeting(id));
  EXPECT_TRUE(index->archive().agenda(id)->empty());
  EXPECT_TRUE(index->archive().speakers(id)->empty());
  EXPECT_FALSE(*index->jobs().latest_job_for(id));
}

TEST(Index, AgendaIsReplacedWholeOrNotAtAll) {
  auto index = memory_index();
  auto id = *index->archive().create_meeting(plenary("2026-11-13", "x"));
  ASSERT_TRUE(index->archive().replace_agenda(id, {{1, "first", 0, 10, std::nullopt}}));
  // Duplicate numbers violate the key: nothing of the second set stays.
  auto bad =
      index->archive().replace_agenda(id, {{1, "a", 0, 5, std::nullopt}, {1, "b", 5, 9, std::nullopt}});
  ASSERT_FALSE(bad);
  auto agenda = index->archive().agenda(id);
  ASSERT_EQ(agenda->size(), 1u);
  EXPECT_EQ(agenda->at(0).title, "first");
}

TEST(Jobs, EachJobIsClaimedOnce) {
  test::TempDir dir;
  auto opened = open_sqlite(dir / "gavel.db");
  ASSERT_TRUE(opened);
  auto& index = **opened;
  std::vector<std::int64_t> jobs;
  for (int i = 0; i < 20; ++i) {
    auto id = *index.archive().create_meeting(plenary("2026-11-13", "m"));
    jobs.push_back(*index.jobs().enqueue_transcode(id));
  }
  // Two workers with their own connections race for the queue.
  std::multiset<std::int64_t> claimed;
  std::mutex m;
  auto work = [&](const char* owner) {
    auto own = open_sqlite(dir / "gavel.db");
    ASSERT_TRUE(own);
    while (auto job = (*own)->jobs().claim_job(owner, 60)) {
      if (!*job) break;
      std::lock_guard lock(m);
      claimed.insert((*job)->id);
    }
  };
  std::thread a(work, "a"), b(work, "b");
  a.join();
  b.join();
  EXPECT_EQ(claimed.size(), jobs.size());
  for (auto id : jobs) EXPECT_EQ(claimed.count(id), 1u) << id;
}

TEST(Jobs, AnExpiredLeaseLetsAnotherWorkerTakeOver) {
  auto index = memory_index();
  auto meeting = *index->archive().create_meeting(plenary("2026-11-13", "m"));
  auto job = *index->jobs().enqueue_transcode(meeting);
  auto first = index->jobs().claim_job("dead-worker", -1);  // lease already over
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->id, job);
  auto second = index->jobs().claim_job("live-worker", 60);
  ASSERT_TRUE(second && *second);
  EXPECT_EQ((*second)->attempts, 2);
  // The dead worker's reports are refused: it must stop.
  EXPECT_FALSE(*index->jobs().report_job(job, "dead-worker", 0.5, 1, 1, 60));
  EXPECT_TRUE(*index->jobs().report_job(job, "live-worker", 0.5, 1, 1, 60));
  EXPECT_FALSE(*index->jobs().claim_job("third", 60));
}

TEST(Jobs, FinishingRecordsStateAndMessage) {
  auto index = memory_index();
  auto meeting = *index->archive().create_meeting(plenary("2026-11-13", "m"));
  auto job = *index->jobs().enqueue_transcode(meeting);
  ASSERT_TRUE(*index->jobs().claim_job("w", 60));
  ASSERT_TRUE(index->jobs().finish_job(job, "w", "failed", std::string("cut off at 40%")));
  auto j = index->jobs().job(job);
  EXPECT_EQ((*j)->state, "failed");
  EXPECT_EQ((*j)->message, "cut off at 40%");
  EXPECT_FALSE(*index->jobs().claim_job("w2", 60));
}

TEST(Records, ValidatesDates) {
  EXPECT_TRUE(is_valid_date("2026-11-13"));
  EXPECT_TRUE(is_valid_date("2024-02-29"));
  EXPECT_FALSE(is_valid_date("2026-02-29"));
  EXPECT_FALSE(is_valid_date("2026-13-01"));
  EXPECT_FALSE(is_valid_date("2026-1-1"));
  EXPECT_FALSE(is_valid_date("2026-11-13x"));
}

}  // namespace
}  // namespace gavel::index

namespace gavel::index {
namespace {

TEST(Migrations, UpgradeAVersionOneFileAndIndexWhatItHeld) {
  test::TempDir dir;
  {
    // A data dir as the first release left it: schema 1, one meeting.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "gavel.db").c_str(), &raw), SQLITE_OK);
    sql::Connection db(raw);
    ASSERT_TRUE(sql::exec(db.get(), migrations().at(0).sql));
    ASSERT_TRUE(sql::exec(db.get(), "PRAGMA user_version = 1"));
    ASSERT_TRUE(sql::exec(db.get(),
                          "INSERT INTO meetings (body, title, date, status) VALUES "
                          "('plenary', '주민참여예산 특별 본회의', '2024-05-01', 'ready')"));
  }
  auto index = open_sqlite(dir / "gavel.db");
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ((*index)->schema_version(), static_cast<int>(migrations().size()));
  SearchQuery q;
  q.text = "예산";
  auto hits = (*index)->search().search(q);
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->hits.size(), 1u);
  EXPECT_EQ(hits->hits[0].kind, "title");
}

TEST(Index, FailedAndUnfinishedMeetingsAreListedForClerksOnly) {
  auto index = memory_index();
  const auto ready = *index->archive().create_meeting(plenary("2026-11-13", "ready"));
  const auto processing = *index->archive().create_meeting(plenary("2026-11-12", "processing"));
  const auto failed = *index->archive().create_meeting(plenary("2026-11-11", "failed"));
  index->archive().create_meeting(plenary("2026-11-10", "pending"));
  ASSERT_TRUE(index->archive().set_status(ready, "ready"));
  ASSERT_TRUE(index->archive().set_status(processing, "processing"));
  ASSERT_TRUE(index->archive().set_status(failed, "failed", Text("cut off", "잘림")));
  auto titles = [&](const MeetingQuery& q) {
    std::vector<std::string> out;
    const auto page = index->archive().meetings(q);
    for (const auto& m : page->meetings) out.push_back(m.fields.title);
    return out;
  };
  EXPECT_EQ(titles({}), (std::vector<std::string>{"ready", "processing"}));
  MeetingQuery clerk;
  clerk.include_unpublished = true;
  EXPECT_EQ(titles(clerk), (std::vector<std::string>{"ready", "processing", "failed", "pending"}));
  clerk.status = "failed";
  EXPECT_EQ(titles(clerk), std::vector<std::string>{"failed"});
  const auto m = *index->archive().meeting(failed).value();
  EXPECT_EQ(m.error.value_or(""), "cut off");
  EXPECT_EQ(m.error_ko.value_or(""), "잘림");
  EXPECT_EQ(index->archive().facets()->years, std::vector<int>{2026});
  EXPECT_EQ(index->archive().meetings_after(0, 100)->size(), 2u)
      << "open data holds the public meetings only";
}

TEST(Index, ProgrammeIsReplacedAllOrNothing) {
  auto opened = open_sqlite_in_memory();
  auto& index = **opened;
  auto id = *index.archive().create_meeting(
      {"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", "m"});
  ASSERT_TRUE(index.archive().replace_programme(id, {{1, "a", 0, 5, std::nullopt}},
                                                {{"김의장", "의장", 0, 5}}, {{5, 9}}));
  // The speakers are valid, the recess is not: nothing of the second set may stay.
  auto bad = index.archive().replace_programme(id, {{2, "b", 0, 5, std::nullopt}}, {{"박의원", "의원", 0, 5}},
                                               {{9, 5}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(index.archive().agenda(id)->at(0).title, "a");
  EXPECT_EQ(index.archive().speakers(id)->at(0).name, "김의장");
  EXPECT_EQ(index.archive().recesses(id)->size(), 1u);
}

}  // namespace
}  // namespace gavel::index
