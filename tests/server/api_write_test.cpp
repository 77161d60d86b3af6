// The clerk's side of the API: sessions, CSRF, throttling, and every
// write route refusing callers without a session.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth.hpp"
#include "gavel/server/accounts.hpp"
#include "router.hpp"
#include "router_test_support.hpp"

namespace gavel::server {
namespace {

namespace fs = std::filesystem;

class ApiWriteTest : public RouterFixture {
 protected:
  void SetUp() override {
    RouterFixture::SetUp();
    ASSERT_TRUE(add_account(index_->accounts(), "clerk1", "clerk", "correct horse battery"));
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

  http::response<http::string_body> send(
      http::verb verb, const std::string& target, const std::string& body = "",
      const std::string& type = "application/json", bool with_csrf = true,
      const std::vector<std::pair<http::field, std::string>>& headers = {}) {
    Request req{verb, target, 11};
    req.set(http::field::host, "archive.example");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!cookie_.empty()) req.set(http::field::cookie, cookie_);
    if (with_csrf && !csrf_.empty()) req.set("X-CSRF-Token", csrf_);
    if (!body.empty()) req.set(http::field::content_type, type);
    req.body() = body;
    req.prepare_payload();
    return render(router_->handle(req, {"203.0.113.7", false, ""}));
  }

  http::response<http::string_body> get_with_cookie(const std::string& target) {
    return send(http::verb::get, target, "", "", false);
  }

  std::string cookie_, csrf_;
};

TEST_F(ApiWriteTest, EveryWriteRouteNeedsASession) {
  const auto id = add_ready_meeting();
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  const std::pair<http::verb, std::string> routes[] = {{http::verb::post, "/api/v1/meetings"},
                                                       {http::verb::patch, m},
                                                       {http::verb::delete_, m},
                                                       {http::verb::put, m + "/agenda"},
                                                       {http::verb::put, m + "/speakers"},
                                                       {http::verb::put, m + "/programme"},
                                                       {http::verb::put, m + "/recesses"},
                                                       {http::verb::put, m + "/parts"},
                                                       {http::verb::delete_, m + "/parts/1"},
                                                       {http::verb::post, m + "/captions?lang=ko"},
                                                       {http::verb::delete_, "/api/v1/session"},
                                                       {http::verb::get, "/api/v1/jobs/1"}};
  for (const auto& [verb, target] : routes) {
    auto res = send(verb, target, "{}");
    EXPECT_EQ(res.result(), http::status::unauthorized) << target;
  }
  EXPECT_TRUE(index_->archive().meeting(id)->has_value());
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
  EXPECT_EQ(index_->archive().meetings({})->total, 0);
}

TEST_F(ApiWriteTest, AClerkCreatesEditsAndDeletesAMeeting) {
  login();
  auto created =
      send(http::verb::post, "/api/v1/meetings",
           R"({"body": "standing", "committee": "기획행정위원회", "date": "2026-11-20", "number": 3,
                          "title": "기획행정위원회 제3차 회의"})");
  ASSERT_EQ(created.result(), http::status::created) << created.body();
  const auto id = boost::json::parse(created.body()).at("id").as_int64();
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  auto patched = send(http::verb::patch, m, R"j({"title": "기획행정위원회 제3차 회의 (속개)"})j");
  ASSERT_EQ(patched.result(), http::status::ok) << patched.body();
  EXPECT_EQ((*index_->archive().meeting(id))->fields.title, "기획행정위원회 제3차 회의 (속개)");
  EXPECT_EQ((*index_->archive().meeting(id))->fields.committee, "기획행정위원회");
  fs::create_directories(data_.media(id) / "720p");
  EXPECT_EQ(send(http::verb::delete_, m).result(), http::status::no_content);
  EXPECT_FALSE(*index_->archive().meeting(id));
  EXPECT_FALSE(fs::exists(data_.media(id)));
  EXPECT_EQ(send(http::verb::post, "/api/v1/meetings", R"({"body": "council", "title": "x"})").result(),
            http::status::bad_request);
  EXPECT_EQ(send(http::verb::post, "/api/v1/meetings", "body=plenary", "application/x-www-form-urlencoded")
                .result(),
            http::status::unsupported_media_type);
}

TEST_F(ApiWriteTest, AgendaIsValidatedAndReplacedWhole) {
  login();
  const auto id = add_ready_meeting();  // 60 s long
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  auto ok = send(
      http::verb::put, m + "/agenda",
      R"([{"no": 1, "title": "조례안", "start": 5, "end": 20}, {"no": 2, "title": "청원", "start": 20}])");
  ASSERT_EQ(ok.result(), http::status::ok) << ok.body();
  EXPECT_EQ(boost::json::parse(ok.body()).at("agenda").as_array().size(), 2u);
  auto late = send(http::verb::put, m + "/agenda", R"([{"no": 1, "title": "a", "start": 5, "end": 500}])");
  EXPECT_EQ(late.result(), http::status::bad_request);
  EXPECT_NE(late.body().find("agenda[0]"), std::string::npos) << late.body();
  EXPECT_EQ(index_->archive().agenda(id)->size(), 2u);  // the bad file changed nothing
  auto csv = send(http::verb::put, m + "/programme",
                  "kind,no,title,name,role,start,end,result\n"
                  "agenda,1,예산안,,,0:05,0:30,가결\nspeaker,,,김의장,의장,0,5,\n",
                  "text/csv");
  ASSERT_EQ(csv.result(), http::status::ok) << csv.body();
  EXPECT_EQ(index_->archive().agenda(id)->at(0).result, "가결");
  EXPECT_EQ(index_->archive().speakers(id)->at(0).name, "김의장");
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
  EXPECT_EQ(send(http::verb::post, m + "/captions?lang=../x", "WEBVTT\n").result(),
            http::status::bad_request);
  EXPECT_EQ(send(http::verb::post, m + "/captions?lang=en", "not captions").result(),
            http::status::bad_request);
}

TEST_F(ApiWriteTest, WrongPasswordsAreThrottled) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(
        send(http::verb::post, "/api/v1/session", R"({"username": "clerk1", "password": "wrong"})").result(),
        http::status::unauthorized);
  auto limited = send(http::verb::post, "/api/v1/session",
                      R"({"username": "clerk1", "password": "correct horse battery"})");
  EXPECT_EQ(limited.result(), http::status::too_many_requests);
  EXPECT_FALSE(limited[http::field::retry_after].empty());
  // Unknown names answer like wrong passwords.
  auto unknown =
      send(http::verb::post, "/api/v1/session", R"({"username": "nobody", "password": "whatever"})");
  EXPECT_EQ(unknown.result(), http::status::unauthorized);
}

