// The clerk's side of the API: sessions, CSRF, throttling, and every
// write route refusing callers without a session.
#include "auth.hpp"
#include "gavel/server/accounts.hpp"
#include "router.hpp"
#include "router_test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

class ApiWriteTest : public RouterFixture {
 protected:
  void SetUp() override {
    RouterFixture::SetUp();
    ASSERT_TRUE(add_account(*index_, "clerk1", "clerk", "correct horse battery"));
  }

  // Logs in and remembers the cookie and CSRF token for later requests.
  void login() {
    auto res = send(http::verb::post, "/api/v1/session",
                    R"({"username": "clerk1", "password": "correct horse battery"})");
    ASSERT_EQ(res.result(), http::status::ok) << res.body();
    const std::string cookie(res[http::field::set_cookie]);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP here
    cookie_ = cookie.substr(0, cookie.find(';'));
    csrf_ = std::string(boost::json::parse(res.body()).at("csrf_token").as_string());
  }

  http::response<http::string_body> send(http::verb verb, const std::string& target, const std::string& body = "",
                                         const std::string& type = "application/json", bool with_csrf = true) {
    Request req{verb, target, 11};
    req.set(http::field::host, "archive.example");
    if (!cookie_.empty()) req.set(http::field::cookie, cookie_);
    if (with_csrf && !csrf_.empty()) req.set("X-CSRF-Token", csrf_);
    if (!body.empty()) req.set(http::field::content_type, type);
    req.body() = body;
    req.prepare_payload();
    return render(router_->handle(req, {"203.0.113.7", false}));
  }

  http::response<http::string_body> get_with_cookie(const std::string& target) {
    return send(http::verb::get, target, "", "", false);
  }

  std::string cookie_, csrf_;
};

TEST_F(ApiWriteTest, EveryWriteRouteNeedsASession) {
  const auto id = add_ready_meeting();
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  const std::pair<http::verb, std::string> routes[] = {
      {http::verb::post, "/api/v1/meetings"},      {http::verb::patch, m},
      {http::verb::delete_, m},                    {http::verb::put, m + "/agenda"},
      {http::verb::put, m + "/speakers"},          {http::verb::put, m + "/programme"},
      {http::verb::post, m + "/captions?lang=ko"}, {http::verb::delete_, "/api/v1/session"},
      {http::verb::get, "/api/v1/jobs/1"}};
  for (const auto& [verb, target] : routes) {
    auto res = send(verb, target, "{}");
    EXPECT_EQ(res.result(), http::status::unauthorized) << target;
  }
  EXPECT_TRUE(index_->meeting(id)->has_value());
}

TEST_F(ApiWriteTest, CookieWritesNeedTheCsrfTokenAndOurOrigin) {
  login();
  auto without = send(http::verb::post, "/api/v1/meetings", R"({"body": "plenary", "title": "x"})",
                      "application/json", false);
  EXPECT_EQ(without.result(), http::status::forbidden);
  Request cross{http::verb::post, "/api/v1/meetings", 11};
  cross.set(http::field::host, "archive.example");
  cross.set(http::field::origin, "https://evil.example");
  cross.set(http::field::cookie, cookie_);
  cross.set("X-CSRF-Token", csrf_);
  cross.set(http::field::content_type, "application/json");
  cross.body() = R"({"body": "plenary", "title": "x"})";
  cross.prepare_payload();
  EXPECT_EQ(render(router_->handle(cross, {})).result(), http::status::forbidden);
  EXPECT_EQ(index_->meetings({})->total, 0);
}

TEST_F(ApiWriteTest, AClerkCreatesEditsAndDeletesAMeeting) {
  login();
  auto created = send(http::verb::post, "/api/v1/meetings",
                      R"({"body": "standing", "committee": "기획행정위원회", "date": "2026-11-20", "number": 3,
                          "title": "기획행정위원회 제3차 회의"})");
  ASSERT_EQ(created.result(), http::status::created) << created.body();
  const auto id = boost::json::parse(created.body()).at("id").as_int64();
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  auto patched = send(http::verb::patch, m, R"j({"title": "기획행정위원회 제3차 회의 (속개)"})j");
  ASSERT_EQ(patched.result(), http::status::ok) << patched.body();
  EXPECT_EQ((*index_->meeting(id))->fields.title, "기획행정위원회 제3차 회의 (속개)");
  EXPECT_EQ((*index_->meeting(id))->fields.committee, "기획행정위원회");
  fs::create_directories(data_.media(id) / "720p");
  EXPECT_EQ(send(http::verb::delete_, m).result(), http::status::no_content);
  EXPECT_FALSE(*index_->meeting(id));
  EXPECT_FALSE(fs::exists(data_.media(id)));
  EXPECT_EQ(send(http::verb::post, "/api/v1/meetings", R"({"body": "council", "title": "x"})").result(),
            http::status::bad_request);
  EXPECT_EQ(send(http::verb::post, "/api/v1/meetings", "body=plenary", "application/x-www-form-urlencoded").result(),
            http::status::unsupported_media_type);
}

