// The one way recordings become parts: kept, numbered, probed, queued; and
// how a clerk puts a broken delivery right (replace, remove, reorder).
#include "gavel/worker/recordings.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "gavel/index/store.hpp"
#include "gavel/worker/file_names.hpp"

namespace gavel::worker {
namespace {

namespace fs = std::filesystem;

class RecordingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_.create();
    auto opened = index::open_sqlite(data_.database());
    ASSERT_TRUE(opened);
    store_ = std::move(*opened);
    meeting_ = archive().create_meeting({"plenary", {}, {}, {}, {}, {}, "제1차 본회의"}).value();
    recordings_ = std::make_unique<Recordings>(archive(), store_->jobs(), data_);
  }

  fs::path clip(const std::string& name, double seconds = 1) {
    return test::make_clip(dir_ / name, seconds, "160x120", "10");
  }
  // An MP4 cut off at 40%: its moov (at the end) never arrived.
  fs::path truncated(const std::string& name) {
    const auto whole = clip("whole-" + name, 2);
    const auto cut = dir_ / name;
    fs::copy_file(whole, cut);
    fs::resize_file(cut, fs::file_size(whole) * 4 / 10);
    return cut;
  }
  index::Archive& archive() { return store_->archive(); }
  std::vector<index::Part> parts() { return archive().meeting(meeting_).value()->parts; }
  index::Meeting meeting() { return *archive().meeting(meeting_).value(); }

  test::TempDir dir_;
  DataDir data_{dir_ / "data"};
  std::unique_ptr<index::Store> store_;
  std::unique_ptr<Recordings> recordings_;
  std::int64_t meeting_ = 0;
};

TEST_F(RecordingsTest, DeliveredFilesAreKeptNumberedAndQueued) {
  const auto a = clip("제290회 본회의 1부.mp4");
  const auto b = clip("part two.mp4");
  auto delivered = recordings_->deliver(meeting_, {{a, a.filename().string(), {}}, {b, "part two.mp4", {}}},
                                        Handover::copy);
  ASSERT_TRUE(delivered) << delivered.error().message;
  EXPECT_EQ(delivered->parts, (std::vector<int>{1, 2}));
  ASSERT_TRUE(delivered->job);
  EXPECT_FALSE(delivered->unreadable);
  ASSERT_EQ(parts().size(), 2u);
  EXPECT_EQ(parts()[0].filename, "01-제290회_본회의_1부.mp4") << "one naming rule: Korean kept";
  EXPECT_EQ(parts()[1].filename, "02-part_two.mp4");
  EXPECT_TRUE(fs::exists(a)) << "a copy leaves the caller's file";
  EXPECT_EQ(store_->jobs().latest_job_for(meeting_).value()->state, "queued");
}

TEST_F(RecordingsTest, AFileThatIsNoRecordingIsKeptAndFailsTheMeetingInBothLanguages) {
  const auto bad = truncated("broken-truncated.mp4");
  const auto size = fs::file_size(bad);
  auto delivered = recordings_->deliver(meeting_, {{bad, "broken-truncated.mp4", {}}}, Handover::move);
  ASSERT_TRUE(delivered);
  ASSERT_TRUE(delivered->unreadable);
  EXPECT_FALSE(delivered->job);
  EXPECT_FALSE(fs::exists(bad)) << "moved in";
  EXPECT_EQ(fs::file_size(data_.originals(meeting_) / "01-broken-truncated.mp4"), size) << "kept as received";
  const auto m = meeting();
  EXPECT_EQ(m.status, "failed");
  EXPECT_NE(m.error.value_or("").find("not fully uploaded"), std::string::npos) << m.error.value_or("");
  EXPECT_NE(m.error_ko.value_or("").find("끝까지"), std::string::npos) << m.error_ko.value_or("");
}

