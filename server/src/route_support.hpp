#pragma once
// Small pieces every route group uses: query parameters, JSON bodies,
// error mapping and the clerk check.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <variant>

#include "auth.hpp"
#include "beast.hpp"
#include "gavel/result.hpp"
#include "reply.hpp"
#include "services.hpp"

namespace gavel::server {

// What follows `prefix` in a path, when the path starts with it: routes
// match by prefix and hand on the rest, with no offsets counted by hand.
inline std::optional<std::string_view> after_prefix(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return std::nullopt;
  return path.substr(prefix.size());
}

std::optional<std::string> param(const boost::urls::params_view& query, std::string_view key);
// Missing: nullopt; present but not a whole number: sets `bad`.
std::optional<int> int_param(const boost::urls::params_view& query, std::string_view key, bool& bad);

// The status an error code answers with, and the error in the request's
// language ("stale" is 412: someone changed what an If-Match named).
Reply from_error(const Request& req, const Error& e);

inline const Text kLogInFirst("log in as a clerk first", "사무처 계정으로 먼저 로그인하세요");
inline const Text kBadBody(
    "body is plenary, standing or special",
    "회의 구분(body)은 plenary(본회의), standing(상임위원회), special(특별위원회) 중 하나입니다");
Reply method_not_allowed(const Request& req, std::string_view allowed);

// The caller when it may write (a clerk or admin session that passes the
// CSRF check), else the 401/403 response to send.
std::variant<Caller, Reply> require_clerk(Services& s, const Request& req);
// True when the request carries a clerk's or admin's session (reads need
// no CSRF token): clerks also see failed and unfinished meetings.
bool is_clerk(Services& s, const Request& req);

// The request's JSON object body, or the 4xx to send.
std::variant<boost::json::object, Reply> json_body(const Request& req);

}  // namespace gavel::server