// Login errors in the language of the page that sent the request: Korean
// unless English is asked for.
TEST_F(ApiWriteTest, LoginErrorsSpeakTheRequestsLanguage) {
  const std::string wrong = R"({"username": "clerk1", "password": "wrong"})";
  auto login_as = [&](const char* lang) {
    std::vector<std::pair<http::field, std::string>> headers;
    if (lang) headers.emplace_back(http::field::accept_language, lang);
    return send(http::verb::post, "/api/v1/session", wrong, "application/json", true, headers);
  };
  auto error_of = [](const http::response<http::string_body>& res) {
    return boost::json::parse(res.body()).at("error").as_object();
  };
  const std::pair<const char*, const char*> cases[] = {
      {"ko", "아이디 또는 비밀번호가 틀렸습니다"},
      {nullptr, "아이디 또는 비밀번호가 틀렸습니다"},
      {"en", "wrong user name or password"},
      {"en-US,en;q=0.9,ko;q=0.5", "wrong user name or password"}};
  for (const auto& [lang, expected] : cases) {
    auto res = login_as(lang);
    ASSERT_EQ(res.result(), http::status::unauthorized) << res.body();
    EXPECT_EQ(error_of(res).at("code"), "bad_credentials");
    EXPECT_EQ(error_of(res).at("message"), expected) << (lang ? lang : "no Accept-Language");
  }

  // Past the limit the throttle answers, in the request's language too.
  http::response<http::string_body> limited;
  for (int i = 0; i < 10 && limited.result() != http::status::too_many_requests; ++i)
    limited = login_as("ko-KR");
  ASSERT_EQ(limited.result(), http::status::too_many_requests);
  EXPECT_FALSE(limited[http::field::retry_after].empty());
  EXPECT_EQ(error_of(limited).at("code"), "too_many_attempts");
  EXPECT_EQ(error_of(limited).at("message"), "로그인에 여러 번 실패했습니다. 잠시 뒤에 다시 시도해 주세요");
  EXPECT_EQ(error_of(login_as("en")).at("message"), "too many failed logins; try again later");

  auto session = get_with_cookie("/api/v1/session");
  EXPECT_EQ(session.result(), http::status::unauthorized);
  EXPECT_EQ(error_of(session).at("message"), "로그인되어 있지 않습니다");
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

boost::json::object json_of(const http::response<http::string_body>& res) {
  return boost::json::parse(res.body()).as_object();
}

// The clerk page's lost agenda: two views of one meeting, each writing back
// what it loaded. The second write must be refused, not undo the first.
TEST_F(ApiWriteTest, AWriteWithAStaleIfMatchIsRefusedAndWritesNothing) {
  login();
  const auto id = add_ready_meeting();
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  const auto loaded = json_of(get_with_cookie(m));
  const std::string agenda_tag(loaded.at("etags").at("agenda").as_string());
  const std::string programme_tag(loaded.at("etags").at("programme").as_string());
  auto saved = send(http::verb::put, m + "/agenda", R"([{"no": 1, "title": "새 안건", "start": 3}])",
                    "application/json", true, {{http::field::if_match, agenda_tag}});
  ASSERT_EQ(saved.result(), http::status::ok) << saved.body();
  EXPECT_NE(std::string(saved[http::field::etag]), agenda_tag);
  EXPECT_EQ(std::string(saved[http::field::etag]),
            std::string(json_of(saved).at("etags").at("agenda").as_string()));
  // The other view still holds the old programme and writes all three back.
  auto stale = send(http::verb::put, m + "/programme",
                    R"({"agenda": [], "speakers": [], "recess": [{"start": 1, "end": 2}]})",
                    "application/json", true, {{http::field::if_match, programme_tag}});
  EXPECT_EQ(stale.result(), http::status::precondition_failed) << stale.body();
  EXPECT_EQ(json_of(stale).at("error").at("code"), "stale");
  EXPECT_NE(std::string(json_of(stale).at("error").at("message").as_string()).find("다른 사람"),
            std::string::npos)
      << "Korean by default";
  ASSERT_EQ(index_->archive().agenda(id)->size(), 1u);
  EXPECT_EQ(index_->archive().agenda(id)->at(0).title, "새 안건");
  EXPECT_TRUE(index_->archive().recesses(id)->empty());
  // The same tag twice: the second is stale too.
  EXPECT_EQ(send(http::verb::put, m + "/agenda", "[]", "application/json", true,
                 {{http::field::if_match, agenda_tag}})
                .result(),
            http::status::precondition_failed);
  EXPECT_EQ(send(http::verb::patch, m, R"({"title": "x"})", "application/json", true,
                 {{http::field::if_match, "\"d0000000000000000\""}})
                .result(),
            http::status::precondition_failed);
  EXPECT_NE((*index_->archive().meeting(id))->fields.title, "x");
}

TEST_F(ApiWriteTest, RecessesAreWrittenAloneAndTheAgendaStays) {
  login();
  const auto id = add_ready_meeting();
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  auto before = get_with_cookie(m + "/recesses");
  ASSERT_EQ(before.result(), http::status::ok);
  EXPECT_EQ(before.body(), "[]");
  const std::string tag(before[http::field::etag]);
  ASSERT_FALSE(tag.empty());
  auto put = send(http::verb::put, m + "/recesses", R"([{"start": 30, "end": 40}])", "application/json", true,
                  {{http::field::if_match, tag}});
  ASSERT_EQ(put.result(), http::status::ok) << put.body();
  EXPECT_EQ(index_->archive().recesses(id)->size(), 1u);
  EXPECT_EQ(index_->archive().agenda(id)->size(), 1u) << "the agenda is not touched";
  EXPECT_EQ(index_->archive().speakers(id)->size(), 1u);
  EXPECT_EQ(send(http::verb::put, m + "/recesses", R"([{"start": 50, "end": 40}])").result(),
            http::status::bad_request);
  auto agenda = get_with_cookie(m + "/agenda");
  EXPECT_EQ(boost::json::parse(agenda.body()).as_array().size(), 1u);
  EXPECT_FALSE(std::string(agenda[http::field::etag]).empty());
}

TEST_F(ApiWriteTest, PartsAreRemovedAndReorderedByTheirNumbers) {
  login();
  const auto id = *index_->archive().create_meeting(
      {"plenary", std::nullopt, std::nullopt, std::nullopt, 1, "2026-11-13", "m"});
  fs::create_directories(data_.originals(id));
  for (int i = 1; i <= 3; ++i) {
    const auto name = fmt::format("0{}-part{}.mp4", i, i);
    test::make_clip(data_.originals(id) / name, 1, "160x120", "10");
    ASSERT_TRUE(index_->archive().add_part(id, {i, name, 1}));
  }
  const std::string m = "/api/v1/meetings/" + std::to_string(id);
  const std::string tag(json_of(get_with_cookie(m)).at("etags").at("parts").as_string());
  auto reordered = send(http::verb::put, m + "/parts", R"({"order": [3, 1, 2]})", "application/json", true,
                        {{http::field::if_match, tag}});
  ASSERT_EQ(reordered.result(), http::status::ok) << reordered.body();
  const auto parts = json_of(reordered).at("parts").as_array();
  EXPECT_EQ(parts[0].at("filename"), "03-part3.mp4");
  EXPECT_EQ(parts[2].at("filename"), "02-part2.mp4");
  EXPECT_EQ(send(http::verb::put, m + "/parts", R"({"order": [1, 2]})").result(), http::status::bad_request);
  EXPECT_EQ(
      send(http::verb::delete_, m + "/parts/1", "", "application/json", true, {{http::field::if_match, tag}})
          .result(),
      http::status::precondition_failed);
  auto removed = send(http::verb::delete_, m + "/parts/1");
  ASSERT_EQ(removed.result(), http::status::ok) << removed.body();
  EXPECT_EQ(json_of(removed).at("parts").as_array().size(), 2u);
  EXPECT_FALSE(fs::exists(data_.originals(id) / "03-part3.mp4"));
  EXPECT_EQ(send(http::verb::delete_, m + "/parts/9").result(), http::status::not_found);
  EXPECT_EQ(send(http::verb::delete_, m + "/parts/x").result(), http::status::not_found);
  EXPECT_EQ((*index_->jobs().latest_job_for(id))->state, "queued");
}

TEST_F(ApiWriteTest, AFailedMeetingIsTheClerksBusinessOnly) {
  const auto ready = add_ready_meeting();
  const auto failed = *index_->archive().create_meeting(
      {"plenary", std::nullopt, std::nullopt, std::nullopt, 2, "2026-11-14", "실패한 회의"});
  ASSERT_TRUE(index_->archive().set_status(failed, "failed",
                                           Text("01-x.mp4: cut off at 40%", "01-x.mp4: 40%에서 끊겼습니다")));
  const std::string m = "/api/v1/meetings/" + std::to_string(failed);
  // Citizens: not in the list, and the meeting only says it is not available.
  auto list = json_of(get("/api/v1/meetings"));
  ASSERT_EQ(list.at("total").as_int64(), 1);
  EXPECT_EQ(list.at("meetings").as_array()[0].at("id").as_int64(), ready);
  auto hidden = get(m);
  EXPECT_EQ(hidden.result(), http::status::not_found);
  EXPECT_EQ(json_of(hidden).at("error").at("code"), "not_available");
  EXPECT_EQ(hidden.body().find("cut off"), std::string::npos) << "the reason is the clerk's";
  EXPECT_EQ(get(m + "/agenda").result(), http::status::not_found);
  EXPECT_EQ(get("/api/v1/meetings?status=failed").result(), http::status::unauthorized);
  // Clerks: everything, with the reason in their language.
  login();
  auto all = json_of(get_with_cookie("/api/v1/meetings?status=all"));
  EXPECT_EQ(all.at("total").as_int64(), 2);
  auto seen = json_of(get_with_cookie(m));
  EXPECT_EQ(seen.at("status"), "failed");
  EXPECT_EQ(seen.at("error"), "01-x.mp4: 40%에서 끊겼습니다");
  auto english = send(http::verb::get, m, "", "", false, {{http::field::accept_language, "en-US,en;q=0.9"}});
  EXPECT_EQ(json_of(english).at("error"), "01-x.mp4: cut off at 40%");
}

TEST_F(ApiWriteTest, MessagesComeInTheLanguageAsked) {
  auto korean = send(http::verb::post, "/api/v1/meetings", R"({"body": "plenary", "title": "x"})");
  EXPECT_NE(std::string(json_of(korean).at("error").at("message").as_string()).find("로그인"),
            std::string::npos)
      << korean.body();
  auto english = send(http::verb::post, "/api/v1/meetings", R"({"body": "plenary", "title": "x"})",
                      "application/json", true, {{http::field::accept_language, "en"}});
  EXPECT_EQ(json_of(english).at("error").at("message"), "log in as a clerk first");
  EXPECT_EQ(json_of(english).at("error").at("code"), json_of(korean).at("error").at("code"));
  login();
  auto invalid =
      send(http::verb::post, "/api/v1/meetings", R"({"body": "plenary", "title": "x", "date": "2026-13-01"})",
           "application/json", true, {{http::field::accept_language, "ko-KR,ko;q=0.9,en;q=0.8"}});
  EXPECT_EQ(invalid.result(), http::status::bad_request);
  EXPECT_NE(std::string(json_of(invalid).at("error").at("message").as_string()).find("날짜"),
            std::string::npos);
}

}  // namespace
}  // namespace gavel::server
