// GET /embed/{id}: the player page other sites may frame.
#include <gtest/gtest.h>

#include "router.hpp"
#include "router_test_support.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

using EmbedTest = RouterFixture;

// The web app's sources in this repository.
// Not from __FILE__: ccache's base-dir rewriting makes it relative.
fs::path web_sources() { return fs::path(GAVEL_SOURCE_DIR) / "web" / "src"; }

TEST_F(EmbedTest, ServesThePlayerPageWithFramingAllowed) {
  test::write_text(dir_ / "web" / "embed.html", "<!doctype html><title>embed</title>");
  const auto id = add_ready_meeting();
  auto res = get("/embed/" + std::to_string(id) + "?t=95");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res.body(), "<!doctype html><title>embed</title>");
  EXPECT_EQ(res["Content-Security-Policy"], "frame-ancestors *");
  EXPECT_EQ(res.count("X-Frame-Options"), 0u);
  // Only this page: the full meeting page says nothing that allows framing.
  auto page = get("/meetings/" + std::to_string(id));
  EXPECT_EQ(page["Content-Security-Policy"].find("frame-ancestors *"), std::string::npos);

  auto head = get("/embed/" + std::to_string(id), http::verb::head);
  EXPECT_EQ(head.result(), http::status::ok);
  EXPECT_EQ(head[http::field::content_length], std::to_string(res.body().size()));
}

TEST_F(EmbedTest, UnknownMeetingsAndBadIdsAreNotFound) {
  test::write_text(dir_ / "web" / "embed.html", "<!doctype html>");
  for (const char* target : {"/embed/999", "/embed/abc", "/embed/", "/embed/1/x", "/embed/01"})
    EXPECT_EQ(get(target).result(), http::status::not_found) << target;
}

TEST_F(EmbedTest, TheRealPageUsesTheSharedPlayer) {
  const auto sources = web_sources();
  ASSERT_TRUE(fs::exists(sources / "embed.html")) << sources;
  Router router(*index_, data_, sources);
  const auto id = add_ready_meeting();
  Request req{http::verb::get, "/embed/" + std::to_string(id), 11};
  auto page = render(router.handle(req));
  ASSERT_EQ(page.result(), http::status::ok);
  EXPECT_NE(page.body().find("/assets/embed.js"), std::string::npos);
  EXPECT_NE(page.body().find("/assets/vendor/hls.min.js"), std::string::npos);
  Request script_req{http::verb::get, "/assets/embed.js", 11};
  auto script = render(router.handle(script_req));
  ASSERT_EQ(script.result(), http::status::ok);
  EXPECT_NE(script.body().find("from './player.js'"), std::string::npos);  // reused, not copied
  EXPECT_NE(script.body().find("/meetings/"), std::string::npos);          // the link to the full page
}

}  // namespace
}  // namespace gavel::server
