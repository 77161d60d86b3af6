// Small media files answered from memory on the io thread: the same
// headers as from disk, 304s and gzip, and a playlist that changes is seen
// within a second.
#include "hot_files.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "router.hpp"
#include "router_test_support.hpp"

namespace gavel::server {
namespace {

class HotFilesTest : public RouterFixture {
 protected:
  // The io thread's path: answers only when it can without blocking.
  std::optional<http::response<http::string_body>> fast(
      const std::string& target, std::vector<std::pair<http::field, std::string>> headers = {}) {
    Request req{http::verb::get, target, 11};
    for (auto& [name, value] : headers) req.set(name, value);
    auto reply = router_->handle_nonblocking(req);
    if (!reply) return std::nullopt;
    return render(std::move(*reply));
  }
};

TEST_F(HotFilesTest, APlaylistIsServedFromMemoryLikeFromDisk) {
  const auto id = add_ready_meeting();
  const std::string playlist = "/media/" + std::to_string(id) + "/720p/index.m3u8";
  test::write_text(data_.media(id) / "720p" / "index.m3u8",
                   "#EXTM3U\n#EXT-X-VERSION:7\n" + std::string(300, '#') + "\n");
  const auto from_disk = get(playlist);  // also caches the meeting's state
  ASSERT_EQ(from_disk.result(), http::status::ok);

  auto first = fast(playlist);
  ASSERT_TRUE(first) << "a cached meeting's small file is answered on the io thread";
  auto second = fast(playlist);
  ASSERT_TRUE(second);
  for (const auto& res : {*first, *second}) {
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res.body(), from_disk.body());
    EXPECT_EQ(res[http::field::etag], from_disk[http::field::etag]);
    EXPECT_EQ(res[http::field::last_modified], from_disk[http::field::last_modified]);
    EXPECT_EQ(res[http::field::content_type], "application/vnd.apple.mpegurl");
    EXPECT_EQ(res[http::field::cache_control], from_disk[http::field::cache_control]);
    EXPECT_EQ(res[http::field::access_control_allow_origin], "*");
  }

  auto revalidated =
      fast(playlist, {{http::field::if_none_match, std::string(from_disk[http::field::etag])}});
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->result(), http::status::not_modified);
  EXPECT_TRUE(revalidated->body().empty());

  auto zipped = fast(playlist, {{http::field::accept_encoding, "gzip, deflate"}});
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->result(), http::status::ok);
  EXPECT_EQ(zipped->at(http::field::content_encoding), "gzip");
  EXPECT_LT(zipped->body().size(), from_disk.body().size());
  EXPECT_EQ(zipped->body().substr(0, 2), "\x1f\x8b");
}

TEST_F(HotFilesTest, AChangedPlaylistIsSeenWithinASecond) {
  const auto id = add_ready_meeting();
  const std::string playlist = "/media/" + std::to_string(id) + "/720p/index.m3u8";
  ASSERT_EQ(get(playlist).result(), http::status::ok);
  ASSERT_TRUE(fast(playlist));
  test::write_text(data_.media(id) / "720p" / "index.m3u8", "#EXTM3U\n#EXTINF:6.0,\nseg00000.m4s\n");
  std::optional<http::response<http::string_body>> seen;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(2500);
  while (std::chrono::steady_clock::now() < until) {
    // Keep the meeting's state fresh as players would.
    get("/media/" + std::to_string(id) + "/master.m3u8");
    seen = fast(playlist);
    if (seen && seen->body().find("seg00000") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(seen);
  EXPECT_NE(seen->body().find("seg00000"), std::string::npos) << "the new playlist within a second";
}

// A clock the test moves by hand: expiry is checked at its edges, without
// waiting in real time.
struct HandClock {
  std::chrono::steady_clock::time_point at{};
  SteadyNow now() {
    return [this] { return at; };
  }
};

TEST(HotFiles, AFileIsKeptForASecondThenAskedForAgain) {
  HandClock clock;
  HotFiles hot(1 << 20, clock.now());
  auto file = std::make_shared<MemoryFile>();
  file->bytes = "#EXTM3U\n";
  hot.put("1/720p/index.m3u8", file);
  clock.at += HotFiles::kFresh - std::chrono::milliseconds(1);
  EXPECT_TRUE(hot.get("1/720p/index.m3u8"));
  clock.at += std::chrono::milliseconds(1);
  EXPECT_FALSE(hot.get("1/720p/index.m3u8")) << "a second old: read from disk again";
  hot.put("1/720p/index.m3u8", file);
  EXPECT_TRUE(hot.get("1/720p/index.m3u8")) << "put again, fresh again";
}

TEST(HotFiles, StaysWithinItsMemory) {
  HotFiles hot(10 * 1024);
  auto file = [](char c) {
    auto f = std::make_shared<MemoryFile>();
    f->bytes.assign(4000, c);
    return f;
  };
  hot.put("1/a", file('a'));
  hot.put("1/b", file('b'));
  ASSERT_TRUE(hot.get("1/a"));
  hot.put("1/c", file('c'));  // 12 KB would not fit: the table starts again
  EXPECT_FALSE(hot.get("1/a"));
  ASSERT_TRUE(hot.get("1/c"));
  EXPECT_EQ(hot.get("1/c")->bytes.front(), 'c');
  hot.put("1/c", file('d'));  // replacing counts once
  hot.put("1/e", file('e'));
  EXPECT_TRUE(hot.get("1/c"));
  EXPECT_TRUE(hot.get("1/e"));
}

}  // namespace
}  // namespace gavel::server
