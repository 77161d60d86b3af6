#include "routes_uploads.hpp"

#include "responses.hpp"
#include "route_support.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <charconv>
#include <ctime>

namespace gavel::server {
namespace {

constexpr std::string_view kPrefix = "/api/v1/uploads";
constexpr const char* kVersion = "1.0.0";

std::string http_date(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

template <class Body>
void tus_headers(http::response<Body>& res) {
  res.set("Tus-Resumable", kVersion);
  res.set(http::field::cache_control, "no-store");
}

std::optional<std::uint64_t> header_number(const RequestHeader& h, std::string_view name) {
  const auto v = h[name];
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

Request as_request(const RequestHeader& header) { return Request(RequestHeader(header)); }

http::message_generator tus_error(const Request& req, http::status status, std::string_view code,
                                  const Text& message) {
  http::response<http::string_body> res{status, req.version()};
  tus_headers(res);
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.body() = boost::json::serialize(boost::json::object{
      {"error", boost::json::object{{"code", code}, {"message", message.in(request_language(req))}}}});
  res.prepare_payload();
  res.keep_alive(req.keep_alive());
  return res;
}

http::message_generator from_upload_error(const Request& req, const Error& e) {
  const Text message = e.text();
  if (e.code == "conflict") return tus_error(req, http::status::conflict, e.code, message);
  if (e.code == "checksum_mismatch") return tus_error(req, static_cast<http::status>(460), e.code, message);
  if (e.code == "too_large") return tus_error(req, http::status::payload_too_large, e.code, message);
  if (e.code == "bad_checksum_algorithm") return tus_error(req, http::status::bad_request, e.code, message);
  if (e.code == "disk_full") return tus_error(req, http::status::insufficient_storage, e.code, message);
  return from_error(req, e);
}

// Every tus request but OPTIONS names the protocol version it speaks.
std::optional<http::message_generator> check_version(const Request& req) {
  if (req["Tus-Resumable"] == kVersion) return std::nullopt;
  http::response<http::string_body> res{http::status::precondition_failed, req.version()};
  res.set("Tus-Version", kVersion);
  res.set(http::field::content_type, "text/plain");
  res.body() = "Tus-Resumable: 1.0.0 is required\n";  // for tus clients, not people
  res.prepare_payload();
  res.keep_alive(req.keep_alive());
  return http::message_generator(std::move(res));
}

http::message_generator options(Services& s, const Request& req) {
  http::response<http::empty_body> res{http::status::no_content, req.version()};
  res.set("Tus-Resumable", kVersion);
  res.set("Tus-Version", kVersion);
  res.set("Tus-Extension", "creation,termination,checksum,expiration");
  res.set("Tus-Checksum-Algorithm", "sha1");
  res.set("Tus-Max-Size", std::to_string(s.uploads.limits().max_size));
  res.keep_alive(req.keep_alive());
  return res;
}

http::message_generator create(Services& s, const Request& req) {
  if (!req["Upload-Defer-Length"].empty())
    return tus_error(req, http::status::bad_request, "bad_input",
                     Text("Upload-Defer-Length is not supported", "Upload-Defer-Length는 지원하지 않습니다"));
  const auto length = header_number(req.base(), "Upload-Length");
  if (!length)
    return tus_error(req, http::status::bad_request, "bad_input",
                     Text("Upload-Length is required", "Upload-Length가 있어야 합니다"));
  if (*length > s.uploads.limits().max_size)
    return tus_error(req, http::status::payload_too_large, "too_large",
                     Text(fmt::format("the file is larger than the {:.3g} GiB upload limit", gib(s.uploads.limits().max_size)),
                          fmt::format("파일이 올릴 수 있는 크기({:.3g} GiB)보다 큽니다", gib(s.uploads.limits().max_size))));
  auto u = s.uploads.create(*length, std::string(req["Upload-Metadata"]));
  if (!u) return from_upload_error(req, u.error());
  http::response<http::empty_body> res{http::status::created, req.version()};
  tus_headers(res);
  res.set(http::field::location, fmt::format("{}/{}", kPrefix, u->id));
  res.set("Upload-Expires", http_date(u->expires));
  res.set("Upload-Offset", "0");
  res.content_length(0);  // without it an HTTP/1.1 client would read until the connection closes
  res.keep_alive(req.keep_alive());
  return res;
}

http::message_generator status(Services& s, const Request& req, const std::string& id) {
  auto u = s.uploads.info(id);
  if (!u) return from_upload_error(req, u.error());
  http::response<http::empty_body> res{http::status::ok, req.version()};
  tus_headers(res);
  res.set("Upload-Offset", std::to_string(u->offset));
  res.set("Upload-Length", std::to_string(u->length));
  res.set("Upload-Expires", http_date(u->expires));
  if (!u->metadata.empty()) res.set("Upload-Metadata", u->metadata);
  if (req.method() != http::verb::head) res.content_length(0);
  res.keep_alive(req.keep_alive());
  return res;
}

}  // namespace

bool is_upload_patch(const RequestHeader& header) {
  return header.method() == http::verb::patch && header.target().substr(0, kPrefix.size() + 1) == "/api/v1/uploads/";
}

http::message_generator uploads_routes(Services& s, const Request& req, std::string_view rest) {
  if (req.method() == http::verb::options) return options(s, req);
  if (auto wrong = check_version(req)) return std::move(*wrong);
  auto caller = require_clerk(s, req);
  if (auto* denied = std::get_if<http::message_generator>(&caller)) return std::move(*denied);
  if (rest.empty()) {
    if (req.method() != http::verb::post) return method_not_allowed(req, "OPTIONS, POST");
    return create(s, req);
  }
  const std::string id(rest.substr(1));
  if (!is_upload_id(id))
    return tus_error(req, http::status::not_found, "not_found", Text("no such upload", "그런 업로드가 없습니다"));
  switch (req.method()) {
    case http::verb::head:
    case http::verb::get:
      return status(s, req, id);
    case http::verb::delete_: {
      if (auto r = s.uploads.remove(id); !r) return from_upload_error(req, r.error());
      http::response<http::empty_body> res{http::status::no_content, req.version()};
      tus_headers(res);
      res.keep_alive(req.keep_alive());
      return res;
    }
    default:
      return method_not_allowed(req, "HEAD, PATCH, DELETE");
  }
}

std::variant<UploadAppend, http::message_generator> begin_upload_patch(Services& s, const RequestHeader& header,
                                                                        std::uint64_t& max_body) {
  Request req = as_request(header);
  req.keep_alive(false);  // a refusal leaves the body unread: the connection must end
  if (auto wrong = check_version(req)) return std::move(*wrong);
  auto caller = require_clerk(s, req);
  if (auto* denied = std::get_if<http::message_generator>(&caller)) return std::move(*denied);
  if (req[http::field::content_type] != "application/offset+octet-stream")
    return tus_error(req, http::status::unsupported_media_type, "unsupported_media_type",
                     "PATCH bodies are application/offset+octet-stream");  // for tus clients, not people
  const auto offset = header_number(header, "Upload-Offset");
  if (!offset)
    return tus_error(req, http::status::bad_request, "bad_input",
                     Text("Upload-Offset is required", "Upload-Offset이 있어야 합니다"));
  const std::string id(header.target().substr(kPrefix.size() + 1));
  auto u = s.uploads.info(id);
  if (!u) return from_upload_error(req, u.error());
  auto append = s.uploads.begin(id, *offset, std::string(header["Upload-Checksum"]));
  if (!append) return from_upload_error(req, append.error());
  max_body = u->length - *offset;
  return std::move(*append);
}

http::message_generator finish_upload_patch(Services& s, const RequestHeader& header, UploadAppend append,
                                            bool body_complete) {
  const Request req = as_request(header);
  auto u = s.uploads.finish(std::move(append), body_complete);
  if (!u) return from_upload_error(req, u.error());
  http::response<http::empty_body> res{http::status::no_content, req.version()};
  tus_headers(res);
  res.set("Upload-Offset", std::to_string(u->offset));
  res.set("Upload-Expires", http_date(u->expires));
  res.keep_alive(req.keep_alive());
  return res;
}

http::message_generator failed_upload_patch(Services&, const RequestHeader& header, const Error& e) {
  Request req = as_request(header);
  req.keep_alive(false);  // the rest of the body is not read: this connection ends
  return from_upload_error(req, e);
}

}  // namespace gavel::server
