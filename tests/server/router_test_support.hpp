#pragma once
// Drives the router without a network: requests in, parsed responses out.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "fixtures.hpp"
#include "router.hpp"

namespace gavel::server {

namespace fs = std::filesystem;

inline std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

// Serialises what the router produced and parses it back, as a client would.
inline http::response<http::string_body> render(http::message_generator gen) {
  std::string wire;
  beast::error_code ec;
  while (!gen.is_done()) {
    auto buffers = gen.prepare(ec);
    if (ec) break;
    const auto n = asio::buffer_size(buffers);
    for (auto b : beast::buffers_range(buffers)) wire.append(static_cast<const char*>(b.data()), b.size());
    gen.consume(n);
  }
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  parser.skip(wire.empty());
  parser.put(asio::buffer(wire), ec);
  EXPECT_FALSE(ec) << ec.message();
  return parser.release();
}

// A file reply becomes a string body read from its range, as the wire would carry it.
inline http::response<http::string_body> render(Reply reply) {
  if (auto* message = reply.message()) {
    auto res = render(std::move(*message));
    EXPECT_EQ(reply.status(), res.result_int()) << "the reply knows the status it sends";
    return res;
  }
  auto& file = *reply.file();
  EXPECT_EQ(reply.status(), file.header().result_int());
  http::response<http::string_body> res{file.header().base()};
  std::string body(file.length(), '\0');
  // A file still being written (a clip being cut) is read once it is done,
  // as the session would wait for it.
  if (const auto& growth = file.growth())
    for (int i = 0; i < 3000 && !growth->finished; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(::pread(file.fd(), body.data(), body.size(), static_cast<off_t>(file.offset())),
            static_cast<ssize_t>(body.size()));
  res.body() = std::move(body);
  return res;
}

class RouterFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = index::open_sqlite_in_memory();
    ASSERT_TRUE(opened);
    index_ = std::move(*opened);
    data_.create();
    fs::create_directories(dir_ / "web");
    test::write_text(dir_ / "web" / "meeting.html", "<!doctype html><title>meeting</title>");
    router_ = std::make_unique<Router>(*index_, data_, dir_ / "web");
  }

  http::response<http::string_body> get(const std::string& target, http::verb verb = http::verb::get) {
    Request req{verb, target, 11};
    return render(router_->handle(req));
  }

  std::int64_t add_ready_meeting() {
    index::MeetingFields f{"standing",   "기획행정위원회",           290, "regular", 2,
                           "2026-11-13", "기획행정위원회 제2차 회의"};
    const auto id = *index_->archive().create_meeting(f);
    index_->archive().replace_agenda(id, {{1, "주민참여예산 조례 일부개정조례안", 7, 21, "가결"}});
    index_->archive().replace_speakers(id, {{"이실장", "기획조정실장", 7, 21}});
    index_->archive().set_status(id, "ready", std::nullopt, 60.0);
    const auto media = data_.media(id);
    fs::create_directories(media / "720p");
    test::write_text(
        media / "master.m3u8",
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000000,CODECS=\"avc1.640028\"\n720p/index.m3u8\n");
    test::write_text(media / "720p" / "index.m3u8", "#EXTM3U\n");
    test::write_text(media / "720p" / "seg00000.m4s", std::string(1000, 'x'));
    return id;
  }

  test::TempDir dir_;
  worker::DataDir data_{dir_.path() / "data"};
  std::unique_ptr<index::Store> index_;
  std::unique_ptr<Router> router_;
};

}  // namespace gavel::server
