// What a source becomes: rungs, pictures, keyframe placement.
#include "ladder.hpp"

#include <gtest/gtest.h>

#include "keyframe_schedule.hpp"

namespace gavel::transcode {
namespace {

TEST(Ladder, RungsUnderACopyCostLessThanIt) {
  media::VideoTrack source;
  source.width = 1920;
  source.height = 1080;
  source.frame_rate = 29.97;
  auto ladder = plan_ladder(source, Options{});
  ladder.erase(ladder.begin());  // the copy takes the 1080p place
  fit_under(ladder, 1345);       // a quiet camera file at 1.3 Mbit/s
  ASSERT_EQ(ladder.size(), 3u);
  EXPECT_EQ(ladder[0].bitrate_kbps, 1210);
  EXPECT_EQ(ladder[1].bitrate_kbps, 800) << "already under 90% of the rung above";
  EXPECT_EQ(ladder[2].bitrate_kbps, 450);
  fit_under(ladder, 0);
  EXPECT_EQ(ladder[0].bitrate_kbps, 1210) << "an unknown rate changes nothing";
}

TEST(Ladder, StoryboardTilesThinOutForLongMeetings) {
  const Options o;
  EXPECT_DOUBLE_EQ(storyboard_interval(60, o), 2);
  EXPECT_DOUBLE_EQ(storyboard_interval(600, o), 6);
  EXPECT_DOUBLE_EQ(storyboard_interval(3 * 3600, o), 10);
}

TEST(Ladder, PicturesKeepTheDisplayShape) {
  media::VideoTrack sd;
  sd.width = 720;
  sd.height = 576;
  sd.sample_aspect = 64.0 / 45;  // 16:9 PAL
  const auto p = plan_pictures(sd, 60, Options{});
  EXPECT_EQ(p.poster_width, 1024);
  EXPECT_EQ(p.poster_height, 576);
  EXPECT_EQ(p.tile_width, 160);
  EXPECT_EQ(p.tile_height, 90);
}

TEST(KeyframeSchedule, EncodedRungTakesTheCopysInstantsExactly) {
  KeyframeSchedule copy(AVRational{1, 30000});
  for (int64_t frame : {0, 59, 118, 162}) copy.add(frame * 1001, AVRational{1, 30000});
  std::size_t cursor = 0;
  std::vector<int64_t> keyframes;
  const AVRational rung_tb{1001, 30000};
  for (int64_t n = 0; n < 200; ++n)
    if (copy.due(n, 1, rung_tb, cursor)) keyframes.push_back(n);
  EXPECT_EQ(keyframes, (std::vector<int64_t>{0, 59, 118, 162}));
}

TEST(KeyframeSchedule, AMissingPictureHandsItsKeyframeToTheNext) {
  KeyframeSchedule copy(AVRational{1, 1000});
  copy.add(2000, AVRational{1, 1000});
  std::size_t cursor = 0;
  const AVRational tb{1, 25};
  EXPECT_FALSE(copy.due(49, 1, tb, cursor));  // 1.96 s
  EXPECT_TRUE(copy.due(51, 1, tb, cursor));   // 2.04 s: picture 50 was dropped
  EXPECT_FALSE(copy.due(52, 1, tb, cursor));
}

}  // namespace
}  // namespace gavel::transcode
