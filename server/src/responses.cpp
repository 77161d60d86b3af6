#include "responses.hpp"

#include <boost/json/serialize.hpp>

#include "request_language.hpp"

namespace gavel::server {
namespace {

template <class Body>
void common_headers(http::response<Body>& res, const Request& req) {
  res.set(http::field::server, "gavel");
  res.keep_alive(req.keep_alive());
}

}  // namespace

http::response<http::string_body> text_message(const Request& req, http::status status,
                                               std::string_view content_type, std::string body) {
  http::response<http::string_body> res{status, req.version()};
  common_headers(res, req);
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  const auto size = body.size();
  if (req.method() != http::verb::head) res.body() = std::move(body);
  res.content_length(size);
  return res;
}

Reply text_response(const Request& req, http::status status, std::string_view content_type,
                    std::string body) {
  return text_message(req, status, content_type, std::move(body));
}

Reply json_response(const Request& req, http::status status, const boost::json::value& body) {
  return text_response(req, status, "application/json; charset=utf-8", boost::json::serialize(body));
}

Language request_language(const Request& req) {
  return language_from_header(req[http::field::accept_language]);
}

http::status http_status(Errc code) {
  switch (code) {
    case Errc::bad_input:
    case Errc::bad_path:
    case Errc::bad_request:
    case Errc::plain_http:
    case Errc::bad_checksum_algorithm:
      return http::status::bad_request;
    case Errc::checksum_mismatch:
      return static_cast<http::status>(460);  // tus's own
    case Errc::too_large:
    case Errc::body_too_large:
      return http::status::payload_too_large;
    case Errc::headers_too_large:
      return http::status::request_header_fields_too_large;
    case Errc::unsupported_media_type:
      return http::status::unsupported_media_type;
    case Errc::method_not_allowed:
      return http::status::method_not_allowed;
    case Errc::not_found:
    case Errc::not_available:
      return http::status::not_found;
    case Errc::conflict:
      return http::status::conflict;
    case Errc::stale:
      return http::status::precondition_failed;
    case Errc::unauthorized:
    case Errc::bad_credentials:
      return http::status::unauthorized;
    case Errc::forbidden:
    case Errc::csrf:
      return http::status::forbidden;
    case Errc::too_many_attempts:
      return http::status::too_many_requests;
    case Errc::http_version:
      return http::status::http_version_not_supported;
    case Errc::disk_full:
      return http::status::insufficient_storage;
    case Errc::busy:
      return http::status::service_unavailable;
    default:
      return http::status::internal_server_error;
  }
}

http::response<http::string_body> error_message(const Request& req, Errc code, const Text& message) {
  boost::json::object err{{"code", to_string(code)}, {"message", message.in(request_language(req))}};
  return text_message(req, http_status(code), "application/json; charset=utf-8",
                      boost::json::serialize(boost::json::object{{"error", std::move(err)}}));
}

Reply error_response(const Request& req, Errc code, const Text& message) {
  return error_message(req, code, message);
}

std::string_view content_type_for(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".m3u8") return "application/vnd.apple.mpegurl";
  if (ext == ".m4s" || ext == ".mp4") return "video/mp4";
  if (ext == ".m4a") return "audio/mp4";
  if (ext == ".vtt") return "text/vtt; charset=utf-8";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".png") return "image/png";
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace gavel::server
