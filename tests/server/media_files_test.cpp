#include "media_files.hpp"

#include <gtest/gtest.h>

#include "gavel/index/store.hpp"

namespace gavel::server {
namespace {

TEST(MediaNames, AcceptsWhatThePackagerWrites) {
  for (const char* name :
       {"master.m3u8", "index.m3u8", "init.mp4", "seg00012.m4s", "720p", "audio-eng", "ko.vtt"})
    EXPECT_TRUE(is_safe_name(name)) << name;
}

TEST(MediaNames, RefusesAnythingThatCouldLeaveTheFolder) {
  for (const char* name : {"", ".", "..", ".hidden", "a..b", "a/b", "a\\b", "%2e%2e", "a b", "x\ny"})
    EXPECT_FALSE(is_safe_name(name)) << name;
  EXPECT_FALSE(is_safe_name(std::string("a\0b", 3)));
  EXPECT_FALSE(is_safe_name(std::string(200, 'a')));
}

TEST(MeetingIds, ParseOnlyPlainPositiveNumbers) {
  EXPECT_EQ(parse_id("42"), 42);
  for (const char* text : {"", "0", "-1", "+1", "01", "1a", " 1", "99999999999999999999", "1.0"})
    EXPECT_FALSE(parse_id(text)) << text;
}

TEST(MediaPaths, SafeNamesJoinIntoARelativePathUpToADepth) {
  EXPECT_EQ(safe_relative_path("720p/seg00001.m4s", 3), std::filesystem::path("720p/seg00001.m4s"));
  EXPECT_EQ(safe_relative_path("captions/ko/index.vtt", 3), std::filesystem::path("captions/ko/index.vtt"));
  EXPECT_FALSE(safe_relative_path("a/b/c/d", 3)) << "deeper than allowed";
  for (const char* text : {"", "/", "720p/", "/720p", "720p//x", "../x", "720p/../../x", "a/.b"})
    EXPECT_FALSE(safe_relative_path(text, 3)) << text;
}

TEST(MeetingStates, ARememberedStateIsAskedForAgainAfterASecond) {
  auto store = index::open_sqlite_in_memory();
  ASSERT_TRUE(store);
  auto& archive = (*store)->archive();
  const auto id =
      *archive.create_meeting({"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", "m"});
  std::chrono::steady_clock::time_point now{};
  MeetingStates states([&] { return now; });
  EXPECT_FALSE(states.peek(id)) << "nothing remembered before the first look";
  ASSERT_TRUE(states.get(archive, id));
  EXPECT_FALSE(states.get(archive, id)->ready);
  ASSERT_TRUE(archive.set_status(id, "ready"));
  now += MeetingStates::kFresh - std::chrono::milliseconds(1);
  ASSERT_TRUE(states.peek(id));
  EXPECT_FALSE(states.peek(id)->ready) << "still the remembered state";
  now += std::chrono::milliseconds(1);
  EXPECT_FALSE(states.peek(id)) << "a second old: no longer trusted";
  EXPECT_TRUE(states.get(archive, id)->ready) << "asked again, the new state";
}

}  // namespace
}  // namespace gavel::server
