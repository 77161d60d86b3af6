#include "route_support.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <charconv>

#include "responses.hpp"

namespace gavel::server {

std::optional<std::string> param(const boost::urls::params_view& query, std::string_view key) {
  auto it = query.find(key);
  if (it == query.end() || !(*it).has_value || (*it).value.empty()) return std::nullopt;
  return std::string((*it).value);
}

std::optional<int> int_param(const boost::urls::params_view& query, std::string_view key, bool& bad) {
  auto text = param(query, key);
  if (!text) return std::nullopt;
  int v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size()) {
    bad = true;
    return std::nullopt;
  }
  return v;
}

Reply from_error(const Request& req, const Error& e) {
  const auto status = http_status(e.code);
  if (status == http::status::internal_server_error) {
    // Not the caller's to fix: logged in full, answered in general.
    spdlog::error("{} {}: {}: {}", std::string(req.method_string()), std::string(req.target()),
                  to_string(e.code), e.message);
    return error_response(req, Errc::internal,
                          Text("the server could not answer", "서버가 답하지 못했습니다"));
  }
  auto res = error_message(req, e.code, e.text());
  if (status == http::status::service_unavailable) res.set(http::field::retry_after, "30");
  return res;
}

Reply method_not_allowed(const Request& req, std::string_view allowed) {
  return error_response(
      req, Errc::method_not_allowed,
      Text(fmt::format("this route answers {}", allowed), fmt::format("이 경로는 {}만 받습니다", allowed)));
}

std::variant<Caller, Reply> require_clerk(Services& s, const Request& req) {
  auto caller = authenticate(s.accounts, req);
  if (!caller) return error_response(req, Errc::unauthorized, kLogInFirst);
  if (caller->session.role != "clerk" && caller->session.role != "admin")
    return error_response(
        req, Errc::forbidden,
        Text("this needs a clerk or admin account", "사무처 또는 관리자 계정이 있어야 합니다"));
  if (!passes_csrf(*caller, req))
    return error_response(req, Errc::csrf,
                          Text("missing or wrong X-CSRF-Token, or a request from another site",
                               "보안 토큰(X-CSRF-Token)이 없거나 틀렸거나, 다른 사이트에서 온 요청입니다"));
  return *caller;
}

bool is_clerk(Services& s, const Request& req) {
  // Most readers carry no credentials: no database look-up for them.
  if (req[http::field::cookie].empty() && req[http::field::authorization].empty()) return false;
  auto caller = authenticate(s.accounts, req);
  return caller && (caller->session.role == "clerk" || caller->session.role == "admin");
}

std::variant<boost::json::object, Reply> json_body(const Request& req) {
  const auto type = req[http::field::content_type];
  if (type.substr(0, 16) != "application/json")
    return error_response(req, Errc::unsupported_media_type,
                          Text("send JSON with Content-Type: application/json",
                               "Content-Type: application/json으로 JSON을 보내 주세요"));
  boost::system::error_code ec;
  auto value = boost::json::parse(req.body(), ec);
  if (ec || !value.is_object())
    return error_response(req, Errc::bad_input,
                          Text("the body is not a JSON object", "본문이 JSON 객체가 아닙니다"));
  return std::move(value.as_object());
}

}  // namespace gavel::server
