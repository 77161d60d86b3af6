// `gavel ingest` as a clerk runs it: the real binary on a fresh data dir.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "gavel/index/store.hpp"

namespace {

namespace fs = std::filesystem;

int ingest(const gavel::test::TempDir& dir, const fs::path& file, std::string& output,
           const std::string& extra = "") {
  return gavel::test::run_command(fmt::format("'{}' ingest '{}' --data '{}' --body plenary --date 2026-11-13 "
                                              "--title '제1차 본회의' {}",
                                              GAVEL_BINARY, file.string(), (dir / "data").string(), extra),
                                  &output);
}

TEST(Ingest, ARecordingBecomesPlayable) {
  gavel::test::TempDir dir;
  const auto clip = gavel::test::make_clip(dir / "plenary.mp4", 4, "320x240", "25");
  std::string output;
  ASSERT_EQ(ingest(dir, clip, output, "--wait"), 0) << output;
  EXPECT_TRUE(fs::exists(dir / "data" / "originals" / "1" / "01-plenary.mp4"));
  EXPECT_TRUE(fs::exists(dir / "data" / "media" / "1" / "master.m3u8"));
  EXPECT_TRUE(fs::exists(dir / "data" / "media" / "1" / "240p" / "index.m3u8"));
  auto index = gavel::index::open_sqlite(dir / "data" / "gavel.db");
  ASSERT_TRUE(index);
  auto meeting = (*index)->archive().meeting(1);
  ASSERT_TRUE(meeting && *meeting);
  EXPECT_EQ((*meeting)->status, "ready");
  EXPECT_NEAR((*meeting)->duration.value_or(0), 4.0, 0.05);
  EXPECT_EQ((*(*index)->jobs().latest_job_for(1))->state, "done");
}

TEST(Ingest, AFileThatIsNotARecordingFailsAndIsKept) {
  gavel::test::TempDir dir;
  gavel::test::write_text(dir / "minutes.mp4", "This is the minutes document, not a recording.\n");
  std::string output;
  EXPECT_NE(ingest(dir, dir / "minutes.mp4", output, "--wait"), 0);
  EXPECT_NE(output.find("minutes.mp4"), std::string::npos) << output;
  EXPECT_NE(output.find("not a recording"), std::string::npos) << output;
  EXPECT_EQ(gavel::test::read_text(dir / "data" / "originals" / "1" / "01-minutes.mp4"),
            "This is the minutes document, not a recording.\n");
  auto index = gavel::index::open_sqlite(dir / "data" / "gavel.db");
  auto meeting = (*index)->archive().meeting(1);
  ASSERT_TRUE(meeting && *meeting);
  EXPECT_EQ((*meeting)->status, "failed");
  EXPECT_NE((*meeting)->error.value_or("").find("not a recording"), std::string::npos);
}

TEST(Ingest, BadArgumentsAreRefusedBeforeAnythingIsStored) {
  gavel::test::TempDir dir;
  const auto clip = gavel::test::make_clip(dir / "clip.mp4", 1);
  std::string output;
  EXPECT_NE(gavel::test::run_command(fmt::format("'{}' ingest '{}' --data '{}' --body council", GAVEL_BINARY,
                                                 clip.string(), (dir / "data").string()),
                                     &output),
            0);
  EXPECT_NE(output.find("--body"), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(dir / "data" / "originals" / "1"));
}

TEST(Transcode, CommandWritesAnHlsTree) {
  gavel::test::TempDir dir;
  const auto clip = gavel::test::make_clip(dir / "clip.mp4", 3, "320x240", "25");
  std::string output;
  ASSERT_EQ(gavel::test::run_command(
                fmt::format("'{}' transcode '{}' '{}'", GAVEL_BINARY, clip.string(), (dir / "out").string()),
                &output),
            0)
      << output;
  EXPECT_TRUE(fs::exists(dir / "out" / "master.m3u8"));
  EXPECT_TRUE(fs::exists(dir / "out" / "audio" / "init.mp4"));
}

}  // namespace