TEST_F(ApiWriteTest, AgendaIsValidatedAndReplacedWhole) {
  login();
  const auto id = add_ready_meeting();  // 60 s long
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  auto ok = send(http::verb::put, m + "/agenda",
                 R"([{"no": 1, "title": "조례안", "start": 5, "end": 20}, {"no": 2, "title": "청원", "start": 20}])");
  ASSERT_EQ(ok.result(), http::status::ok) << ok.body();
  EXPECT_EQ(boost::json::parse(ok.body()).at("agenda").as_array().size(), 2u);
  auto late = send(http::verb::put, m + "/agenda", R"([{"no": 1, "title": "a", "start": 5, "end": 500}])");
  EXPECT_EQ(late.result(), http::status::bad_request);
  EXPECT_NE(late.body().find("agenda[0]"), std::string::npos) << late.body();
  EXPECT_EQ(index_->agenda(id)->size(), 2u);  // the bad file changed nothing
  auto csv = send(http::verb::put, m + "/programme", "kind,no,title,name,role,start,end,result\n"
                                                     "agenda,1,예산안,,,0:05,0:30,가결\nspeaker,,,김의장,의장,0,5,\n",
                  "text/csv");
  ASSERT_EQ(csv.result(), http::status::ok) << csv.body();
  EXPECT_EQ(index_->agenda(id)->at(0).result, "가결");
  EXPECT_EQ(index_->speakers(id)->at(0).name, "김의장");
}

TEST_F(ApiWriteTest, CaptionsBecomeASubtitleRenditionAndAreSearchable) {
  login();
  const auto id = add_ready_meeting();
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  auto res = send(http::verb::post, m + "/captions?lang=ko",
                  "WEBVTT\n\n00:00:10.000 --> 00:00:15.000\n주민참여예산 조례안을 상정합니다.\n", "text/vtt");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const std::string master = test::read_text(data_.media(id) / "master.m3u8");
  EXPECT_NE(master.find("TYPE=SUBTITLES"), std::string::npos) << master;
  EXPECT_NE(master.find("URI=\"captions/ko.m3u8\""), std::string::npos);
  EXPECT_TRUE(fs::exists(data_.media(id) / "captions" / "ko.vtt"));
  auto search = get("/api/v1/search?q=%EC%98%88%EC%82%B0");  // 예산
  auto hits = boost::json::parse(search.body()).at("hits").as_array();
  bool caption = false;
  for (const auto& h : hits) caption |= h.at("kind") == "caption" && h.at("start").as_double() == 10.0;
  EXPECT_TRUE(caption) << search.body();
  EXPECT_EQ(send(http::verb::post, m + "/captions?lang=../x", "WEBVTT\n").result(), http::status::bad_request);
  EXPECT_EQ(send(http::verb::post, m + "/captions?lang=en", "not captions").result(), http::status::bad_request);
}

TEST_F(ApiWriteTest, WrongPasswordsAreThrottled) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(send(http::verb::post, "/api/v1/session", R"({"username": "clerk1", "password": "wrong"})").result(),
              http::status::unauthorized);
  auto limited = send(http::verb::post, "/api/v1/session", R"({"username": "clerk1", "password": "correct horse battery"})");
  EXPECT_EQ(limited.result(), http::status::too_many_requests);
  EXPECT_FALSE(limited[http::field::retry_after].empty());
  // Unknown names answer like wrong passwords.
  auto unknown = send(http::verb::post, "/api/v1/session", R"({"username": "nobody", "password": "whatever"})");
  EXPECT_EQ(unknown.result(), http::status::unauthorized);
}

TEST_F(ApiWriteTest, LogoutEndsTheSession) {
  login();
  EXPECT_EQ(get_with_cookie("/api/v1/session").result(), http::status::ok);
  EXPECT_EQ(send(http::verb::delete_, "/api/v1/session").result(), http::status::no_content);
  EXPECT_EQ(get_with_cookie("/api/v1/session").result(), http::status::unauthorized);
}

TEST_F(ApiWriteTest, CookiesAreSecureBehindALocalHttpsProxyOnly) {
  auto login_from = [&](const std::string& address, const std::string& peer = "") {
    Request req{http::verb::post, "/api/v1/session", 11};
    req.set(http::field::content_type, "application/json");
    req.set("X-Forwarded-Proto", "https");
    req.body() = R"({"username": "clerk1", "password": "correct horse battery"})";
    req.prepare_payload();
    return std::string(render(router_->handle(req, {address, false, peer}))[http::field::set_cookie]);
  };
  EXPECT_NE(login_from("127.0.0.1").find("; Secure"), std::string::npos);
  // The local proxy also named its client (X-Forwarded-For): still that proxy's HTTPS.
  EXPECT_NE(login_from("198.51.100.4", "127.0.0.1").find("; Secure"), std::string::npos);
  // A remote client cannot claim HTTPS by sending the header itself.
  EXPECT_EQ(login_from("198.51.100.4").find("; Secure"), std::string::npos);
}

TEST(LoginThrottle, ForgetsFailuresAfterTheWindow) {
  LoginThrottle throttle(2, 100, std::chrono::seconds(60));
  const auto t0 = LoginThrottle::Clock::now();
  throttle.failed("a", "1.2.3.4", t0);
  throttle.failed("a", "1.2.3.4", t0);
  EXPECT_GT(throttle.retry_after("a", "1.2.3.4", t0), 0);
  EXPECT_EQ(throttle.retry_after("b", "1.2.3.4", t0), 0);
  EXPECT_EQ(throttle.retry_after("a", "1.2.3.4", t0 + std::chrono::seconds(61)), 0);
}

TEST(Passwords, AreHashedWithArgon2id) {
  init_crypto();
  const std::string hash = hash_password("correct horse battery");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse battery"));
  EXPECT_FALSE(verify_password(hash, "correct horse batterz"));
}

}  // namespace
}  // namespace gavel::server
