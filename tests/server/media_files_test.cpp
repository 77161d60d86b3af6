#include "media_files.hpp"

#include <gtest/gtest.h>

namespace gavel::server {
namespace {

TEST(MediaNames, AcceptsWhatThePackagerWrites) {
  for (const char* name : {"master.m3u8", "index.m3u8", "init.mp4", "seg00012.m4s", "720p", "audio-eng", "ko.vtt"})
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

}  // namespace
}  // namespace gavel::server
