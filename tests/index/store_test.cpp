// The SQLite store as several processes and threads use one data dir: a
// write that cannot take the lock writes nothing, readers are not held up
// by a writer, and concurrent callers each get their own connection.
#include "gavel/index/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "fixtures.hpp"
#include "sqlite.hpp"

namespace gavel::index {
namespace {

MeetingFields plenary(const std::string& title) {
  return {"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", title};
}

// Another process's connection to the same file, as `gavel worker` has.
sql::Connection other_writer(const std::filesystem::path& file) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  return sql::Connection(raw);
}

TEST(Store, AWriteThatCannotTakeTheLockWritesNothing) {
  test::TempDir dir;
  SqliteOptions options;
  options.busy_timeout = std::chrono::milliseconds(100);
  auto store = open_sqlite(dir / "gavel.db", options);
  ASSERT_TRUE(store) << store.error().message;
  auto& archive = (*store)->archive();
  const auto id = *archive.create_meeting(plenary("m"));
  ASSERT_TRUE(archive.replace_agenda(id, {{1, "원래 안건", 0, 10, std::nullopt}}));

  auto holder = other_writer(dir / "gavel.db");
  ASSERT_TRUE(sql::exec(holder.get(), "BEGIN IMMEDIATE"));
  const auto t0 = std::chrono::steady_clock::now();
  auto written = archive.replace_programme(id, {{1, "새 안건", 0, 5, std::nullopt}},
                                           {{"김의원", std::nullopt, 0, 5}}, {{6, 8}});
  const auto waited = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, gavel::Errc::busy) << written.error().message;
  EXPECT_LT(waited, std::chrono::seconds(5)) << "the busy timeout, not forever";
  ASSERT_TRUE(sql::exec(holder.get(), "ROLLBACK"));

  EXPECT_EQ(archive.agenda(id)->at(0).title, "원래 안건") << "nothing half-written";
  EXPECT_TRUE(archive.speakers(id)->empty());
  EXPECT_TRUE(archive.recesses(id)->empty());
  EXPECT_TRUE(archive.replace_programme(id, {{1, "새 안건", 0, 5, std::nullopt}}, {}, {})) << "free again";
  EXPECT_EQ(archive.agenda(id)->at(0).title, "새 안건");
}

TEST(Store, ReadersAreNotHeldUpByAWriter) {
  test::TempDir dir;
  auto store = open_sqlite(dir / "gavel.db");
  ASSERT_TRUE(store);
  auto& archive = (*store)->archive();
  const auto id = *archive.create_meeting(plenary("읽기"));
  ASSERT_TRUE(archive.set_status(id, "ready"));
  auto writer = other_writer(dir / "gavel.db");
  ASSERT_TRUE(sql::exec(writer.get(), "BEGIN IMMEDIATE"));
  ASSERT_TRUE(sql::exec(writer.get(), "UPDATE meetings SET status = 'failed'"));
  const auto t0 = std::chrono::steady_clock::now();
  auto m = archive.meeting(id);
  ASSERT_TRUE(m && *m);
  EXPECT_EQ((*m)->status, "ready") << "the last committed version";
  SearchQuery q;
  q.text = "읽기";
  EXPECT_EQ((*store)->search().search(q)->hits.size(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  ASSERT_TRUE(sql::exec(writer.get(), "ROLLBACK"));
}

TEST(Store, ThreadsSearchAndWriteAtOnce) {
  test::TempDir dir;
  auto store = open_sqlite(dir / "gavel.db");
  ASSERT_TRUE(store);
  auto& archive = (*store)->archive();
  for (int i = 0; i < 20; ++i) {
    const auto id = *archive.create_meeting(plenary("예산 심사 " + std::to_string(i)));
    ASSERT_TRUE(archive.set_status(id, "ready"));
  }
  const auto job = *(*store)->jobs().enqueue_transcode(1);
  ASSERT_TRUE((*store)->jobs().claim_job("w", 60, job));
  std::atomic<int> failures{0};
  std::vector<std::jthread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        if (t == 0) {
          if (!(*store)->jobs().report_job(job, "w", i / 30.0, 1, 1, 60)) ++failures;
          continue;
        }
        SearchQuery q;
        q.text = "예산";
        q.per_page = 50;
        auto hits = (*store)->search().search(q);
        if (!hits || hits->hits.size() != 20) ++failures;
      }
    });
  threads.clear();
  EXPECT_EQ(failures, 0);
  EXPECT_NEAR((*store)->jobs().job(job).value()->progress, 29 / 30.0, 1e-9);
}

}  // namespace
}  // namespace gavel::index
