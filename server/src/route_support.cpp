#include "route_support.hpp"

#include "responses.hpp"

#include <boost/json/parse.hpp>
#include <spdlog/spdlog.h>

#include <charconv>

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

http::message_generator from_error(const Request& req, const Error& e) {
  if (e.code == "not_found") return error_response(req, http::status::not_found, e.code, e.message);
  if (e.code == "bad_path" || e.code == "bad_input")
    return error_response(req, http::status::bad_request, e.code, e.message);
  if (e.code == "conflict") return error_response(req, http::status::conflict, e.code, e.message);
  if (e.code == "disk_full") return error_response(req, http::status::insufficient_storage, e.code, e.message);
  if (e.code == "busy") {
    auto res = error_message(req, http::status::service_unavailable, e.code, e.message);
    res.set(http::field::retry_after, "30");
    return res;
  }
  spdlog::error("{} {}: {}", std::string(req.method_string()), std::string(req.target()), e.message);
  return error_response(req, http::status::internal_server_error, "internal", "the server could not answer");
}

http::message_generator method_not_allowed(const Request& req, std::string_view allowed) {
  return error_response(req, http::status::method_not_allowed, "method_not_allowed",
                        std::string("this route answers ") + std::string(allowed));
}

std::variant<Caller, http::message_generator> require_clerk(Services& s, const Request& req) {
  auto caller = authenticate(s.index, req);
  if (!caller) return error_response(req, http::status::unauthorized, "unauthorized", "log in as a clerk first");
  if (caller->session.role != "clerk" && caller->session.role != "admin")
    return error_response(req, http::status::forbidden, "forbidden", "this needs a clerk or admin account");
  if (!passes_csrf(*caller, req))
    return error_response(req, http::status::forbidden, "csrf",
                          "missing or wrong X-CSRF-Token, or a request from another site");
  return *caller;
}

std::variant<boost::json::object, http::message_generator> json_body(const Request& req) {
  const auto type = req[http::field::content_type];
  if (type.substr(0, 16) != "application/json")
    return error_response(req, http::status::unsupported_media_type, "unsupported_media_type",
                          "send JSON with Content-Type: application/json");
  boost::system::error_code ec;
  auto value = boost::json::parse(req.body(), ec);
  if (ec || !value.is_object())
    return error_response(req, http::status::bad_request, "bad_input", "the body is not a JSON object");
  return std::move(value.as_object());
}

}  // namespace gavel::server
