// Logging in and out. Failed logins are throttled per account and per
// address; an unknown name costs as long as a wrong password.
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <ctime>
#include <variant>

#include "auth.hpp"
#include "client_address.hpp"
#include "responses.hpp"
#include "route_support.hpp"
#include "routes.hpp"

namespace gavel::server {
namespace {

const Text kNotLoggedIn("not logged in", "로그인되어 있지 않습니다");

// Over TLS, or behind a TLS-terminating proxy on this machine that says so.
bool is_https(const Request& req, const RequestContext& ctx) {
  return ctx.secure || (is_loopback(ctx.peer()) && req["X-Forwarded-Proto"] == "https");
}

boost::json::object session_json(const index::Session& s) {
  return {{"username", s.username}, {"role", s.role}, {"csrf_token", s.csrf_token}, {"expires", s.expires}};
}

Reply login(Services& s, const Request& req, const RequestContext& ctx) {
  auto body = json_body(req);
  if (auto* error = std::get_if<Reply>(&body)) return std::move(*error);
  const auto& o = std::get<boost::json::object>(body);
  const auto* user = o.if_contains("username");
  const auto* pass = o.if_contains("password");
  if (!user || !user->is_string() || !pass || !pass->is_string())
    return error_response(req, Errc::bad_input,
                          Text("send username and password", "아이디와 비밀번호를 보내 주세요"));
  const std::string username(user->as_string());
  const std::string password(pass->as_string());

  if (long wait = s.throttle.retry_after(username, ctx.remote_address)) {
    auto res = error_message(req, Errc::too_many_attempts,
                             Text("too many failed logins; try again later",
                                  "로그인에 여러 번 실패했습니다. 잠시 뒤에 다시 시도해 주세요"));
    res.set(http::field::retry_after, std::to_string(wait));
    return res;
  }
  auto account = s.accounts.account(username);
  if (!account) return from_error(req, account.error());
  bool ok = false;
  if (*account)
    ok = verify_password((*account)->password_hash, password);
  else
    burn_password_check();
  if (!ok) {
    s.throttle.failed(username, ctx.remote_address);
    spdlog::warn("failed login for '{}' from {}", username, ctx.remote_address);
    return error_response(req, Errc::bad_credentials,
                          Text("wrong user name or password", "아이디 또는 비밀번호가 틀렸습니다"));
  }
  s.throttle.succeeded(username);
  const std::string token = random_token();
  const double expires = static_cast<double>(std::time(nullptr)) + kSessionSeconds;
  index::Session session{(*account)->id, (*account)->username, (*account)->role, random_token(), expires};
  if (auto r = s.accounts.create_session(token_hash(token), session.account_id, session.csrf_token, expires);
      !r)
    return from_error(req, r.error());
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.set(http::field::set_cookie, session_cookie(token, kSessionSeconds, is_https(req, ctx)));
  auto json = session_json(session);
  json["token"] = token;  // for scripts that send it as a bearer token instead of a cookie
  res.body() = boost::json::serialize(json);
  res.prepare_payload();
  res.keep_alive(req.keep_alive());
  return res;
}

}  // namespace

Reply session_routes(Services& s, const Request& req, const RequestContext& ctx) {
  switch (req.method()) {
    case http::verb::post:
      return login(s, req, ctx);
    case http::verb::get: {
      auto caller = authenticate(s.accounts, req);
      if (!caller) return error_response(req, Errc::unauthorized, kNotLoggedIn);
      return json_response(req, http::status::ok, session_json(caller->session));
    }
    case http::verb::delete_: {
      auto caller = authenticate(s.accounts, req);
      if (!caller) return error_response(req, Errc::unauthorized, kNotLoggedIn);
      if (!passes_csrf(*caller, req))
        return error_response(
            req, Errc::csrf,
            Text("missing or wrong X-CSRF-Token", "보안 토큰(X-CSRF-Token)이 없거나 틀렸습니다"));
      if (auto r = s.accounts.delete_session(caller->token_hash); !r) return from_error(req, r.error());
      http::response<http::empty_body> res{http::status::no_content, req.version()};
      res.set(http::field::set_cookie, session_cookie("", 0, is_https(req, ctx)));
      res.keep_alive(req.keep_alive());
      return res;
    }
    default:
      return method_not_allowed(req, "GET, POST, DELETE");
  }
}

}  // namespace gavel::server