TEST_F(RecordingsTest, ReplacingTheBrokenPartGivesOneGoodPartAndAQueuedJob) {
  const auto bad = truncated("broken.mp4");
  ASSERT_TRUE(recordings_->deliver(meeting_, {{bad, "broken.mp4", {}}}, Handover::move));
  const auto good = clip("good.mp4");
  auto delivered = recordings_->deliver(meeting_, {{good, "good.mp4", 1}}, Handover::move);
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->parts, std::vector<int>{1});
  EXPECT_TRUE(delivered->job);
  ASSERT_EQ(parts().size(), 1u);
  EXPECT_EQ(parts()[0].filename, "01-good.mp4");
  EXPECT_FALSE(fs::exists(data_.originals(meeting_) / "01-broken.mp4")) << "the replaced file goes";
  EXPECT_EQ(meeting().status, "pending");
  EXPECT_FALSE(meeting().error);
}

TEST_F(RecordingsTest, RemovingAPartClosesTheGapAndRemovingTheLastSetsThePendingState) {
  for (const char* name : {"a.mp4", "b.mp4", "c.mp4"})
    ASSERT_TRUE(recordings_->deliver(meeting_, {{clip(name), name, {}}}, Handover::move));
  ASSERT_TRUE(recordings_->remove(meeting_, 2));
  ASSERT_EQ(parts().size(), 2u);
  EXPECT_EQ(parts()[0].filename, "01-a.mp4");
  EXPECT_EQ(parts()[1].seq, 2);
  EXPECT_EQ(parts()[1].filename, "03-c.mp4");
  EXPECT_FALSE(fs::exists(data_.originals(meeting_) / "02-b.mp4"));
  EXPECT_EQ(recordings_->remove(meeting_, 7).error().code, gavel::Errc::not_found);
  ASSERT_TRUE(recordings_->remove(meeting_, 1));
  ASSERT_TRUE(recordings_->remove(meeting_, 1));
  EXPECT_TRUE(parts().empty());
  EXPECT_EQ(meeting().status, "pending");
  EXPECT_NE(store_->jobs().latest_job_for(meeting_).value()->state, "queued") << "nothing left to package";
}

TEST_F(RecordingsTest, ReorderNeedsEveryPartOnceAndHonoursIfMatch) {
  for (const char* name : {"a.mp4", "b.mp4"})
    ASSERT_TRUE(recordings_->deliver(meeting_, {{clip(name), name, {}}}, Handover::move));
  EXPECT_EQ(recordings_->reorder(meeting_, {1, 1}).error().code, gavel::Errc::bad_input);
  const auto before = index::version_tag(parts());
  ASSERT_TRUE(recordings_->reorder(meeting_, {2, 1}, index::IfMatch::parse("\"" + before + "\"")));
  EXPECT_EQ(parts()[0].filename, "02-b.mp4");
  EXPECT_EQ(parts()[1].filename, "01-a.mp4");
  EXPECT_EQ(recordings_->reorder(meeting_, {2, 1}, index::IfMatch::parse("\"" + before + "\"")).error().code,
            gavel::Errc::stale);
  // A new part after a reorder never overwrites a kept original.
  ASSERT_TRUE(recordings_->deliver(meeting_, {{clip("a.mp4"), "a.mp4", 1}}, Handover::move));
  EXPECT_EQ(parts()[0].filename, "01-2-a.mp4");
}

TEST(SafeFilename, KeepsReadableNamesAndNothingElse) {
  EXPECT_EQ(safe_filename("제290회 본회의 (1부).mp4"), "제290회_본회의__1부_.mp4");
  EXPECT_EQ(safe_filename("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_filename("C:\\녹화\\a.ts"), "C__녹화_a.ts")
      << "backslashes are not separators on Linux, but never kept";
  EXPECT_EQ(safe_filename(".hidden.mp4"), "recording.hidden.mp4");
  EXPECT_EQ(safe_filename(""), "recording");
  EXPECT_EQ(safe_filename("a\xE2\x80\xAEmp4.exe"), "a_mp4.exe") << "a right-to-left override is not kept";
  EXPECT_EQ(safe_filename("bad\xC3\x28name"), "bad__name")
      << "a broken UTF-8 byte becomes _ (the bracket too)";
  const auto cut = safe_filename(std::string(60, 'a') + std::string("가나다라마바사아자차카타파하"));
  EXPECT_LE(cut.size(), 100u);
  EXPECT_EQ((cut.size() - 60) % 3, 0u) << "cut between characters, never inside one";
}

}  // namespace
}  // namespace gavel::worker
