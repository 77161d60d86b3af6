// Clips sent while they are cut: the cache's planning and growing files,
// and the real server sending them over sockets.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "beast.hpp"
#include "clip_cache.hpp"
#include "fixtures.hpp"
#include "gavel/server/server.hpp"
#include "gavel/transcode/transcoder.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

// One packaged meeting for the suite: 30 s, one 240p rung and sound.
class ClipStream : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    const auto source = test::make_clip(*dir_ / "in.mp4", 30);
    transcode::Options o;
    o.ladder = {{240, 300}};
    o.x264_preset = "ultrafast";
    o.pictures = false;
    auto summary = transcode::transcode({source}, media(), o);
    ASSERT_TRUE(summary) << summary.error().message;
    expected_ = new std::string;
    auto made = transcode::export_clip(media(), span(), *dir_ / "expected.mp4");
    ASSERT_TRUE(made) << made.error().message;
    *expected_ = test::read_text(*dir_ / "expected.mp4");
  }
  static void TearDownTestSuite() {
    delete expected_;
    delete dir_;
  }
  static fs::path media() { return *dir_ / "media"; }
  static transcode::ClipSpan span() { return {4.0, 25.0, 720}; }
  static std::string read_fd(const unique_fd& fd, std::uint64_t size) {
    std::string bytes(size, '\0');
    EXPECT_EQ(::pread(fd.get(), bytes.data(), size, 0), static_cast<ssize_t>(size));
    return bytes;
  }
  static test::TempDir* dir_;
  static std::string* expected_;
};
test::TempDir* ClipStream::dir_ = nullptr;
std::string* ClipStream::expected_ = nullptr;

TEST_F(ClipStream, PlanKnowsTheWholeClipBeforeItIsCut) {
  auto layout = transcode::plan_clip(media(), span());
  ASSERT_TRUE(layout) << layout.error().message;
  EXPECT_EQ(layout->size(), expected_->size());
  EXPECT_EQ(expected_->substr(0, layout->head.size()), layout->head)
      << "the head is the file's opening bytes";
  EXPECT_NE(layout->head.find("moov"), std::string::npos);
  EXPECT_EQ(layout->head.substr(layout->head.size() - 4), "mdat");
}

TEST_F(ClipStream, CacheServesTheClipWhileItIsCutThenFromTheFinishedFile) {
  test::TempDir cache_dir;
  ClipCache cache(cache_dir.path(), 1ull << 30);
  auto first = cache.open(media(), "1-4000-25000-720.mp4", span());
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->growth) << "a new clip is served as it is cut";
  EXPECT_EQ(first->size, expected_->size());
  ASSERT_TRUE(test::eventually([&] { return first->growth->finished.load(); }, std::chrono::seconds(30)));
  EXPECT_EQ(read_fd(first->fd, first->size), *expected_);

  ASSERT_TRUE(fs::exists(cache_dir.path() / "1-4000-25000-720.mp4"));
  struct stat st {};
  ASSERT_EQ(::stat((cache_dir.path() / "1-4000-25000-720.mp4").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, first->growth->modified.tv_sec) << "the ETag stays what the first readers saw";
  EXPECT_EQ(st.st_mtim.tv_nsec, first->growth->modified.tv_nsec);

  auto again = cache.open(media(), "1-4000-25000-720.mp4", span());
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->growth) << "the second request is served from the finished file";
  EXPECT_EQ(read_fd(again->fd, again->size), *expected_);
  for (const auto& e : fs::directory_iterator(cache_dir.path()))
    EXPECT_NE(e.path().filename().string().front(), '.') << "no partial file is left behind";
}

TEST_F(ClipStream, PruningRemovesTheOldestClipsBeyondTheLimit) {
  test::TempDir cache_dir;
  const auto limit = expected_->size() * 2 + expected_->size() / 2;  // room for two
  ClipCache cache(cache_dir.path(), limit);
  for (int i = 0; i < 4; ++i) {
    const auto name = fmt::format("1-{}-25000-720.mp4", 4000 + i);
    auto clip = cache.open(media(), name, {4.0 + i * 0.001, 25.0, 720});
    ASSERT_TRUE(clip) << clip.error().message;
    ASSERT_TRUE(test::eventually([&] { return !clip->growth || clip->growth->finished.load(); },
                                 std::chrono::seconds(30)));
    clip->fd.reset();
    // Finished clips differ in age by more than the file system's clock step.
    ASSERT_TRUE(
        test::eventually([&] { return fs::exists(cache_dir.path() / name); }, std::chrono::seconds(5)));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(test::eventually(
      [&] {
        std::uint64_t total = 0;
        for (const auto& e : fs::directory_iterator(cache_dir.path())) total += e.file_size();
        return total <= limit;
      },
      std::chrono::seconds(5)));
  EXPECT_FALSE(fs::exists(cache_dir.path() / "1-4000-25000-720.mp4")) << "the oldest went first";
  EXPECT_TRUE(fs::exists(cache_dir.path() / "1-4003-25000-720.mp4")) << "the newest stays";
}

TEST_F(ClipStream, ServerSendsTheSameBytesToConcurrentViewersAndRanges) {
  auto opened = index::open_sqlite_in_memory();
  ASSERT_TRUE(opened);
  auto index = std::move(*opened);
  worker::DataDir data{dir_->path() / "data"};
  data.create();
  const auto id = *index->archive().create_meeting(
      {"plenary", std::nullopt, 291, "extraordinary", 1, "2026-11-20", "본회의"});
  fs::create_directories(data.media(id).parent_path());
  fs::copy(media(), data.media(id), fs::copy_options::recursive);
  index->archive().set_status(id, "ready", std::nullopt, 30.0);
  ServerConfig config;
  config.port = 0;
  config.web_root = dir_->path() / "web";
  Server server(config, *index, data);
  auto port = server.start();
  ASSERT_TRUE(port) << port.error().message;

  const std::string target = fmt::format("/api/v1/meetings/{}/clip.mp4?start=4&end=25", id);
  auto fetch = [&](std::string range) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), *port));
    Request req{http::verb::get, target, 11};
    req.set(http::field::host, "localhost");
    if (!range.empty()) req.set(http::field::range, range);
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1ull << 30);
    http::read(stream, buffer, parser);
    return parser.release();
  };
  auto a = std::async(std::launch::async, fetch, "");
  auto b = std::async(std::launch::async, fetch, "bytes=1000-");
  auto whole = a.get(), tail = b.get();
  EXPECT_EQ(whole.result(), http::status::ok);
  EXPECT_EQ(whole[http::field::content_length], std::to_string(expected_->size()));
  EXPECT_EQ(whole.body(), *expected_);
  EXPECT_EQ(tail.result(), http::status::partial_content);
  EXPECT_EQ(tail.body(), expected_->substr(1000));

  auto cached = fetch("");
  EXPECT_EQ(cached.body(), *expected_);
  EXPECT_EQ(cached[http::field::etag], whole[http::field::etag]) << "one ETag while cut and after";
  server.stop();
}

}  // namespace
}  // namespace gavel::server
