// `gavel channel` as a clerk sets up a room: the real binary on a fresh
// data dir. The key is printed once, kept only as a hash, and replaced by
// rotate-key.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "fixtures.hpp"
#include "gavel/index/store.hpp"
#include "gavel/server/channels.hpp"

namespace {

namespace json = boost::json;

int channel(const gavel::test::TempDir& dir, const std::string& args, std::string& output) {
  return gavel::test::run_command(
      fmt::format("'{}' channel {} --data '{}'", GAVEL_BINARY, args, (dir / "data").string()), &output);
}

json::object added(const gavel::test::TempDir& dir, const std::string& args) {
  std::string output;
  EXPECT_EQ(channel(dir, args + " --json", output), 0) << output;
  return json::parse(output).as_object();
}

TEST(Channel, AddPrintsTheKeyAndEncoderUrlsAndKeepsOnlyItsHash) {
  gavel::test::TempDir dir;
  const auto made =
      added(dir, "add 본회의장 --body plenary --rtmp-listen 127.0.0.1:19350 --srt-listen 127.0.0.1:19000");
  const std::string key(made.at("key").as_string());
  EXPECT_GE(key.size(), 40u) << "at least 256 random bits";
  EXPECT_EQ(made.at("name").as_string(), "본회의장");
  EXPECT_EQ(made.at("body").as_string(), "plenary");
  EXPECT_TRUE(made.at("committee").is_null());
  EXPECT_EQ(made.at("rtmp").as_string(), "rtmp://127.0.0.1:19350/live/" + key);
  EXPECT_EQ(made.at("srt").as_string(), "srt://127.0.0.1:19000?streamid=" + key);

  auto store = gavel::index::open_sqlite(dir / "data" / "gavel.db");
  ASSERT_TRUE(store);
  auto found = (*store)->channels().channel_for_key(gavel::server::stream_key_hash(key));
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, made.at("id").as_int64());
  EXPECT_EQ((*found)->key_hash.size(), 64u);
  EXPECT_EQ((*found)->key_hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ((*found)->key_hash.find(key), std::string::npos) << "the key itself is not stored";

  std::string output;
  ASSERT_EQ(channel(dir, "list", output), 0) << output;
  EXPECT_NE(output.find("본회의장"), std::string::npos) << output;
  EXPECT_EQ(output.find(key), std::string::npos) << "list never shows a key";
}

TEST(Channel, RotatingTheKeyRetiresTheOldOne) {
  gavel::test::TempDir dir;
  const auto made = added(dir, "add 제1소회의실 --body standing --committee 행정자치위원회");
  const std::string old_key(made.at("key").as_string());
  const auto rotated = added(dir, "rotate-key 제1소회의실");
  const std::string new_key(rotated.at("key").as_string());
  EXPECT_NE(new_key, old_key);
  EXPECT_EQ(rotated.at("committee").as_string(), "행정자치위원회");

  auto store = gavel::index::open_sqlite(dir / "data" / "gavel.db");
  ASSERT_TRUE(store);
  auto& channels = (*store)->channels();
  EXPECT_FALSE(*channels.channel_for_key(gavel::server::stream_key_hash(old_key)));
  auto found = channels.channel_for_key(gavel::server::stream_key_hash(new_key));
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name, "제1소회의실");
}

TEST(Channel, ANameTakenOrMissingIsRefusedWithAReason) {
  gavel::test::TempDir dir;
  added(dir, "add 본회의장 --body plenary");
  std::string output;
  EXPECT_EQ(channel(dir, "add 본회의장 --body special", output), 1);
  EXPECT_NE(output.find("exists"), std::string::npos) << output;
  EXPECT_EQ(channel(dir, "add '' --body plenary", output), 2);
  EXPECT_NE(output.find("name"), std::string::npos) << output;
  EXPECT_NE(channel(dir, "add 회의실 --body council", output), 0) << "not a body";
  EXPECT_EQ(channel(dir, "rotate-key 없는방", output), 1);
  EXPECT_NE(output.find("no channel"), std::string::npos) << output;
  ASSERT_EQ(channel(dir, "list --json", output), 0) << output;
  EXPECT_EQ(json::parse(output).as_array().size(), 1u) << "nothing half-made by the refusals";
}

}  // namespace
